"""My referrals (the referrer's list), one referral's page (its status, timeline and outcome, for
its referrer and for staff) and the confirmation after submitting."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from cscp.audit.access import log_access
from reviews.decision.services import outcome_for_referrer

from .. import selectors
from ..models import ReferralStatus
from ..withdrawal.services import may_request_withdrawal

PER_PAGE = 50


@require_safe
@role_required(Role.REFERRER)
def my_referrals(request):
    page = Paginator(selectors.referrals_for_owner(request.user), PER_PAGE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "drafts": [referral for referral in referrals if referral.is_draft],
        "submitted": [referral for referral in referrals if not referral.is_draft],
    }
    return render(request, "referrals/my_referrals.html", context)


@require_safe
@login_required
def detail(request, reference):
    referral = selectors.referral_for_viewer(request.user, reference, full=True)
    is_owner = referral.created_by_id == request.user.pk
    if not is_owner:
        log_access(request, referral)
    context = {
        "referral": referral,
        "is_owner": is_owner,
        "timeline": (selectors.timeline_for_referrer if is_owner else selectors.timeline_for_staff)(referral),
        # The outcome and the message written for the referrer, once decided. Never the
        # internal rationale. Staff see the whole decision on the triage page.
        "outcome": outcome_for_referrer(referral) if is_owner else None,
        "may_withdraw": is_owner and referral.status == ReferralStatus.SUBMITTED,
        "may_request_withdrawal": is_owner and may_request_withdrawal(referral),
    }
    return render(request, "referrals/detail.html", context)


@require_safe
@login_required
def submitted(request, reference):
    referral = selectors.owned_referral(request.user, reference)
    return render(request, "referrals/submitted.html", {"referral": referral})
