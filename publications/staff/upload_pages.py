"""/publications/<pk>/pages/<n>/: one flagged page of an uploaded report, for the coordinator
who clears it (issue 15 §2): the page as it looks, what OCR read on it and the text a reader
cannot see, and the form to clear it (a coordinator other than the uploader; uploads/services.py)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from cscp.accounts.roles import Role

from ..models import ReadPage
from ..uploads import reading as reader
from ..uploads import services as uploads
from .forms import PageClearForm
from .shortcuts import act_on, on_publication, posted

PREVIEW_DPI = 110  # legible on screen, a few hundred kilobytes


def _page(publication, number) -> ReadPage:
    current = uploads.current_reading(publication) if uploads.is_uploaded(publication) else None
    if current is None:
        raise Http404("No uploaded report has been read")
    return get_object_or_404(current.pages, number=number)


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def upload_page(request, publication, number):
    page = _page(publication, number)
    form = PageClearForm(*posted(request))
    return act_on(
        request,
        publication,
        form,
        lambda data: uploads.page_clear(page, request.user, data["note"]),
        done=f"Page {page.number} cleared.",
        title=f"Page {page.number} of the uploaded report",
        error_field="note",
        context=lambda: {
            "page": page,
            "flag_labels": [reader.FLAG_LABELS[flag] for flag in page.flags],
            "hidden": [
                (reader.HIDDEN_LABELS.get(reason, reason), text) for reason, text in page.hidden.items()
            ],
            "uploaded_by_you": page.reading.uploaded_by_id == request.user.pk,
            "template_page": True,
        },
    )


@require_safe
@never_cache
@on_publication(Role.COORDINATOR)
def upload_page_image(request, publication, number):
    """The page as a reader sees it, made from the rebuilt copy on request (one page, a
    fraction of a second): never stored, never cached."""
    page = _page(publication, number)
    png = reader.page_image(uploads.rebuilt_copy(publication), page.number - 1, dpi=PREVIEW_DPI)
    return HttpResponse(png, content_type="image/png")
