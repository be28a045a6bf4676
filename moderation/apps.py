from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """After the last app migrated (so every permission exists), bring the roles up to date."""
    # Django sends post_migrate once per app that has a models module, in INSTALLED_APPS order.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from .roles import sync_roles

    sync_roles()


def register_page_rules():
    """The page models sit below moderation and import none of it: hand them their permission
    testers and the candidacy's admin form here (dependency inversion, docs/architecture.md)."""
    from candidates.models import CandidacyPage, CapturingActorPage, ProcessPage
    from candidates.page_permissions import register_tester
    from identity.models import PrivacyNoticePage

    from .forms import ModeratedCandidacyPageForm
    from .permissions import (
        AdministratorsOnlyPermissionTester,
        CandidacyPermissionTester,
        CapturingActorPermissionTester,
    )

    CandidacyPage.base_form_class = ModeratedCandidacyPageForm
    register_tester(CandidacyPage, CandidacyPermissionTester)
    register_tester(ProcessPage, AdministratorsOnlyPermissionTester)
    register_tester(CapturingActorPage, CapturingActorPermissionTester)
    register_tester(PrivacyNoticePage, AdministratorsOnlyPermissionTester)


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"
    verbose_name = "Roles y moderación"

    def ready(self):
        from . import media_permissions, notifications, signals

        register_page_rules()
        media_permissions.register()
        signals.connect()
        notifications.connect()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="moderation-sync-roles")
