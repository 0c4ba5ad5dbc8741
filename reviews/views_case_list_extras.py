"""Across the review cases (issue 5 §5): every action of every plan (/reviews/actions/,
members and coordinators). Thin views: the rows come from selectors."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from . import selectors_actions
from .action_plans import plan_editable

PER_PAGE = 50


@require_safe
@role_required(Role.MEMBER, Role.COORDINATOR)
def action_list(request):
    today = timezone.localdate()
    filterset = selectors_actions.action_filter(request.GET)
    rows = selectors_actions.action_rows(filterset.qs, today)
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
