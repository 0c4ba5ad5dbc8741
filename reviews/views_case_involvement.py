"""The coordinator's pages for who took part in a review, under /reviews/<pk>/: agency
contributions, practitioner events, the family's involvement. Looked up through `on_case`, so a
reviewer not appointed to the case gets 404; a closed or not-published case sends the
coordinator back to the case page with a message."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cscp.accounts.roles import Role

from . import case_involvement as services
from .case_transitions import ReviewCaseError
from .forms_case_involvement import (
    ContributionChangeForm,
    ContributionForm,
    ContributionReceivedForm,
    FamilyEngagementForm,
    PractitionerEventForm,
)
from .views_cases import on_case

FORM_PAGE = "reviews/cases/involvement/form.html"


def _page(request, case, form, title, **extra):
    context = {"form": form, "title": title, "caption": case.reference, "case": case, **extra}
    return render(request, FORM_PAGE, context)


def _refuse_read_only(request, case):
    if services.involvement_editable(case):
        return None
    messages.error(request, services.read_only_message(case))
    return redirect("reviews:case", case.pk)


def _act(request, case, form, service, success, anchor, /, **kwargs):
    """Run `service` on a valid form; a domain error goes on the form, nothing changed."""
    try:
        service(by=request.user, **kwargs)
    except ReviewCaseError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, success)
    return redirect(reverse("reviews:case", args=[case.pk]) + f"#{anchor}")


def _fields(form, names):
    return {name: form.cleaned_data[name] for name in names}


# --- Agency contributions ---


def _contribution_on(case, contribution_id):
    return get_object_or_404(case.contributions.select_related("agency", "document"), pk=contribution_id)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def contribution_add(request, case):
    if refused := _refuse_read_only(request, case):
        return refused
    form = ContributionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        success = "Contribution requested."
        done = _act(
            request, case, form, services.contribution_request, success, "contributions", case=case,
            **form.cleaned_data,
        )  # fmt: skip
        if done:
            return done
    return _page(request, case, form, "Request an agency contribution")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def contribution_edit(request, case, contribution_id):
    contribution = _contribution_on(case, contribution_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {name: getattr(contribution, name) for name in services.CONTRIBUTION_FIELDS}
    form = ContributionChangeForm(request.POST or None, case=case, contribution=contribution, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = _fields(form, services.CONTRIBUTION_FIELDS)
        done = _act(
            request, case, form, services.contribution_change, "Contribution saved.", "contributions",
            contribution=contribution, changes=changes,
        )  # fmt: skip
        if done:
            return done
    return _page(request, case, form, "Change the contribution", contribution=contribution)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def contribution_received(request, case, contribution_id):
    contribution = _contribution_on(case, contribution_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {"received_on": contribution.received_on, "document": contribution.document_id}
    form = ContributionReceivedForm(
        request.POST or None, case=case, contribution=contribution, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        done = _act(
            request, case, form, services.contribution_receive, "Contribution received.", "contributions",
            contribution=contribution, **form.cleaned_data,
        )  # fmt: skip
        if done:
            return done
    return _page(request, case, form, "Record the contribution as received", contribution=contribution)


# --- Practitioner events ---


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def practitioner_event_add(request, case):
    if refused := _refuse_read_only(request, case):
        return refused
    form = PractitionerEventForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = _act(
            request, case, form, services.practitioner_event_record, "Practitioner event recorded.",
            "practitioner-events", case=case, **form.cleaned_data,
        )  # fmt: skip
        if done:
            return done
    return _page(request, case, form, "Record a practitioner event")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def practitioner_event_edit(request, case, event_id):
    event = get_object_or_404(case.practitioner_events, pk=event_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS if name != "agencies"}
    initial["agencies"] = list(event.agencies.values_list("pk", flat=True))
    form = PractitionerEventForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _act(
            request, case, form, services.practitioner_event_change, "Practitioner event saved.",
            "practitioner-events", event=event, changes=_fields(form, services.EVENT_FIELDS),
        )  # fmt: skip
        if done:
            return done
    return _page(request, case, form, "Change the practitioner event")


# --- The family's involvement ---


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def family_add(request, case):
    if refused := _refuse_read_only(request, case):
        return refused
    form = FamilyEngagementForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = _act(
            request, case, form, services.family_engagement_add, "Family member's involvement recorded.",
            "family", case=case, **_fields(form, services.FAMILY_FIELDS),
        )  # fmt: skip
        if done:
            return done
    return _page(request, case, form, "Record a family member's involvement")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def family_edit(request, case, engagement_id):
    engagement = get_object_or_404(case.family_engagements, pk=engagement_id)
    if refused := _refuse_read_only(request, case):
        return refused
    initial = {name: getattr(engagement, name) for name in services.FAMILY_FIELDS}
    form = FamilyEngagementForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _act(
            request, case, form, services.family_engagement_change, "Family member's involvement saved.",
            "family", engagement=engagement, changes=_fields(form, services.FAMILY_FIELDS),
        )  # fmt: skip
        if done:
            return done
    return _page(request, case, form, f"Family member: {engagement.relationship}")
