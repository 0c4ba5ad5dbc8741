"""The public reading site: no sign-in, only live publications, nothing of the review case.

Pages read their data through the public cache (one query for the site's version when cached);
the HTML itself is rendered per request, as it carries the visitor's header and the CSP nonce."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..models import Publication, Render
from ..rendering.selectors import current_render, render_bytes
from . import search as report_search
from . import selectors
from .feeds import feed as feed_view

MAX_AGE = 300  # seconds a browser or proxy may keep a public page


def public_headers(request, response, *, max_age=MAX_AGE):
    """Short public caching for anonymous visitors; a signed-in user's page shows who they are,
    so it is theirs alone."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def report_list(request):
    criteria = report_search.parse(request.GET)
    result = report_search.search(criteria)
    page = Paginator(range(result["total"]), report_search.PER_PAGE).get_page(result["page_number"])
    context = {
        "criteria": criteria,
        "result": result,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "max_query": report_search.MAX_QUERY,
    }
    return public_headers(request, render(request, "publications/public/list.html", context))


@require_safe
def report_detail(request, slug):
    page = selectors.publication_page(slug)
    if page["state"] == "missing":
        raise Http404("No such report")
    if page["state"] == "withdrawn":
        response = render(request, "publications/public/withdrawn.html", {"page": page}, status=410)
    else:
        response = render(request, "publications/public/detail.html", {"page": page})
    return public_headers(request, response)


def _pdf(request, slug, kind):
    publication = selectors.live_publication(slug)
    if publication is None or (kind == Render.Kind.REPORT and publication.mode != Publication.Mode.FULL):
        raise Http404("No such document")
    current = current_render(publication, kind)
    if current is None:
        raise Http404("No such document")
    response = HttpResponse(render_bytes(current), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-{kind}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return public_headers(request, response)


@require_safe
def report_pdf(request, slug):
    return _pdf(request, slug, Render.Kind.REPORT)


@require_safe
def briefing_pdf(request, slug):
    return _pdf(request, slug, Render.Kind.BRIEFING)


@require_safe
def feed(request):
    return public_headers(request, feed_view(request))


@require_safe
def learning(request):
    context = {"page": selectors.learning_page()}
    return public_headers(request, render(request, "publications/public/learning.html", context))
