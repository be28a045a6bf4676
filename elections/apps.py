from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = "Catálogos electorales"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import InstituteSettings

        # The kept copy of a site's institute settings (InstituteSettings.for_site).
        for signal in (post_save, post_delete):
            signal.connect(
                InstituteSettings.forget,
                sender=InstituteSettings,
                dispatch_uid=f"institute-settings-{signal is post_save}",
            )
