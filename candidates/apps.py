from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidaturas"

    def ready(self):
        from . import media, ordering, restrictions
        from .models import CandidacyPage
        from .views.profile import profile_context

        media.connect()
        ordering.connect()
        restrictions.connect()
        CandidacyPage.profile_context_builder = profile_context
