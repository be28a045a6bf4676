"""Page permission testers that layer the `rules` business rules over Wagtail's tree permissions.

Wagtail decides *where* a group may work (GroupPagePermission on its actor page); these testers
add *when* (the capture window) and *who among those* (reviewers vs. capturists). Every page type
of the tree returns one of them from `permissions_for_user`: a page type left with Wagtail's
plain tester would let the moderators' "publish" grant on the process page reach it (the probe
of issue #11 unpublished the process page, and with it every candidacy, as `moderador`).
"""

from django.db.models import OneToOneField

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


def _is_one_of_a_kind(page):
    return any(
        isinstance(field, OneToOneField) and not field.remote_field.parent_link
        for field in page._meta.concrete_fields
    )


class AdministratorsOnlyPermissionTester(PagePermissionTester):
    """The site's structure (home, process pages, privacy notice) is the administrators' alone.

    Moderators hold "add", "change", "publish" and "lock" on the process page because they review
    the candidacies below it; Wagtail's permissions are inherited down the tree and cannot exclude
    the page they are granted on, so the exclusion lives here.
    """

    def _administrator(self):
        return self.user.has_perm("candidates.manage_site_structure", self.page)

    def can_add_subpage(self):
        return self._administrator() and super().can_add_subpage()

    def can_edit(self):
        return self._administrator() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._administrator() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._administrator() and super().can_unpublish()

    def can_publish(self):
        return self._administrator() and super().can_publish()

    def can_publish_subpage(self):
        return self._administrator() and super().can_publish_subpage()

    def can_reorder_children(self):
        return self._administrator() and super().can_reorder_children()

    def can_lock(self):
        return self._administrator() and super().can_lock()

    def can_unlock(self):
        return self._administrator() and super().can_unlock()

    def can_copy(self):
        # A copy would claim the same process or party (one-to-one): an integrity error.
        return self._administrator() and not _is_one_of_a_kind(self.page) and super().can_copy()

    def can_view_revisions(self):
        return self._administrator() and super().can_view_revisions()


class CapturingActorPermissionTester(CaptureRulesMixin, AdministratorsOnlyPermissionTester):
    """An actor page is structure too; only adding (and publishing) candidacies below it is shared.

    Capturists add their candidacies here within the capture window; reviewers add and publish
    them at any time. Everything done to the actor page itself is the administrators'.
    """

    def can_add_subpage(self):
        return PagePermissionTester.can_add_subpage(self) and self.may_capture()

    def can_publish_subpage(self):
        return PagePermissionTester.can_publish_subpage(self)
