"""/triage/<reference>/communications/: who was told of the decision. Members see the record;
coordinators add to it and close the referral once the family and the Panel are recorded."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from referrals.models import ReferralStatus
from referrals.services import ReferralStateError

from .communications import communication_record, missing_before_close, referral_close
from .forms_communications import CommunicationForm
from .models import Communication, Decision
from .views_decision import DECIDERS, referral_for_staff, triage_url


@require_http_methods(["GET", "POST"])
@role_required(*DECIDERS)
def communications(request, reference):
    referral = referral_for_staff(reference)
    is_coordinator = request.user.has_role(Role.COORDINATOR)
    form = CommunicationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not is_coordinator:
            messages.error(request, "Only coordinators record who was told of the decision.")
            return redirect("reviews:communications", referral.reference)
        if form.is_valid():
            try:
                communication_record(referral=referral, by=request.user, **form.service_answers())
            except ReferralStateError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Communication recorded.")
                return redirect("reviews:communications", referral.reference)
    return render(request, "reviews/decision/communications.html", _context(referral, form, is_coordinator))


@require_POST
@role_required(Role.COORDINATOR)
def close(request, reference):
    referral = referral_for_staff(reference)
    try:
        referral_close(referral=referral, by=request.user, expected=request.POST.get("expected") or None)
    except ReferralStateError as error:
        messages.error(request, str(error))
        return redirect("reviews:communications", referral.reference)
    messages.success(request, f"Referral {referral.reference} is closed.")
    return redirect(triage_url(referral.reference))


def _context(referral, form, is_coordinator) -> dict:
    decided = referral.status == ReferralStatus.DECIDED
    return {
        "referral": referral,
        "decision": Decision.objects.filter(referral=referral).first(),
        "rows": Communication.objects.filter(referral=referral).select_related("recorded_by"),
        "form": form,
        "may_record": is_coordinator and decided,
        "missing": missing_before_close(referral) if decided else [],
        "may_close": is_coordinator and decided,
        "triage_url": triage_url(referral.reference),
    }
