"""Admin wiring: history entries for logins and withdrawals, and the reviewers' page actions."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter

from . import audit, bulk_actions, urls, visibility  # noqa: F401 - these register hooks
from .forms import SubmissionPolicyForm
from .models import SubmissionPolicy
from .signals import LOGIN, LOGIN_FAILED, UNPUBLISH_WITH_REASON


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("moderacion/", include((urls, "moderation"), namespace="moderation"))]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action(LOGIN)
    class LoginFormatter(LogFormatter):
        label = "Inicio de sesión"

        def format_message(self, log_entry):
            return f"Inició sesión desde {log_entry.data.get('ip') or 'dirección desconocida'}"

    @actions.register_action(LOGIN_FAILED)
    class LoginFailedFormatter(LogFormatter):
        label = "Inicio de sesión fallido"

        def format_message(self, log_entry):
            address = log_entry.data.get("ip") or "dirección desconocida"
            return f"Intento fallido de inicio de sesión desde {address}"

    @actions.register_action(UNPUBLISH_WITH_REASON)
    class WithdrawFormatter(LogFormatter):
        label = "Retiro de publicación"

        def format_message(self, log_entry):
            return f"Publicación retirada. Motivo: {log_entry.data.get('reason', '')}"


class WithdrawPublicationMenuItem(ActionMenuItem):
    label = "Retirar publicación…"
    name = "action-withdraw-publication"
    icon_name = "download"

    def is_shown(self, context):
        if context["view"] != "edit":
            return False
        tester = self.get_user_page_permissions_tester(context)
        return getattr(tester, "can_withdraw_publication", lambda: False)()

    def get_url(self, context):
        return reverse("moderation:withdraw", args=(context["page"].id,))


class CompareWithLiveMenuItem(ActionMenuItem):
    """Reviewers see what would change on the public site before approving."""

    label = "Comparar con la versión publicada"
    name = "action-compare-live"
    icon_name = "history"

    def is_shown(self, context):
        page = context.get("page")
        if context["view"] != "edit" or page is None or not page.live:
            return False
        if not page.has_unpublished_changes:
            return False
        return context["request"].user.has_perm("candidates.review_candidacy", page)

    def get_url(self, context):
        return reverse(
            "wagtailadmin_pages:revisions_compare", args=(context["page"].id, "live", "latest")
        )


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawPublicationMenuItem(order=60)


@hooks.register("register_page_action_menu_item")
def register_compare_menu_item():
    return CompareWithLiveMenuItem(order=70)


@hooks.register("construct_homepage_panels")
def back_office_dashboard(request, panels):
    """Parties get their workspace only; reviewers get the review queue instead of Wagtail's
    "awaiting your review" and "your pages in a workflow" panels."""
    from wagtail.admin.views.home import (
        UserObjectsInWorkflowModerationPanel,
        WorkflowObjectsToModeratePanel,
    )

    from .dashboard import PartyWorkspacePanel, ReviewQueuePanel, actor_pages_of
    from .rules import is_reviewer

    if is_reviewer(request.user):
        replaced = (WorkflowObjectsToModeratePanel, UserObjectsInWorkflowModerationPanel)
        panels[:] = [ReviewQueuePanel(request)] + [
            panel for panel in panels if not isinstance(panel, replaced)
        ]
        return
    actor_pages = actor_pages_of(request.user)
    if actor_pages:
        panels[:] = [PartyWorkspacePanel(request, actor_pages)]


@hooks.register("construct_homepage_summary_items")
def no_site_counts_for_parties(request, summary_items):
    from .dashboard import is_party_capturist

    if is_party_capturist(request.user):
        summary_items[:] = []


@hooks.register("construct_help_menu")
def no_wagtail_release_notes(request, menu_items):
    """Wagtail's editor guide and release notes are in English and about Wagtail, not the IEC's
    procedure."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


class SubmissionPolicyViewSet(ModelViewSet):
    """Administrators decide, per process, which checklist items block a submission (model
    permissions: only the administrators' group holds them)."""

    model = SubmissionPolicy
    icon = "tasks"
    menu_label = "Política de envío a revisión"
    add_to_settings_menu = True
    url_prefix = "politica-de-envio"
    list_display = ["process", "blocking_labels", "updated_at"]
    edit_handler = ObjectList(
        [FieldPanel("process"), FieldPanel("blocking_checks")],
        base_form_class=SubmissionPolicyForm,
    )


@hooks.register("register_admin_viewset")
def register_submission_policy_viewset():
    return SubmissionPolicyViewSet("submission_policy")


class ReviewersMenuItem(MenuItem):
    def is_shown(self, request):
        from .rules import is_reviewer

        return request.user.is_superuser or is_reviewer(request.user)


@hooks.register("register_admin_menu_item")
def register_quality_report_menu_item():
    return ReviewersMenuItem(
        "Calidad de datos",
        reverse("moderation:quality_report"),
        icon_name="warning",
        order=250,
    )
