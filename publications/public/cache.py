"""Caching of the public pages, and the one way to invalidate it.

A cached page's key holds the public site's version (PublicSiteVersion, with the moment it
changed): `bump()`, called in
the same transaction as any change the public can see, makes every cached page stale in every
process at once. Reading the version is one primary-key query per public request; the rest of
the page comes from the cache."""

from django.db.models import F
from django.utils import timezone

from cscp.core import versioned_cache

from ..models import PublicSiteVersion

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
    """The counter and the moment it last changed: what cached pages are keyed by
    (versioned_cache.version_state)."""
    return versioned_cache.version_state(PublicSiteVersion, SINGLETON) or "0"


def key(name: str, state: str | None = None) -> str:
    return f"public:{current_state() if state is None else state}:{name}"


def get_or_set(name: str, make, state: str | None = None):
    """The cached value for `name` in the current state, made by `make()` when missing."""
    return versioned_cache.get_or_make(key(name, state), make, TIMEOUT)
