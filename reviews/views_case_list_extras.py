"""Across the review cases (issue 5 §5, §6): the case list as CSV (/reviews/export.csv,
coordinators) and every action of every plan (/reviews/actions/, members and coordinators).
Thin views: the rows come from selectors, the CSV and its audit entry from case_export."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from . import case_export, selectors_actions, selectors_cases
from .action_plans import plan_editable

PER_PAGE = 50


@require_safe
@role_required(Role.COORDINATOR)
def case_export_csv(request):
    filterset = selectors_cases.ReviewCaseFilter(
        request.GET, queryset=selectors_cases.visible_cases(request.user)
    )
    if filterset.is_bound and not filterset.form.is_valid():
        # Nothing is exported on filters the list would refuse: back to the list, which names them.
        messages.error(request, "The cases were not downloaded. Correct the filters and try again.")
        query = urlencode(list(request.GET.lists()), doseq=True)
        return redirect(f"{reverse('reviews:case_list')}?{query}")
    cases = filterset.qs
    case_export.export_log(request, filters=filterset.in_use(), rows=cases.count())
    response = StreamingHttpResponse(
        case_export.stream(cases, timezone.localdate()), content_type="text/csv; charset=utf-8"
    )
    filename = f"review-cases-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


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
