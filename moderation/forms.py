"""The candidacy editor with the official registration data frozen after the IEC approved it.

Parties set the registration data when they create a candidacy (office, district, sex, birth
date...). Once a moderator has approved and published it, that data is the official record:
only the IEC changes it. The fields stay visible but disabled, so a forged POST is ignored too
(Django uses the stored value for a disabled field).
"""

from candidates.forms import CandidacyPageForm

REGISTRATION_FIELDS = [
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


class ModeratedCandidacyPageForm(CandidacyPageForm):
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
