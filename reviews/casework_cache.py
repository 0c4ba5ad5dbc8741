"""The staff list pages (the triage queue, the review cases, the dashboard) rendered once and
kept until anything they show changes (issue 8: a Review Group working through the queue in a
meeting asks for the same pages again and again; rendering one cost four times the budget).

What such a page shows depends only on the casework rows, the date (clocks turn amber and red
by working day), what was asked (the GET parameters) and what the viewer may see (their scope).
The cache key holds all four. The casework part is CaseworkVersion, which triggers in the
database move on whenever any casework row changes (reviews/casework_triggers.py), whatever
code made the change; so a kept page is never stale, and the request that finds one runs a
single primary-key query beyond signing in. The viewer's role and object checks run on every
request as before: the cache is asked only once they have passed."""

import hashlib
from datetime import date

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cscp.core import versioned_cache

from .models import CaseworkVersion

# Entries never go stale (the version is in the key); they stop being asked for. Short enough
# that pages nobody asks for again leave a memory cache soon.
TIMEOUT = 15 * 60
SINGLETON = 1
SHELL_TEMPLATE = "reviews/cached_page.html"


def current_state() -> str | None:
    """The casework version (versioned_cache.version_state); None if its row is missing, and
    then nothing is kept."""
    return versioned_cache.version_state(CaseworkVersion, SINGLETON)


def params_digest(params) -> str:
    asked = sorted((name, params.getlist(name)) for name in params)
    return hashlib.sha256(repr(asked).encode()).hexdigest()


def get_or_make(name: str, *, today: date, params, scope: str, make):
    """The value kept for page `name` on `today`, asked with `params` by a viewer of `scope`,
    or `make()`'s (kept for the next request)."""
    state = current_state()
    if state is None:
        return make()
    key = f"casework:{state}:{name}:{today.isoformat()}:{scope}:{params_digest(params)}"
    return versioned_cache.get_or_make(key, make, TIMEOUT)


def render_page(
    request,
    *,
    name: str,
    title: str,
    today: date,
    scope: str,
    template: str,
    make_context,
    fresh: str = "",
    params=None,
):
    """Render page `name`: its main content from `template` with `make_context()` (called only
    when nothing is kept), inside the site's page. `make_context()`'s "errors" (the filter form
    had errors) puts "Error:" in the page title, as GOV.UK asks. `fresh`: HTML made on every
    request, shown before the kept content (what the casework tables do not hold). `params`:
    what the page is kept by (the query string unless given)."""

    def make():
        context = make_context()
        return {
            "html": str(render_to_string(template, context, request)),
            "errors": bool(context.get("errors")),
        }

    params = request.GET if params is None else params
    content = get_or_make(name, today=today, params=params, scope=scope, make=make)
    context = {
        "title": title,
        "content": mark_safe(content["html"]),  # noqa: S308 (our own template's output)
        "errors": content["errors"],
        "fresh": fresh,
    }
    return render(request, SHELL_TEMPLATE, context)
