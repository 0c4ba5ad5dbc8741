from auditlog.registry import auditlog

from .models import KeyMessages, ProtectedTerm, Publication, PublicationSection

auditlog.register(Publication, m2m_fields={"themes"})
auditlog.register(PublicationSection)
# The term itself is personal data: the change log records that a term was added or removed.
auditlog.register(ProtectedTerm, exclude_fields=["term"])
auditlog.register(KeyMessages, m2m_fields={"publications"})
