"""The coordinator's pages for a case's recommendations and action plan, under /reviews/<pk>/.
Looked up through `on_case`, so a reviewer not appointed to the case gets 404; a plan that can
no longer be changed sends the coordinator back to the case page with a message."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cscp.accounts.roles import Role

from .action_plans import (
    ACTION_FIELDS,
    RECOMMENDATION_FIELDS,
    action_add,
    action_carry_forward,
    action_change,
    action_close,
    action_update,
    plan_editable,
    recommendation_add,
    recommendation_change,
)
from .cases.pages import on_case
from .cases.transitions import ReviewCaseError
from .forms_action_plans import (
    ACCEPTED_VALUES,
    ActionCloseForm,
    ActionForm,
    ActionUpdateForm,
    CarryForwardForm,
    RecommendationForm,
)
from .models import ActionItem

CLOSED_PLAN = "The action plan cannot be changed while the case is {status}."


def _page(request, case, form, title, **extra):
    context = {"form": form, "title": title, "caption": case.reference, "case": case, **extra}
    return render(request, "reviews/cases/action_form.html", context)


def _refuse_closed_plan(request, case):
    if plan_editable(case):
        return None
    messages.error(request, CLOSED_PLAN.format(status=case.get_status_display().lower()))
    return redirect("reviews:case", case.pk)


def _act(request, case, form, service, success, /, **kwargs):
    """Run `service` on a valid form; a domain error goes on the form, nothing changed."""
    try:
        service(by=request.user, **kwargs)
    except ReviewCaseError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, success)
    return redirect("reviews:case", case.pk)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def recommendation_new(request, case):
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = RecommendationForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RECOMMENDATION_FIELDS}
        done = _act(request, case, form, recommendation_add, "Recommendation added.", case=case, **fields)
        if done:
            return done
    return _page(request, case, form, "Add a recommendation")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def recommendation_edit(request, case, number):
    recommendation = get_object_or_404(case.recommendations, number=number)
    if refused := _refuse_closed_plan(request, case):
        return refused
    accepted = {value: key for key, value in ACCEPTED_VALUES.items()}[recommendation.accepted]
    initial = {
        **{name: getattr(recommendation, name) for name in RECOMMENDATION_FIELDS},
        "accepted": accepted,
    }
    form = RecommendationForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in RECOMMENDATION_FIELDS}
        success = f"Recommendation {number} saved."
        done = _act(
            request, case, form, recommendation_change, success, recommendation=recommendation, **fields
        )
        if done:
            return done
    return _page(request, case, form, f"Recommendation {number}")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def action_new(request, case):
    number = request.GET.get("recommendation", "")
    recommendation = get_object_or_404(
        case.recommendations, number=number if number.isdigit() and len(number) < 6 else 0
    )
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = ActionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = _act(
            request,
            case,
            form,
            action_add,
            "Action added.",
            recommendation=recommendation,
            **form.cleaned_data,
        )
        if done:
            return done
    return _page(request, case, form, f"Add an action to recommendation {recommendation.number}")


def _action_on(case, action_id) -> ActionItem:
    return get_object_or_404(
        ActionItem.objects.select_related("recommendation", "owner_agency"),
        pk=action_id,
        recommendation__case=case,
    )


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def action_detail(request, case, action_id):
    """The action, its updates, and the form for a new update."""
    action = _action_on(case, action_id)
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = ActionUpdateForm(request.POST or None, case=case, initial={"rag": action.rag})
    if request.method == "POST" and form.is_valid():
        done = _act(request, case, form, action_update, "Update added.", action=action, **form.cleaned_data)
        if done:
            return done
    extra = {
        "action": action,
        "updates": list(action.updates.select_related("by")),
        "today": timezone.localdate(),
    }
    return _page(request, case, form, f"Action on recommendation {action.recommendation.number}", **extra)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def action_edit(request, case, action_id):
    action = _action_on(case, action_id)
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = ActionForm(
        request.POST or None, case=case, initial={name: getattr(action, name) for name in ACTION_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        done = _act(
            request, case, form, action_change, "Action saved.", action=action, changes=form.cleaned_data
        )
        if done:
            return done
    return _page(request, case, form, "Change the action", action=action)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def action_close_view(request, case, action_id):
    action = _action_on(case, action_id)
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = ActionCloseForm(request.POST or None, case=case, action=action)
    if request.method == "POST" and form.is_valid():
        done = _act(request, case, form, action_close, "Action closed.", action=action, **form.cleaned_data)
        if done:
            return done
    return _page(request, case, form, "Close the action", action=action)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def action_carry_forward_view(request, case, action_id):
    action = _action_on(case, action_id)
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = CarryForwardForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        success = "Action carried forward."
        done = _act(request, case, form, action_carry_forward, success, action=action, **form.cleaned_data)
        if done:
            return done
    return _page(request, case, form, "Carry the action forward", action=action)
