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


class ThemeError(Exception):
    """A theme that cannot be saved as it is; `field` is the answer at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def check_public(name: str, description: str) -> None:
    """A theme's name and description are public (the report filters): the anonymisation guard
    reads them against the partnership register (issue 14 §1)."""
    from publications.guard import checks

    for hit in checks.check(Theme(name=name, description=description)):
        field = "name" if hit.location == "Name" else "description"
        raise ThemeError(
            field,
            f"The {hit.location.lower()} holds what looks like a {hit.source[0].lower()}{hit.source[1:]} "
            f"(\u201c{hit.found}\u201d): themes are shown on the public site, so they must not identify anyone",
        )


def theme_create(*, name: str, description: str = "") -> Theme:
    check_public(name, description)
    with transaction.atomic():
        return Theme.objects.create(name=name, slug=unique_slug(name), description=description)


def theme_update(*, theme: Theme, name: str, description: str) -> Theme:
    check_public(name, description)
    # The slug stays: it is in bookmarked filter links and exports.
    theme.name = name
    theme.description = description
    theme.save(update_fields=["name", "description"])
    return theme


def theme_set_active(*, theme: Theme, active: bool) -> Theme:
    theme.is_active = active
    theme.save(update_fields=["is_active"])
    return theme
