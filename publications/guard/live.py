"""Live content re-checked (issue 14 §5): everything the public can read (live reports with
their served PDFs, published key messages and national learning links as approved, active
themes) is checked again by the guard nightly, soon after the terms change (a referral in the
register, a protected term added or removed) and by `manage.py recheck_live`. A new hit emails
the coordinators, with what kind of item and a link only (never the term, nor a title, which
may be what holds it), once per hit; the dashboard lists every item with hits. Nothing is
withdrawn automatically: a person decides."""

import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from reviews.models import Theme

from ..models import KeyMessages, LiveCheck, NationalLearningLink, Publication
from . import checks, exceptions

logger = logging.getLogger(__name__)

EMAIL_TEMPLATE = "publications-live-hit"
_QUEUED_KEY = "publications:live-recheck-queued"
RECHECK_DELAY = 60  # seconds: many changes in a row (an import) make one re-check


def live_items():
    yield from Publication.objects.public().select_related("case").prefetch_related("sections")
    yield from KeyMessages.objects.filter(is_published=True).prefetch_related("publications")
    yield from NationalLearningLink.objects.filter(is_published=True)
    yield from Theme.objects.filter(is_active=True)


def hits_of(item) -> list:
    return checks.check(item, live=True)  # what the public reads now


def describe(item) -> tuple[str, str]:
    """(what it is, the staff page's address): no title, which may hold the term."""
    site = settings.CSCP_SITE_URL
    if isinstance(item, Publication):
        return f"Publication {item.pk}", site + reverse("publications:detail", args=[item.pk])
    if isinstance(item, KeyMessages):
        return f"Key messages {item.year}", site + reverse(
            "publications:key_messages_publish", args=[item.year]
        )
    if isinstance(item, NationalLearningLink):
        return f"National learning link {item.pk}", site + reverse("publications:link_edit", args=[item.pk])
    return f"Theme {item.pk}", site + reverse("reviews:theme_change", args=[item.slug])


def recheck_all() -> int:
    """Check every live item; returns how many have hits. Items no longer live lose their row."""
    seen, with_hits, news = set(), 0, []
    for item in live_items():
        content_type = ContentType.objects.get_for_model(item)
        seen.add((content_type.pk, item.pk))
        problem = ""
        try:
            blocking = exceptions.judge(item, hits_of(item)).blocking
        except checks.GuardError as error:
            blocking, problem = [], str(error)[:300]
        keys = sorted({f"{hit.what}|{hit.window}" for hit in blocking})
        state, _ = LiveCheck.objects.get_or_create(content_type=content_type, object_id=item.pk)
        new = [key for key in keys if key not in state.alerted]
        if problem and "problem" not in state.alerted:
            new.append("problem")
        state.alerted = keys + (["problem"] if problem else [])  # a hit gone and back is new again
        state.blocking, state.problem, state.checked_at = len(keys), problem, timezone.now()
        state.matcher_version = checks.MATCHER_VERSION
        state.save()
        if keys or problem:
            with_hits += 1
        if new:
            news.append((item, len(new)))
    stale = [
        pk
        for pk, content_type_id, object_id in LiveCheck.objects.values_list(
            "pk", "content_type_id", "object_id"
        )
        if (content_type_id, object_id) not in seen
    ]
    LiveCheck.objects.filter(pk__in=stale).delete()
    if news:
        _tell_coordinators(news)
    logger.info("live recheck: %s items with hits, %s with new ones", with_hits, len(news))
    return with_hits


def _tell_coordinators(news: list) -> None:
    from cscp.notifications.services import email_enqueue

    items = [
        {"what": what, "url": url, "new": count} for (item, count) in news for what, url in [describe(item)]
    ]
    context = {"items": items, "dashboard_url": settings.CSCP_SITE_URL + reverse("reviews:dashboard")}
    for coordinator in User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct():
        email_enqueue(to=coordinator.email, template=EMAIL_TEMPLATE, context=context, recipient=coordinator)


def queue_recheck() -> None:
    """A re-check soon after this transaction commits (once for many changes in a row)."""

    def queue():
        if cache.add(_QUEUED_KEY, 1, RECHECK_DELAY):
            from ..tasks import recheck_live_content

            try:
                recheck_live_content.apply_async(countdown=RECHECK_DELAY)
            except Exception:  # the broker is down: the nightly re-check still runs
                logger.warning("live recheck: could not queue the re-check", exc_info=True)

    transaction.on_commit(queue)


def with_hits(limit: int | None = None) -> list[dict]:
    """The dashboard's list: the live items with hits (the first `limit`, most hits first), what
    each is and its page. Asked on every dashboard request, so one query for the rows and one
    for each kind of item, however many items have hits (an item gone since its check is left
    out)."""
    rows = list(_with_hits().select_related("content_type")[:limit])
    ids: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        ids[row.content_type_id].add(row.object_id)
    kinds = {row.content_type_id: row.content_type for row in rows}
    items = {
        kind_id: kinds[kind_id].model_class()._default_manager.in_bulk(sorted(wanted))
        for kind_id, wanted in ids.items()
    }
    out = []
    for row in rows:
        item = items[row.content_type_id].get(row.object_id)
        if item is None:
            continue
        what, url = describe(item)
        out.append(
            {
                "what": what,
                "url": url,
                "hits": row.blocking,
                "problem": row.problem,
                "checked_at": row.checked_at,
            }
        )
    return out


def _with_hits():
    return LiveCheck.objects.filter(blocking__gt=0) | LiveCheck.objects.exclude(problem="")


def count_with_hits() -> int:
    return _with_hits().count()


def recheck_if_the_matcher_changed(**kwargs) -> None:
    """After `migrate` (every deployment runs it): a re-check soon, when live content was last
    checked with an older matcher than this code's (checks.MATCHER_VERSION)."""
    from django.db.models import Min

    try:
        oldest = LiveCheck.objects.aggregate(oldest=Min("matcher_version"))["oldest"]
    except Exception:  # the table is not there yet (an earlier migration run)
        return
    if oldest is not None and oldest < checks.MATCHER_VERSION:
        queue_recheck()
