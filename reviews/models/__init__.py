"""The Review Group's tables (domain.md §2, §4, §5, §7), one module per capability, all
imported from here: `from reviews.models import Triage`. Migrations import
`reviews.models._case_document_path`, so it stays importable here too."""

from .actions import (
    ActionItem,
    ActionUpdate,
    Recommendation,
)
from .cases import (
    Methodology,
    ProgressCheck,
    Rag,
    ReviewCase,
    ReviewCaseEvent,
    ReviewerAppointment,
    ReviewReferenceCounter,
    ReviewStatus,
    ReviewType,
)
from .casework import (
    CaseworkVersion,
)
from .decision import (
    OUTCOME_REVIEW_TYPES,
    Communication,
    Decision,
    DecisionOutcome,
)
from .documents import (
    CaseDocument,
    CaseDocumentVersion,
    DocumentKind,
    _case_document_path,
)
from .involvement import (
    AgencyContribution,
    FamilyEngagement,
    PractitionerEvent,
)
from .themes import (
    Theme,
)
from .triage import (
    ClockState,
    ConflictOfInterest,
    InformationRequest,
    RapidReview,
    ReferralLink,
    Triage,
)

__all__ = [
    "OUTCOME_REVIEW_TYPES",
    "ActionItem",
    "ActionUpdate",
    "AgencyContribution",
    "CaseDocument",
    "CaseDocumentVersion",
    "CaseworkVersion",
    "ClockState",
    "Communication",
    "ConflictOfInterest",
    "Decision",
    "DecisionOutcome",
    "DocumentKind",
    "FamilyEngagement",
    "InformationRequest",
    "Methodology",
    "PractitionerEvent",
    "ProgressCheck",
    "Rag",
    "RapidReview",
    "Recommendation",
    "ReferralLink",
    "ReviewCase",
    "ReviewCaseEvent",
    "ReviewReferenceCounter",
    "ReviewStatus",
    "ReviewType",
    "ReviewerAppointment",
    "Theme",
    "Triage",
    "_case_document_path",
]
