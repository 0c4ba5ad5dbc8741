"""The history page: every recorded change and view of one record, for coordinators."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cscp.accounts.decorators import role_required

from .history import HISTORY_ROLES, audited_model, entries_for, history_row, record_key

PER_PAGE = 50


@require_safe
@role_required(*HISTORY_ROLES)
def history(request, app_label, model, pk):
    # Not logged as an access: the page shows the trail, not the record.
    model_class = audited_model(app_label, model)
    key = record_key(model_class, pk) if model_class else None
    if key is None:
        raise Http404("No such audited record")
    page = Paginator(entries_for(model_class, key), PER_PAGE).get_page(request.GET.get("page"))
    if page.object_list:
        record = page.object_list[0].object_repr
    else:
        # No entries (or a page past the end): the record must at least exist.
        record = model_class._default_manager.filter(pk=key).first()
        if record is None:
            raise Http404("No such audited record")
    context = {
        "model_name": model_class._meta.verbose_name,
        "record": str(record),
        "rows": [history_row(entry) for entry in page.object_list],
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "audit/history.html", context)
