from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "conoceles_api"
    verbose_name = "API de consulta"
