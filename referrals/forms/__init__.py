"""The referral form's pages (style.md 9: forms validate, they do not call services)."""

from .base import DraftForm
from .documents import DocumentForm
from .items import AgencyInvolvedForm, ChildForm, FamilyMemberForm
from .sections import (
    AboutYouForm,
    ConcernsForm,
    CriteriaForm,
    DeclarationForm,
    FamilyToldForm,
    MediaForm,
    ParallelProcessesForm,
    SafeguardingLeadForm,
    WhatHappenedForm,
)

__all__ = [
    "AboutYouForm",
    "AgencyInvolvedForm",
    "ChildForm",
    "ConcernsForm",
    "CriteriaForm",
    "DeclarationForm",
    "DocumentForm",
    "DraftForm",
    "FamilyMemberForm",
    "FamilyToldForm",
    "MediaForm",
    "ParallelProcessesForm",
    "SafeguardingLeadForm",
    "WhatHappenedForm",
]
