from auditlog.registry import auditlog

from .models import Agency, AllowedDomain, User

auditlog.register(Agency)
auditlog.register(AllowedDomain)
auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
