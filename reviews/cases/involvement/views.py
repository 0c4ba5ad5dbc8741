"""The coordinator's pages for who took part in a review, under /reviews/<reference>/: agency
contributions, practitioner events, the family's involvement. Looked up through `on_case`, so a
reviewer not appointed to the case gets 404; a closed or not-published case sends the
coordinator back to the case page with a message."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from cscp.accounts.roles import Role

from ...lateness import CONTRIBUTION, REASON_QUESTIONS, contribution_step
from ..forms import LateReasonForm
from ..pages import LATE_REASON_TEMPLATE, act_then_case, form_page, on_case
from . import contributions, services
from .forms import (
    ContributionChangeForm,
    ContributionForm,
    ContributionReceivedForm,
    FamilyEngagementForm,
    PractitionerEventForm,
)

FORM_PAGE = "reviews/cases/involvement/form.html"


def _page(request, case, form, title, **extra):
    return form_page(request, case, form, title, template=FORM_PAGE, **extra)


def _refuse_read_only(request, case):
    if services.involvement_editable(case):
        return None
    messages.error(request, services.read_only_message(case))
    return redirect("reviews:case", case.reference)


def _only(data: dict, names) -> dict:
    return {name: data[name] for name in names}


# --- Agency contributions ---


def _contribution_on(case, contribution_id):
    return get_object_or_404(case.contributions.select_related("agency", "document"), pk=contribution_id)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def contribution_add(request, case):
    if refused := _refuse_read_only(request, case):
        return refused
    form = ContributionForm(request.POST or None, case=case)
    done = act_then_case(
        request, case, form,
        lambda data: contributions.contribution_request(case=case, by=request.user, **data),
        "Contribution requested.", anchor="contributions",
    )  # fmt: skip
    return done or _page(request, case, form, "Request an agency contribution")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def contribution_edit(request, case, contribution_id):
    contribution = _contribution_on(case, contribution_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {name: getattr(contribution, name) for name in contributions.CONTRIBUTION_FIELDS}
    form = ContributionChangeForm(request.POST or None, case=case, contribution=contribution, initial=initial)
    done = act_then_case(
        request, case, form,
        lambda data: contributions.contribution_change(
            contribution=contribution, by=request.user, changes=_only(data, contributions.CONTRIBUTION_FIELDS)
        ),
        "Contribution saved.", anchor="contributions",
    )  # fmt: skip
    return done or _page(request, case, form, "Change the contribution", contribution=contribution)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def contribution_received(request, case, contribution_id):
    contribution = _contribution_on(case, contribution_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {
        "received_on": contribution.received_on,
        "document": contribution.document_id,
        "late_reason": contribution.late_reason,
    }
    form = ContributionReceivedForm(
        request.POST or None, case=case, contribution=contribution, initial=initial
    )
    done = act_then_case(
        request, case, form,
        lambda data: contributions.contribution_receive(contribution=contribution, by=request.user, **data),
        "Contribution received.", anchor="contributions",
    )  # fmt: skip
    return done or _page(
        request, case, form, "Record the contribution as received", contribution=contribution
    )


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def contribution_late_reason(request, case, contribution_id):
    """Why a contribution came late: only for one received after its due date."""
    contribution = _contribution_on(case, contribution_id)
    step = contribution_step(contribution)
    if not step.is_late:
        raise Http404("That contribution did not come late")
    if refused := _refuse_read_only(request, case):
        return refused
    form = LateReasonForm(
        request.POST or None, case=case, question=REASON_QUESTIONS[CONTRIBUTION], reason=step.reason
    )
    done = act_then_case(
        request, case, form,
        lambda data: contributions.contribution_late_reason_record(
            contribution=contribution, by=request.user, reason=data["reason"]
        ),
        "The reason the contribution came late has been saved.", anchor="contributions",
    )  # fmt: skip
    return done or form_page(
        request, case, form, "Why the contribution came late", template=LATE_REASON_TEMPLATE,
        step=step, contribution=contribution,
    )  # fmt: skip


# --- Practitioner events ---


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def practitioner_event_add(request, case):
    if refused := _refuse_read_only(request, case):
        return refused
    form = PractitionerEventForm(request.POST or None, case=case)
    done = act_then_case(
        request, case, form,
        lambda data: services.practitioner_event_record(case=case, by=request.user, **data),
        "Practitioner event recorded.", anchor="practitioner-events",
    )  # fmt: skip
    return done or _page(request, case, form, "Record a practitioner event")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def practitioner_event_edit(request, case, event_id):
    event = get_object_or_404(case.practitioner_events, pk=event_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS if name != "agencies"}
    initial["agencies"] = list(event.agencies.values_list("pk", flat=True))
    form = PractitionerEventForm(request.POST or None, case=case, initial=initial)
    done = act_then_case(
        request, case, form,
        lambda data: services.practitioner_event_change(
            event=event, by=request.user, changes=_only(data, services.EVENT_FIELDS)
        ),
        "Practitioner event saved.", anchor="practitioner-events",
    )  # fmt: skip
    return done or _page(request, case, form, "Change the practitioner event")


# --- The family's involvement ---


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def family_add(request, case):
    if refused := _refuse_read_only(request, case):
        return refused
    form = FamilyEngagementForm(request.POST or None, case=case)
    done = act_then_case(
        request, case, form,
        lambda data: services.family_engagement_add(
            case=case, by=request.user, **_only(data, services.FAMILY_FIELDS)
        ),
        "Family member's involvement recorded.", anchor="family",
    )  # fmt: skip
    return done or _page(request, case, form, "Record a family member's involvement")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def family_edit(request, case, engagement_id):
    engagement = get_object_or_404(case.family_engagements, pk=engagement_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {name: getattr(engagement, name) for name in services.FAMILY_FIELDS}
    form = FamilyEngagementForm(request.POST or None, case=case, initial=initial)
    done = act_then_case(
        request, case, form,
        lambda data: services.family_engagement_change(
            engagement=engagement, by=request.user, changes=_only(data, services.FAMILY_FIELDS)
        ),
        "Family member's involvement saved.", anchor="family",
    )  # fmt: skip
    return done or _page(request, case, form, f"Family member: {engagement.relationship}")
