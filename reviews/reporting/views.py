"""/dashboard/ (dashboard.py, kept by casework_cache) and /dashboard/annual/ with its CSV: the
figures for the partnership's yearly report (annual.py). The CSV carries counts and medians
only, nothing about a child or a case; it goes through the export's helpers, so it is escaped
and audit-logged like the queue's."""

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from .. import casework_cache
from ..triage import export
from .annual import FIGURES, annual_figures, figure_display
from .dashboard import dashboard_context


@require_safe
@role_required(Role.MEMBER, Role.COORDINATOR)
def dashboard(request):
    today = timezone.localdate()
    return casework_cache.render_page(
        request,
        name="dashboard",
        title="Dashboard",
        today=today,
        scope="staff",  # members and coordinators see the same dashboard
        template="reviews/_dashboard_content.html",
        make_context=lambda: dashboard_context(today),
        fresh=_live_guard_notice(request),
    )


def _live_guard_notice(request) -> str:
    """What the anonymisation guard found in live content on its last re-check (not casework,
    so not kept with the page)."""
    from django.template.loader import render_to_string

    from publications.guard import live

    items = live.with_hits()
    if not items:
        return ""
    return render_to_string("reviews/_live_guard_notice.html", {"items": items}, request)


@require_safe
@role_required(Role.MEMBER, Role.COORDINATOR)
def annual(request):
    context = {
        "years": annual_figures(),
        "this_year": timezone.localdate().year,
        "may_export": request.user.has_role(Role.COORDINATOR),
    }
    return render(request, "reviews/annual.html", context)


def csv_rows(years) -> list[list[str]]:
    return [[str(item.year), *(figure_display(item.values[f.key]) for f in FIGURES)] for item in years]


@require_safe
@role_required(Role.COORDINATOR)
def annual_csv(request):
    rows = csv_rows(annual_figures())
    export.export_log(
        request,
        filters={},
        rows=len(rows),
        export="annual_figures_csv",
        description="Annual figures export (CSV)",
    )
    header = ["Year", *(figure.label for figure in FIGURES)]
    response = StreamingHttpResponse(export.csv_stream(header, rows), content_type="text/csv; charset=utf-8")
    filename = f"annual-figures-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
