"""The referral form's pages (style.md 9: forms validate, they do not call services)."""

from .base import AgencyField, DraftForm, active_agencies
from .circumstances import FamilyToldForm, MediaForm, ParallelProcessesForm
from .incident import ConcernsForm, CriteriaForm, WhatHappenedForm
from .items import AgencyInvolvedForm, ChildForm, FamilyMemberForm
from .referrer import AboutYouForm, DeclarationForm, SafeguardingLeadForm

__all__ = [
    "AboutYouForm",
    "AgencyField",
    "AgencyInvolvedForm",
    "ChildForm",
    "ConcernsForm",
    "CriteriaForm",
    "DeclarationForm",
    "DraftForm",
    "FamilyMemberForm",
    "FamilyToldForm",
    "MediaForm",
    "ParallelProcessesForm",
    "SafeguardingLeadForm",
    "WhatHappenedForm",
    "active_agencies",
]
