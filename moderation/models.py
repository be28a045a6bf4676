"""The moderators' review step: Wagtail's group approval, with observations tied to a section."""

from django import forms
from django.db import transaction

from wagtail.models import AbstractGroupApprovalTask

# The candidacy editor's tabs, in the institute's form order: observations name one of them.
SECTIONS = [
    ("datos-generales", "Datos generales"),
    ("aspiracion", "Aspiración al cargo"),
    ("propuestas", "Propuestas políticas"),
    ("trayectoria", "Trayectoria política"),
    ("historia-profesional", "Historia profesional o laboral"),
]
SECTION_LABELS = dict(SECTIONS)


class RequestChangesForm(forms.Form):
    section = forms.ChoiceField(
        label="Sección que debe corregirse",
        choices=[("", "---------"), *SECTIONS],
    )
    comment = forms.CharField(
        label="Observación",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Qué debe corregir la candidatura en esa sección.",
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(label="Comentario", widget=forms.Textarea, required=False)


def observation_text(section, comment):
    return f"Sección «{SECTION_LABELS[section]}»: {comment.strip()}"


class CandidacyReviewTask(AbstractGroupApprovalTask):
    """Moderators approve (which publishes) or send observations back naming the section."""

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", "Solicitar cambios", True),
                ("approve", "Aprobar", False),
                ("approve", "Aprobar con comentario", True),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "reject":
            return RequestChangesForm
        return ApproveForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "reject":
            section = kwargs.pop("section", "")
            comment = kwargs.pop("comment", "")
            if section in SECTION_LABELS:
                comment = observation_text(section, comment)
            # Return nothing: the workflow view would take a return value for a redirect URL.
            task_state.reject(user=user, comment=comment, **kwargs)
            return None
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Moderadores del IEC: aprueban y publican, o solicitan cambios por sección."

    class Meta:
        verbose_name = "revisión de candidaturas del IEC"
        verbose_name_plural = "revisiones de candidaturas del IEC"
