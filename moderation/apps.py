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


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"
    verbose_name = "Roles y moderación"

    def ready(self):
        from . import media_permissions, notifications, signals

        media_permissions.register()
        signals.connect()
        notifications.connect()
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="moderation-sync-roles")
