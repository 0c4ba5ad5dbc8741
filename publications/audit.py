from auditlog.registry import auditlog

from .models import (
    GuardException,
    KeyMessages,
    NationalLearningLink,
    ProtectedTerm,
    Publication,
    PublicationSection,
)

auditlog.register(Publication, m2m_fields={"themes"})
auditlog.register(PublicationSection)
# The term itself is personal data: the change log records that a term was added or removed.
auditlog.register(ProtectedTerm, exclude_fields=["term"])
auditlog.register(KeyMessages, m2m_fields={"publications"})
auditlog.register(NationalLearningLink)
# Who marked a guard hit as not identifying, who confirmed it, and why (its hashes are not words).
auditlog.register(GuardException)
