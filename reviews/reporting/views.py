"""/dashboard/ (dashboard.py, kept by casework_cache) and /dashboard/annual/ with its CSVs: the
figures for the partnership's yearly report (annual.py) and the timeliness of the statutory
steps (timeliness.py, charted by charts.py). The CSVs carry counts and medians only, nothing
about a child or a case; they go through the export's helpers, so they are escaped and
audit-logged like the queue's."""

from django.http import QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.reauth import recent_second_factor
from cscp.accounts.roles import Role

from .. import casework_cache
from ..triage import export
from . import timeliness
from .annual import FIGURES, annual_figures, figure_display
from .charts import step_chart
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

    items = live.with_hits(limit=LIVE_GUARD_SHOWN)
    if not items:
        return ""
    more = live.count_with_hits() - len(items) if len(items) == LIVE_GUARD_SHOWN else 0
    return render_to_string("reviews/_live_guard_notice.html", {"items": items, "more": more}, request)


# The live items with hits the dashboard names; the rest are counted, with a link to the list.
LIVE_GUARD_SHOWN = 10


@require_safe
@role_required(Role.MEMBER, Role.COORDINATOR)
def annual(request):
    """Kept by casework_cache like the dashboard: the timeliness figures read every triage,
    case and contribution, so they are worked out once per change to the casework (or day)."""
    today = timezone.localdate()
    basis = timeliness.basis_from(request.GET.get("basis"))
    may_export = request.user.has_role(Role.COORDINATOR)
    return casework_cache.render_page(
        request,
        name="annual",
        title="Annual figures",
        today=today,
        scope="coordinator" if may_export else "member",  # coordinators see the CSV links
        template="reviews/_annual_content.html",
        make_context=lambda: annual_context(today, basis, may_export),
        params=QueryDict(f"basis={basis.key}"),  # nothing else in the query string changes it
    )


def annual_context(today, basis: timeliness.Basis, may_export: bool) -> dict:
    figures = timeliness.timeliness_figures(today)[basis.key]
    return {
        "years": annual_figures(),
        "this_year": today.year,
        "may_export": may_export,
        "timeliness": figures,
        "timeliness_sections": [(step, step_chart(step, basis)) for step in figures.steps],
        "other_basis": timeliness.other_basis(basis),
    }


def csv_rows(years) -> list[list[str]]:
    return [[str(item.year), *(figure_display(item.values[f.key]) for f in FIGURES)] for item in years]


def _csv_download(
    request, *, header: list[str], rows: list[list[str]], kind: str, description: str, name: str
):
    """The rows as a streamed CSV (cells escaped), never cached, logged as an export of `kind`."""
    export.export_log(request, filters={}, rows=len(rows), export=kind, description=description)
    response = StreamingHttpResponse(export.csv_stream(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate().isoformat()}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@role_required(Role.COORDINATOR)
@recent_second_factor
def annual_csv(request):
    return _csv_download(
        request,
        header=["Year", *(figure.label for figure in FIGURES)],
        rows=csv_rows(annual_figures()),
        kind="annual_figures_csv",
        description="Annual figures export (CSV)",
        name="annual-figures",
    )


@require_safe
@role_required(Role.COORDINATOR)
@recent_second_factor
def annual_timeliness_csv(request):
    return _csv_download(
        request,
        header=timeliness.CSV_HEADER,
        rows=timeliness.csv_rows(timeliness.timeliness_figures(timezone.localdate())),
        kind="annual_timeliness_csv",
        description="Annual timeliness export (CSV)",
        name="annual-timeliness",
    )
