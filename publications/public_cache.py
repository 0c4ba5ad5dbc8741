"""Caching of the public pages, and the one way to invalidate it.

A cached page's key holds the public site's version (PublicSiteVersion): `bump()`, called in
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


def key(name: str, version: int | None = None) -> str:
    return f"public:{current_version() if version is None else version}:{name}"


def get_or_set(name: str, make, version: int | None = None):
    """The cached value for `name` at the current version, made by `make()` when missing."""
    full_key = key(name, version)
    value = cache.get(full_key)
    if value is None:
        value = make()
        cache.set(full_key, value, TIMEOUT)
    return value
