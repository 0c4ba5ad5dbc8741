from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cscp.audit"
    label = "audit"
    verbose_name = "Audit trail"
