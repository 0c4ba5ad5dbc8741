"""The controlled vocabulary of themes, managed by coordinators. A theme is never deleted:
triages, review cases and publications keep pointing at it; a retired one is simply no
longer offered for tagging."""

from django.db import transaction
from django.utils.text import slugify

from ..models import Theme


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """slugify(name), with -2, -3... if another theme has it (two names may slugify alike)."""
    base = slugify(name)[:90] or "theme"
    slug, n = base, 1
    while Theme.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def theme_create(*, name: str, description: str = "") -> Theme:
    with transaction.atomic():
        return Theme.objects.create(name=name, slug=unique_slug(name), description=description)


def theme_update(*, theme: Theme, name: str, description: str) -> Theme:
    # The slug stays: it is in bookmarked filter links and exports.
    theme.name = name
    theme.description = description
    theme.save(update_fields=["name", "description"])
    return theme


def theme_set_active(*, theme: Theme, active: bool) -> Theme:
    theme.is_active = active
    theme.save(update_fields=["is_active"])
    return theme
