"""The decision form, its confirm step (/triage/<reference>/decision/), and who was told
(/triage/<reference>/communications/; issue 4 scope 7-8). Members see who was told;
coordinators add to it and close the referral once the family and the Panel are recorded. Thin views:
GET shows, POST acts through the services, a domain error becomes a message. The answers
typed on the form wait in the session until the decision is recorded, so going back to change
one, or a refused attempt, never loses them."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from referrals.models import Referral, ReferralStatus
from referrals.services import ReferralStateError

from ..models import Communication, Decision
from ..transitions import STATE_CHANGED
from .communications import communication_record, missing_before_close, referral_close
from .forms import CommunicationForm, DecisionForm
from .services import DECIDERS, decision_record, has_conflict
from .similar import similar_to


def triage_url(reference: str) -> str:
    try:
        return reverse("reviews:triage", args=[reference])
    except NoReverseMatch:  # the triage page ships separately; until then, the referral page
        return reverse("referrals:detail", args=[reference])


def referral_for_staff(reference: str) -> Referral:
    referral = Referral.objects.submitted().select_related("created_by").filter(reference=reference).first()
    if referral is None:
        raise Http404("No such referral")
    return referral


def pending_key(referral) -> str:
    return f"decision-pending:{referral.reference}"


def decision_form(referral, data=None) -> DecisionForm:
    return DecisionForm(data, referral=referral, similar_items=similar_to(referral))


def _deciding(view):
    """The decision's views take the referral, once this user may decide it now; otherwise
    the page _refusal gives is shown instead."""

    @wraps(view)
    def wrapped(request, reference):
        referral = referral_for_staff(reference)
        return _refusal(request, referral) or view(request, referral)

    return wrapped


@require_http_methods(["GET", "POST"])
@role_required(*DECIDERS)
@_deciding
def decision(request, referral):
    if request.method == "POST":
        form = decision_form(referral, request.POST)
        if form.is_valid():
            request.session[pending_key(referral)] = _as_lists(request.POST)
            return redirect("reviews:decision_confirm", referral.reference)
    else:
        pending = request.session.get(pending_key(referral))
        form = decision_form(referral, _as_querydict(pending) if pending else None)
    return render(request, "reviews/decision/form.html", _context(referral, form))


@require_http_methods(["GET", "POST"])
@role_required(*DECIDERS)
@_deciding
def decision_confirm(request, referral):
    pending = request.session.get(pending_key(referral))
    form = decision_form(referral, _as_querydict(pending)) if pending else None
    if form is None or not form.is_valid():
        return redirect("reviews:decision", referral.reference)
    if request.method == "POST":
        try:
            made = decision_record(referral=referral, by=request.user, **form.service_answers())
        except ReferralStateError as error:
            messages.error(request, str(error))
        else:
            del request.session[pending_key(referral)]
            messages.success(request, _recorded(made))
            return redirect(triage_url(referral.reference))
    return render(request, "reviews/decision/confirm.html", _context(referral, form))


def _refusal(request, referral):
    """The page to show instead of the form, or None when this user may decide now."""
    if has_conflict(referral, request.user):
        return render(request, "reviews/decision/conflict.html", _context(referral), status=403)
    if referral.status == ReferralStatus.AWAITING_DECISION:
        return None
    if request.method == "POST":
        # A form opened before the referral moved on: say so, change nothing.
        messages.error(request, STATE_CHANGED.format(status=referral.get_status_display().lower()))
        return redirect(triage_url(referral.reference))
    return render(request, "reviews/decision/unavailable.html", _context(referral))


def _context(referral, form=None) -> dict:
    return {"referral": referral, "form": form, "triage_url": triage_url(referral.reference)}


def _recorded(decision) -> str:
    text = f"Decision recorded: {decision.get_outcome_display().lower()}. The referrer has been emailed."
    if decision.review_case_id:
        text += f" Review case {decision.review_case.reference} has been opened."
    return text


def _as_lists(data: QueryDict) -> dict:
    return {key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"}


def _as_querydict(pending: dict) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, values in pending.items():
        data.setlist(key, values)
    return data


# --- Who was told ----------------------------------------------------------------------------


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
    return render(
        request,
        "reviews/decision/communications.html",
        _communications_context(referral, form, is_coordinator),
    )


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


def _communications_context(referral, form, is_coordinator) -> dict:
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
