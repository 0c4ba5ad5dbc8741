from auditlog.registry import auditlog

from .models import AgencyInvolved, Child, FamilyMember, Referral, ReferralDocument

auditlog.register(Referral)
auditlog.register(Child)
auditlog.register(FamilyMember)
auditlog.register(AgencyInvolved)
auditlog.register(ReferralDocument, exclude_fields=["file"])
