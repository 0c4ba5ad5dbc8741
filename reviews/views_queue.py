"""The triage queue (/triage/) and its CSV export (/triage/export.csv). Reads come from
selectors; the page's content is kept by casework_cache; the export's rows and audit entry from export.py."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from . import casework_cache, export, selectors

PER_PAGE = 50


@require_safe
@role_required(Role.MEMBER, Role.COORDINATOR)
def queue(request):
    today = timezone.localdate()
    may_export = request.user.has_role(Role.COORDINATOR)
    return casework_cache.render_page(
        request,
        name="triage-queue",
        title="Triage",
        today=today,
        scope="export" if may_export else "read",
        template="reviews/queue/_content.html",
        make_context=lambda: queue_context(request.GET, today, may_export),
    )


def queue_context(params, today, may_export: bool) -> dict:
    filterset = selectors.queue_filter(params)
    # The page is chosen on the sort keys alone (a subquery of ids, LIMIT 50), and only its 50
    # referrals are joined to what a row shows: PostgreSQL no longer joins every referral in the
    # queue to its rapid review and agency before sorting. Same two queries as a plain page.
    page = Paginator(filterset.qs.values("pk"), PER_PAGE).get_page(params.get("page"))
    referrals = selectors.queue_base().only(*selectors.QUEUE_ROW_FIELDS).filter(pk__in=page.object_list)
    return {
        "filterset": filterset,
        "errors": filterset.form.errors,
        "filter_key": filterset.form_fragment_key(),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": selectors.queue_rows(referrals, today),
        "filtered": bool(filterset.applied()),
        "may_export": may_export,
    }


@require_safe
@role_required(Role.COORDINATOR)
def export_csv(request):
    filterset = selectors.queue_filter(request.GET)
    referrals = filterset.qs
    export.export_log(request, filters=filterset.applied(), rows=referrals.count())
    response = StreamingHttpResponse(
        export.csv_lines(referrals.iterator(chunk_size=export.CHUNK)), content_type="text/csv; charset=utf-8"
    )
    filename = f"triage-queue-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
