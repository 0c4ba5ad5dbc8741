"""Caching of the public pages, and the one way to invalidate it.

A cached page's key holds the public site's version (PublicSiteVersion, with the moment it
changed): `bump()`, called in
the same transaction as any change the public can see, makes every cached page stale in every
process at once. Reading the version is one primary-key query per public request; the rest of
the page comes from the cache."""

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from .models import PublicSiteVersion

SINGLETON = 1
# Long: entries are never stale (the version is in the key); they simply stop being asked for.
TIMEOUT = 60 * 60 * 24


def current_version() -> int:
    row = PublicSiteVersion.objects.filter(pk=SINGLETON).values_list("version", flat=True).first()
    return row or 0


def bump() -> None:
    """Make every cached public page stale. Call inside the transaction that changes the content."""
    updated = PublicSiteVersion.objects.filter(pk=SINGLETON).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        PublicSiteVersion.objects.get_or_create(pk=SINGLETON, defaults={"version": 2})


def current_state() -> str:
    """The counter and the moment it last changed: what cached pages are keyed by. The moment
    as well as the counter, so that a counter that starts again (a database restored from a
    backup, rebuilt, or flushed between tests) never meets pages cached for other content."""
    row = PublicSiteVersion.objects.filter(pk=SINGLETON).values_list("version", "changed_at").first()
    return f"{row[0]}-{row[1].timestamp():.6f}" if row else "0"


def key(name: str, state: str | None = None) -> str:
    return f"public:{current_state() if state is None else state}:{name}"


def get_or_set(name: str, make, state: str | None = None):
    """The cached value for `name` in the current state, made by `make()` when missing."""
    full_key = key(name, state)
    value = cache.get(full_key)
    if value is None:
        value = make()
        cache.set(full_key, value, TIMEOUT)
    return value
