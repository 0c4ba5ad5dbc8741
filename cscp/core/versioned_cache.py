"""What the public site's cache (publications/public/cache.py) and the staff list pages' cache
(reviews/casework_cache.py) share: a version row (a counter and the moment it last moved) that
every kept value's key holds, so a change makes every kept value stale in every process at
once, and the get-or-make around the cache."""

from django.core.cache import cache


def version_state(model, pk) -> str | None:
    """The counter and the moment it last moved, of the version row `pk` of `model`; None if the
    row is missing. The moment as well as the counter, so that a counter that starts again (a
    database restored from a backup, rebuilt, or flushed between tests) never meets values kept
    for other content."""
    row = model.objects.filter(pk=pk).values_list("version", "changed_at").first()
    return f"{row[0]}-{row[1].timestamp():.6f}" if row else None


def get_or_make(key: str, make, timeout: int):
    """The value kept under `key`, or `make()`'s, kept for `timeout` seconds."""
    value = cache.get(key)
    if value is None:
        value = make()
        cache.set(key, value, timeout)
    return value
