from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cscp.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from . import audit  # noqa: F401  registers the models with django-auditlog
