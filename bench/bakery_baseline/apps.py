from django.apps import AppConfig


class BakeryBaselineConfig(AppConfig):
    name = "bakery_baseline"
    label = "bakery_baseline"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Bench baseline: a bakerydemo-style blog"
