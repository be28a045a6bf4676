"""The candidacy editor with the official registration data frozen after the IEC approved it.

Parties set the registration data when they create a candidacy (office, district, sex, birth
date...). Once a moderator has approved and published it, that data is the official record:
only the IEC changes it. The fields stay visible but disabled, so a forged POST is ignored too
(Django uses the stored value for a disabled field).

The candidate's name (the page title) and the slug made from it are part of that record: the
registration list names the person, and the public URL of an approved profile must not move.

Every image or document the editor receives is also checked against the user's "choose"
permission on its collection (see `ChooserPermissionMixin`).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField

from wagtail.admin.forms import WagtailAdminModelForm

from candidates.forms import CandidacyPageForm

from .models import CHECK_CHOICES

REGISTRATION_FIELDS = [
    "title",
    "slug",
    "office",
    "formula_role",
    "district",
    "municipality",
    "list_position",
    "party",
    "coalition",
    "independent",
    "substitute",
    "sex",
    "birth_date",
    "registered_age",
    "affirmative_action",
    "external_id",
]
LOCKED_HELP = "Dato del registro aprobado por el IEC: solo el IEC puede cambiarlo."

IMAGE_NOT_CHOOSABLE = (
    "No puedes usar esta imagen: no está en una colección que tu cuenta pueda elegir. Súbela a la "
    "colección de tu partido y elígela desde el selector."
)
DOCUMENT_NOT_CHOOSABLE = (
    "No puedes usar este documento: no está en una colección que tu cuenta pueda elegir. Súbelo "
    "a la colección de tu partido y elígelo desde el selector."
)


def _chooser_refusals():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return {get_image_model(): IMAGE_NOT_CHOOSABLE, get_document_model(): DOCUMENT_NOT_CHOOSABLE}


class ChooserPermissionMixin:
    """Refuse an image or document the user could not have picked in the chooser.

    The chooser lists only collections the user may "choose" from, but the form field accepts any
    id: the probe of issue #11 attached another party's unpublished photo (and "3 de 3") to its own
    candidacy by posting the id, and after approval the image counted as moderated, so its owner
    lost it. The check asks the policy registered for the model (`moderation.media_permissions`),
    as the choosers do. A value the page already had passes unchecked, so a party can still save
    a page where the IEC attached a file from another collection. Fields are found by type, so a
    new image or document foreign key is covered; a chooser block inside a StreamField is not.
    """

    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if user is None:
            return cleaned_data
        from wagtail.permissions import policy_registry

        refusals = _chooser_refusals()
        for name, field in self.fields.items():
            if field.disabled or not isinstance(field, ModelChoiceField):
                continue
            refusal = refusals.get(field.queryset.model)
            chosen = cleaned_data.get(name)
            if refusal is None or chosen is None or chosen.pk == self.initial.get(name):
                continue
            policy = policy_registry.get_by_type(field.queryset.model)
            if not policy.user_has_permission_for_instance(user, "choose", chosen):
                self.add_error(name, ValidationError(refusal, code="not_choosable"))
                self._show_initial(name)
        return cleaned_data

    def _show_initial(self, name):
        """Re-render the field with the page's own value: the refused one (its title, its
        thumbnail) is another party's and must not be shown back."""
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = self.initial.get(name) or ""


class ModeratedCandidacyPageForm(ChooserPermissionMixin, CandidacyPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or not self.instance.pk:
            return
        tester = self.instance.permissions_for_user(user)
        if getattr(tester, "can_change_registration_data", lambda: True)():
            return
        for name in REGISTRATION_FIELDS:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = LOCKED_HELP

    def _post_clean(self):
        """A party's submission, and a moderator's approval, stop on the checklist items the
        process's policy marks as blocking. Checked on the instance once it holds the typed
        values; the form is shown again with all of them, so nothing is lost. "Guardar
        borrador" is never blocked."""
        super()._post_clean()
        user = getattr(self, "for_user", None)
        if getattr(self, "is_deferred_validation", False) or user is None or self.errors:
            return
        from .checklist import approval_refusal_message, blocking_items, refusal_message
        from .rules import is_reviewer

        if is_reviewer(user) or user.is_superuser:
            # "Aprobar" on the review screen: checked here too, so the moderator's edits come
            # back in the form instead of being saved as a revision nobody may approve.
            if self._is_approval() and (blocked := blocking_items(self.instance)):
                self.add_error(
                    None, ValidationError(approval_refusal_message(blocked), code="blocked")
                )
            return
        blocked = blocking_items(self.instance)
        if blocked:
            self.add_error(None, ValidationError(refusal_message(blocked), code="blocked"))

    def _is_approval(self):
        data = self.data
        return bool(data.get("action-workflow-action")) and (
            data.get("workflow-action-name") == "approve"
        )


class SubmissionPolicyForm(WagtailAdminModelForm):
    """The blocking checks as checkboxes (stored as a JSON list of keys)."""

    blocking_checks = forms.MultipleChoiceField(
        label="Impiden el envío a revisión",
        choices=CHECK_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Lo no marcado solo se muestra como advertencia a partidos y moderadores.",
    )
