from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidaturas"

    def ready(self):
        from . import media

        media.connect()
