from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications and the public site"

    def ready(self):
        from . import audit  # noqa: F401  registers the models with django-auditlog
        from .guard import register

        register.connect()  # the partnership register follows every change to a referral
