"""The decision form, its confirm step, and who was told (issue 4 scope 7-8). Thin views:
GET shows, POST acts through the services, a domain error becomes a message. The answers
typed on the form wait in the session until the decision is recorded, so going back to change
one, or a refused attempt, never loses them."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from cscp.accounts.decorators import role_required
from referrals.models import Referral, ReferralStatus
from referrals.services import ReferralStateError

from .decisions import DECIDERS, decision_record, has_conflict
from .forms_decision import DecisionForm
from .similar import similar_to
from .transitions import STATE_CHANGED


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


@require_http_methods(["GET", "POST"])
@role_required(*DECIDERS)
def decision(request, reference):
    referral = referral_for_staff(reference)
    refused = _refusal(request, referral)
    if refused:
        return refused
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
def decision_confirm(request, reference):
    referral = referral_for_staff(reference)
    refused = _refusal(request, referral)
    if refused:
        return refused
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
