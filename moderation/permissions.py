"""Page permission testers that layer the `rules` business rules over Wagtail's tree permissions.

Wagtail decides *where* a group may work (GroupPagePermission on its actor page); these testers
add *when* (the capture window) and *who among those* (reviewers vs. capturists). Returned by
`permissions_for_user` of CandidacyPage and CapturingActorPage.
"""

from wagtail.models import PagePermissionTester

from .rules import is_party_member_of, process_for

REFUSAL_ATTRIBUTE = "_conoceles_capture_refusal"


def capture_window_message(process):
    if process is None:
        return "La captura de candidaturas no está disponible."
    return (
        f"La captura de {process.name} está cerrada: el periodo de captura es "
        f"{process.capture_window_label()}. Fuera de ese periodo solo el IEC puede hacer cambios."
    )


class CaptureRulesMixin:
    def may_capture(self):
        if self.user.is_superuser:
            return True
        if self.user.has_perm("candidates.capture_candidacy", self.page):
            return True
        if is_party_member_of(self.user, self.page):
            # Read by CaptureWindowMessageMiddleware to explain the refusal.
            setattr(self.user, REFUSAL_ATTRIBUTE, capture_window_message(process_for(self.page)))
        return False

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self.can_edit()


class CandidacyPermissionTester(CaptureRulesMixin, PagePermissionTester):
    def can_edit(self):
        return super().can_edit() and self.may_capture()

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and self.user.has_perm(
            "candidates.delete_candidacy", self.page
        )

    def can_unpublish(self):
        # Reviewers withdraw a candidacy through "Retirar publicación", which asks for a reason.
        return super().can_unpublish() and self.user.is_superuser

    def can_withdraw_publication(self):
        return (
            self.user.is_active
            and self.page.live
            and self.user.has_perm("candidates.unpublish_candidacy", self.page)
        )

    def can_change_registration_data(self):
        return self.user.is_superuser or self.user.has_perm(
            "candidates.change_registration_data", self.page
        )


class CapturingActorPermissionTester(CaptureRulesMixin, PagePermissionTester):
    def can_add_subpage(self):
        return super().can_add_subpage() and self.may_capture()

    def can_edit(self):
        return super().can_edit() and self.user.has_perm("candidates.manage_actor_page", self.page)

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and self.user.has_perm(
            "candidates.delete_actor_page", self.page
        )
