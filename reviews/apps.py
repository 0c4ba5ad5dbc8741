from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Triage, decisions and review cases"

    def ready(self):
        from . import audit  # noqa: F401  registers the models with django-auditlog
