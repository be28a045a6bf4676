"""Edit-form panels that put the review where the party works: observations at the section
they refer to, and what is still missing before "Enviar a revisión" (or before approving).

Referenced from the candidacy's edit handler through PanelPlaceholder, so the page model does
not import the admin at load time.
"""

from wagtail.admin.panels import Panel

from .observations import current_round


class ObservationsPanel(Panel):
    """The moderator's current observations on one section (or, with section=None, all)."""

    def __init__(self, section=None, **kwargs):
        super().__init__(**kwargs)
        self.section = section

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["section"] = self.section
        return kwargs

    @property
    def clean_name(self):
        return f"observaciones-{self.section or 'todas'}"

    class BoundPanel(Panel.BoundPanel):
        template_name = "moderation/panels/observations.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.round = current_round(self.instance) if self.instance is not None else None
            if self.round is None:
                self.observations = []
            elif self.panel.section is None:
                self.observations = self.round.observations
            else:
                self.observations = self.round.for_section(self.panel.section)

        def is_shown(self):
            return bool(self.observations)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                observations=self.observations,
                round=self.round,
                whole=self.panel.section is None,
            )
            return context


class ChecklistPanel(Panel):
    """What the candidacy still lacks, for the party before submitting and the IEC before
    approving; the same rules (candidates.completeness) block the submission itself."""

    @property
    def clean_name(self):
        return "lista-de-revision"

    class BoundPanel(Panel.BoundPanel):
        template_name = "moderation/panels/checklist.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .checklist import checklist

            instance = self.instance
            self.items = checklist(instance) if instance is not None and instance.pk else []

        def is_shown(self):
            return bool(self.items)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["items"] = self.items
            context["blocking"] = [item for item in self.items if item.blocking]
            return context
