"""The moderators' review step (Wagtail's group approval, with observations tied to a section)
and the policy of what blocks a submission."""

from django import forms
from django.db import models, transaction

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
        if action_name == "approve":
            # Approving publishes: it must not go past what the process's policy blocks.
            from .checklist import ApprovalBlocked, approval_blockers

            blocked = approval_blockers(task_state.workflow_state.content_object.specific)
            if blocked:
                raise ApprovalBlocked(blocked)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Moderadores del IEC: aprueban y publican, o solicitan cambios por sección."

    class Meta:
        verbose_name = "revisión de candidaturas del IEC"
        verbose_name_plural = "revisiones de candidaturas del IEC"


# What the review checklist (moderation.checklist) may name; the policy says which ones block.
CHECK_PRIVACY_NOTICE = "privacy_notice"
CHECK_PLACEHOLDERS = "placeholders"
CHECK_UNKNOWN_NETWORKS = "unknown_networks"
CHECK_CHOICES = [
    (CHECK_PRIVACY_NOTICE, "Aceptación del aviso de privacidad vigente"),
    ("photo", "Fotografía"),
    ("contact", "Contacto público"),
    ("motivation", "Aspiración al cargo"),
    ("proposals", "Propuestas"),
    ("gender_proposal", "Propuesta en materia de género"),
    ("political_trajectory", "Trayectoria política"),
    ("professional_history", "Historia profesional o laboral"),
    ("education_level", "Escolaridad"),
    (CHECK_PLACEHOLDERS, "Respuestas sin contenido («N/A», «ninguna», solo signos)"),
    (CHECK_UNKNOWN_NETWORKS, "Enlaces que no son de la red social indicada"),
]
# A process without a policy blocks only on the privacy notice: DOMAIN.md (§2.2) has it accepted
# before the questionnaires open, and it is the one item nobody can fill in later from the data
# (the institute must hold the person's acceptance before publishing anything about them). The
# questionnaire's own rules already refuse incomplete or over-long answers; a missing photo shows
# the neutral avatar (§4), so the rest of the checklist only warns unless a process adds it.
DEFAULT_BLOCKING_CHECKS = [CHECK_PRIVACY_NOTICE]


class SubmissionPolicy(models.Model):
    """Which checklist items stop a party from sending a candidacy to review, per process.

    Kept here rather than on the process (elections) so the institute can change it during
    the capture period without a catalog migration; a process without one uses
    DEFAULT_BLOCKING_CHECKS. Every other item of the checklist only warns.
    """

    process = models.OneToOneField(
        "elections.ElectoralProcess",
        on_delete=models.CASCADE,
        related_name="submission_policy",
        verbose_name="proceso electoral",
    )
    blocking_checks = models.JSONField(
        "impiden el envío a revisión",
        default=list,
        blank=True,
        help_text="Lo no marcado solo se muestra como advertencia.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "política de envío a revisión"
        verbose_name_plural = "políticas de envío a revisión"

    def __str__(self):
        return f"Política de envío: {self.process}"

    def blocking_labels(self):
        labels = dict(CHECK_CHOICES)
        return ", ".join(labels.get(key, key) for key in self.blocking_checks) or "Ninguno"

    blocking_labels.short_description = "Impiden el envío"

    @classmethod
    def blocking_for(cls, process):
        if process is None:
            return set(DEFAULT_BLOCKING_CHECKS)
        policy = cls.objects.filter(process=process).first()
        checks = policy.blocking_checks if policy is not None else DEFAULT_BLOCKING_CHECKS
        return set(checks)
