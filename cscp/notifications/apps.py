from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cscp.notifications"
    label = "notifications"
    verbose_name = "Notifications outbox"
