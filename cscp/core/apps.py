from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cscp.core"
    label = "core"
    verbose_name = "Service pages"
