"""Admin form for candidacy pages: runs the questionnaire rules with the right strictness."""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm


class CandidacyPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        from .validation import questionnaire_errors

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
