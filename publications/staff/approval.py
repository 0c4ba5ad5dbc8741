"""Publishing the public texts that are not reports (issue 14 §1): key messages and national
learning links. As for a report: a coordinator edits a draft; a second coordinator, not the
last to change it, approves the version they saw, and only while the anonymisation guard finds
nothing in it; the public then reads that approved copy (the live_ fields), and a later change
waits as a draft for the same approval. Taking an item off the public site needs one
coordinator (it can only make the site say less)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import User

from ..guard import checks, exceptions
from ..models import ApprovedText
from ..public import cache as public_cache
from ..services import PublicationError, check_publisher
from .publishing import LAST_EDITOR, VERSION_CHANGED

NOTHING_WAITING = "Nothing to publish: the public site already shows this version."


@dataclass
class Approval:
    """What the confirm page shows: the guard's hits (each with its "not identifying" mark, or
    None) and why it cannot be published yet."""

    hits: list
    problem: str = ""
    rows: list = field(default_factory=list)


def guard_message(hits: list) -> str:
    count = "1 protected term" if len(hits) == 1 else f"{len(hits)} protected terms"
    places = ", ".join(dict.fromkeys(hit.location for hit in hits))
    return f"Remove every protected term before publishing: {count} found ({places})"


def approval_for(item: ApprovedText, by: User) -> Approval:
    hits = checks.check(item)
    judged = exceptions.judge(item, hits)
    rows = [(hit, judged.mark_of(hit)) for hit in hits]
    if item.is_published and not item.has_changes_waiting:
        return Approval(hits, NOTHING_WAITING, rows)
    if item.updated_by_id == by.pk:
        return Approval(hits, LAST_EDITOR, rows)
    if judged.blocking:
        return Approval(hits, guard_message(judged.blocking), rows)
    return Approval(hits, "", rows)


def approve(item: ApprovedText, by: User, expected_version: int) -> ApprovedText:
    """Publish the draft the approver saw: refused, with nothing changed, unless every check
    passes. The one path by which these texts reach the public."""
    check_publisher(by)
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.version != expected_version:
            raise PublicationError(VERSION_CHANGED)
        if problem := approval_for(locked, by).problem:
            raise PublicationError(problem)
        for field in locked.DRAFT_FIELDS:
            setattr(locked, f"live_{field}", getattr(locked, field))
        locked.is_published, locked.published_by, locked.published_at = True, by, timezone.now()
        locked.save()
        public_cache.bump()
    return locked


def take_down(item: ApprovedText, by: User) -> ApprovedText:
    """Off the public site; the draft stays, to be approved again."""
    check_publisher(by)
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.is_published:
            locked.is_published = False
            for field in locked.DRAFT_FIELDS:
                setattr(locked, f"live_{field}", "")
            locked.save()
            public_cache.bump()
    return locked


def save_draft(item: ApprovedText, by: User, **values) -> ApprovedText:
    """A change to the draft (the public site is untouched until it is approved)."""
    check_publisher(by)
    with transaction.atomic():
        if item.pk:
            item = type(item).objects.select_for_update().get(pk=item.pk)
        changed = any(getattr(item, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(item, name, value)
        if changed or not item.pk:
            item.version = (item.version or 0) + 1 if item.pk else 1
            item.updated_by, item.updated_at = by, timezone.now()
        item.save()
    return item


def remove(item: ApprovedText, by: User) -> None:
    """Deleted, and off the public site if it was there."""
    check_publisher(by)
    with transaction.atomic():
        was_public = item.is_published
        item.delete()
        if was_public:
            public_cache.bump()
