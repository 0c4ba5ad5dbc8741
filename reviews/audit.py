from auditlog.registry import auditlog

from .models import (
    ActionItem,
    ActionUpdate,
    AgencyContribution,
    CaseDocument,
    CaseDocumentVersion,
    Communication,
    ConflictOfInterest,
    Decision,
    FamilyEngagement,
    InformationRequest,
    PractitionerEvent,
    ProgressCheck,
    RapidReview,
    Recommendation,
    ReferralLink,
    ReviewCase,
    ReviewCaseEvent,
    ReviewerAppointment,
    Triage,
)

auditlog.register(Triage, m2m_fields={"themes"})
auditlog.register(RapidReview)
auditlog.register(InformationRequest)
auditlog.register(ConflictOfInterest)
auditlog.register(ReferralLink)
auditlog.register(Decision, m2m_fields={"members_present", "similar_referrals", "similar_reviews"})
auditlog.register(Communication)
auditlog.register(ReviewCase, m2m_fields={"referrals", "themes"})
auditlog.register(ReviewCaseEvent)
auditlog.register(ReviewerAppointment)
auditlog.register(ProgressCheck)
auditlog.register(Recommendation)
auditlog.register(ActionItem)
auditlog.register(ActionUpdate)
auditlog.register(CaseDocument)
# Downloads are logged against the version (cscp.audit.access.log_access needs it registered).
auditlog.register(CaseDocumentVersion)
auditlog.register(AgencyContribution)
auditlog.register(PractitionerEvent, m2m_fields={"agencies"})
auditlog.register(FamilyEngagement)
