"""The action plans' pages (issue 5 §5): every action of every plan (/reviews/actions/, members
and coordinators), and the coordinator's pages for a case's recommendations and action plan,
under /reviews/<reference>/. Those are looked up through `on_case`, so a reviewer not appointed to the
case gets 404; a plan that can no longer be changed sends the coordinator back to the case page
with a message."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from ..cases.pages import act_then_case, form_page, on_case
from ..models import ActionItem
from . import selectors
from .forms import (
    ACCEPTED_VALUES,
    ActionCloseForm,
    ActionForm,
    ActionUpdateForm,
    CarryForwardForm,
    RecommendationForm,
)
from .services import (
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

CLOSED_PLAN = "The action plan cannot be changed while the case is {status}."
FORM_PAGE = "reviews/cases/action_form.html"
PER_PAGE = 50


@require_safe
@role_required(Role.MEMBER, Role.COORDINATOR)
def action_list(request):
    today = timezone.localdate()
    filterset = selectors.action_filter(request.GET)
    rows = selectors.action_rows(filterset.qs, today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    may_open_action = request.user.has_role(Role.COORDINATOR)
    context = {
        "filterset": filterset,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": [
            (action, may_open_action and plan_editable(action.recommendation.case))
            for action in page.object_list
        ],
        "filtered": filterset.applied(),
        "today": today,
    }
    return render(request, "reviews/actions/list.html", context)


# --- A case's plan ---


def _page(request, case, form, title, **extra):
    return form_page(request, case, form, title, template=FORM_PAGE, **extra)


def _refuse_closed_plan(request, case):
    if plan_editable(case):
        return None
    messages.error(request, CLOSED_PLAN.format(status=case.get_status_display().lower()))
    return redirect("reviews:case", case.reference)


def _recommendation_fields(data: dict) -> dict:
    return {name: data[name] for name in RECOMMENDATION_FIELDS}


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def recommendation_new(request, case):
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = RecommendationForm(request.POST or None, case=case)
    done = act_then_case(
        request, case, form,
        lambda data: recommendation_add(case=case, by=request.user, **_recommendation_fields(data)),
        "Recommendation added.",
    )  # fmt: skip
    return done or _page(request, case, form, "Add a recommendation")


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
    done = act_then_case(
        request, case, form,
        lambda data: recommendation_change(
            recommendation=recommendation, by=request.user, **_recommendation_fields(data)
        ),
        f"Recommendation {number} saved.",
    )  # fmt: skip
    return done or _page(request, case, form, f"Recommendation {number}")


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
    done = act_then_case(
        request, case, form,
        lambda data: action_add(recommendation=recommendation, by=request.user, **data),
        "Action added.",
    )  # fmt: skip
    return done or _page(request, case, form, f"Add an action to recommendation {recommendation.number}")


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
    done = act_then_case(
        request, case, form,
        lambda data: action_update(action=action, by=request.user, **data),
        "Update added.",
    )  # fmt: skip
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
    done = act_then_case(
        request, case, form,
        lambda data: action_change(action=action, by=request.user, changes=data),
        "Action saved.",
    )  # fmt: skip
    return done or _page(request, case, form, "Change the action", action=action)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def action_close_view(request, case, action_id):
    action = _action_on(case, action_id)
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = ActionCloseForm(request.POST or None, case=case, action=action)
    done = act_then_case(
        request, case, form,
        lambda data: action_close(action=action, by=request.user, **data),
        "Action closed.",
    )  # fmt: skip
    return done or _page(request, case, form, "Close the action", action=action)


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def action_carry_forward_view(request, case, action_id):
    action = _action_on(case, action_id)
    if refused := _refuse_closed_plan(request, case):
        return refused
    form = CarryForwardForm(request.POST or None, case=case)
    done = act_then_case(
        request, case, form,
        lambda data: action_carry_forward(action=action, by=request.user, **data),
        "Action carried forward.",
    )  # fmt: skip
    return done or _page(request, case, form, "Carry the action forward", action=action)
