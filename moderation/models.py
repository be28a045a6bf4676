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


def note_field_name(section):
    return f"nota_{section.replace('-', '_')}"


class RequestChangesForm(forms.Form):
    """One observation per section, as many sections as need it in one round.

    `section` + `comment` (hidden) still take a single observation, as earlier clients post it.
    """

    section = forms.ChoiceField(
        label="Sección que debe corregirse",
        choices=[("", "---------"), *SECTIONS],
        required=False,
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[note_field_name(key)] = forms.CharField(
                label=f"Observaciones sobre «{label}»",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self):
        cleaned_data = super().clean()
        notes = []
        section, comment = cleaned_data.get("section"), (cleaned_data.get("comment") or "").strip()
        if comment and not section:
            raise forms.ValidationError("Indique la sección a la que se refiere la observación.")
        if section and comment:
            notes.append((section, comment))
        for key, _label in SECTIONS:
            text = (cleaned_data.get(note_field_name(key)) or "").strip()
            if text:
                notes.append((key, text))
        if not notes:
            raise forms.ValidationError(
                "Escriba al menos una observación en la sección que debe corregirse."
            )
        cleaned_data["notes"] = notes
        return cleaned_data


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
            notes = kwargs.pop("notes", None)
            section = kwargs.pop("section", "")
            comment = kwargs.pop("comment", "")
            for key, _label in SECTIONS:
                kwargs.pop(note_field_name(key), None)
            if notes is None:
                notes = [(section, comment)] if section in SECTION_LABELS else []
            if notes:
                comment = "\n".join(observation_text(key, text) for key, text in notes)
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
