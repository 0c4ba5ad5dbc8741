from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = "Publications and the public site"

    def ready(self):
        from . import audit  # noqa: F401  registers the models with django-auditlog
        from .guard import register

        register.connect()  # the partnership register follows every change to a referral

        from django.db.models.signals import post_migrate

        from .guard import live

        post_migrate.connect(
            live.recheck_if_the_matcher_changed, sender=self, dispatch_uid="guard-matcher-version"
        )
