from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Inicio"

    def ready(self):
        """The site root and its information pages are the administrators' alone (see
        candidates.page_permissions)."""
        from candidates.page_permissions import register_tester
        from moderation.permissions import AdministratorsOnlyPermissionTester

        from .models import HomePage, InformationPage

        register_tester(HomePage, AdministratorsOnlyPermissionTester)
        register_tester(InformationPage, AdministratorsOnlyPermissionTester)
        self.forget_cached_sites_on_change()

    @staticmethod
    def forget_cached_sites_on_change():
        """The cached site of each host (site_conoceles.sites) goes with any change of a site,
        move of a page or change of a slug (a site's root page may be the one that changed)."""
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Site
        from wagtail.signals import page_slug_changed, post_page_move

        from site_conoceles.sites import forget_sites

        post_save.connect(forget_sites, sender=Site, dispatch_uid="home-forget-sites")
        post_delete.connect(forget_sites, sender=Site, dispatch_uid="home-forget-sites-d")
        post_page_move.connect(forget_sites, dispatch_uid="home-forget-sites-moved")
        page_slug_changed.connect(forget_sites, dispatch_uid="home-forget-sites-slug")
