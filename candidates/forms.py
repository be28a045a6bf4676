"""Admin form for candidacy pages: runs the questionnaire rules with the right strictness."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm

from .party_choices import is_party_user, limit_choices, siglado_errors
from .slugs import candidacy_slug


class CandidacyPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.actor_page()
        if actor is not None and not self.instance.pk:
            # The page lives under its capturing actor: start from that party or independent.
            for name in ("party", "independent"):
                if name in self.fields and getattr(actor, f"{name}_id"):
                    self.fields[name].initial = getattr(actor, f"{name}_id")
        if actor is not None:
            limit_choices(self, actor, getattr(self, "for_user", None))
        if "slug" in self.fields:
            # Made from the name on the server when left empty (candidates.slugs).
            self.fields["slug"].required = False

    def actor_page(self):
        """The CapturingActorPage this candidacy is (or will be) under, if any."""
        from .models import CapturingActorPage

        parent = getattr(self, "parent_page", None)
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, CapturingActorPage) else None

    def clean(self):
        cleaned_data = super().clean()
        from .validation import questionnaire_errors

        self._fill_actor(cleaned_data)
        self._fill_slug(cleaned_data)
        if is_party_user(getattr(self, "for_user", None)):
            for field, message in siglado_errors(cleaned_data, self.actor_page()).items():
                self.add_error(field if field in self.fields else None, message)

        def get(name):
            if name in self.fields:
                return cleaned_data.get(name)
            return getattr(self.instance, name, None)

        # "Save draft" defers completeness; submitting or publishing checks everything.
        strict = not getattr(self, "is_deferred_validation", False)
        for field, messages in questionnaire_errors(get, strict=strict).items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, ValidationError(message))
        return cleaned_data

    def _fill_slug(self, cleaned_data):
        """Parties never see the slug: a new page gets one from "Nombre completo"."""
        if cleaned_data.get("slug") or self.instance.slug:
            if "slug" in cleaned_data and not cleaned_data["slug"]:
                cleaned_data["slug"] = self.instance.slug
            return
        parent = getattr(self, "parent_page", None) or self.actor_page()
        if parent is None:
            return
        slug = candidacy_slug(cleaned_data.get("title"), parent, self.instance)
        self.instance.slug = slug
        if "slug" in self.fields:
            cleaned_data["slug"] = slug

    def _fill_actor(self, cleaned_data):
        """Default the postulating party to the page's actor, and refuse any other one.

        A coalition candidacy is registered with the member party that captures it (siglado),
        which is the actor page it lives under: a party never files a page for another.
        """
        actor = self.actor_page()
        if actor is None or "party" not in self.fields or "independent" not in self.fields:
            return
        party, independent = cleaned_data.get("party"), cleaned_data.get("independent")
        if party is None and independent is None:
            cleaned_data["party"], cleaned_data["independent"] = actor.party, actor.independent
            return
        if actor.party_id and (party is None or party.pk != actor.party_id):
            self.add_error(
                "party",
                f"Esta candidatura se captura en la sección de {actor.party}: "
                "el partido que postula debe ser ese.",
            )
        if actor.independent_id and (independent is None or independent.pk != actor.independent_id):
            self.add_error(
                "independent",
                f"Esta candidatura se captura en la sección de {actor.independent}.",
            )
