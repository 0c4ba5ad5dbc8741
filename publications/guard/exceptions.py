"""An honest way past a false positive (issue 14 §4). The guard errs towards a hit; when a hit
does not identify anyone ("Will" in "you will see", a surname that is also a town), a
coordinator marks that one hit as not identifying, with a reason, and a second coordinator
confirms it. The mark covers the term with the five words either side of it, as the guard reads
them (checks.Hit.window): change any of them and the hit is back. A term is never dropped.

Both steps, and removing a mark, are recorded (the publication's timeline, and the change log of
GuardException); a confirmed mark is listed on the publish confirmation."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from cscp.accounts.models import User

from ..models import GuardException, Publication
from ..services import PublicationError, check_publisher, publication_event

SAME_COORDINATOR = "A second coordinator must confirm: you marked this hit"
NO_SUCH_HIT = "That hit is no longer found: the text has changed. Check the publication again."


@dataclass
class Judged:
    """The guard's hits on an item, each with its mark if it has one."""

    blocking: list  # hits with no confirmed mark: they stop publishing
    accepted: list  # (hit, mark): confirmed as not identifying
    marks: dict  # hit key -> GuardException (pending or confirmed)

    def mark_of(self, hit):
        return self.marks.get(hit.key)


def _item_filter(item) -> dict:
    return {"content_type": ContentType.objects.get_for_model(item), "object_id": item.pk}


def judge(item, hits: list) -> Judged:
    """Split the hits into those that block and those two coordinators marked."""
    marks = {
        (m.what, m.window): m
        for m in GuardException.objects.filter(**_item_filter(item)).select_related(
            "marked_by", "confirmed_by"
        )
    }
    blocking, accepted = [], []
    for hit in hits:
        mark = marks.get(hit.key)
        if mark is not None and mark.confirmed_at is not None:
            accepted.append((hit, mark))
        else:
            blocking.append(hit)
    return Judged(blocking, accepted, marks)


def _event(item, action: str, by: User, note: str) -> None:
    if isinstance(item, Publication):
        publication_event(item, action, by, note)


def mark(item, hit, reason: str, by: User) -> GuardException:
    """The first coordinator's mark on a hit the guard finds now (hit: from checking `item`)."""
    check_publisher(by)
    reason = (reason or "").strip()
    if not reason:
        raise PublicationError("Enter why this does not identify anyone")
    try:
        with transaction.atomic():
            created = GuardException.objects.create(
                **_item_filter(item),
                what=hit.what,
                window=hit.window,
                location=hit.location[:120],
                reason=reason,
                marked_by=by,
            )
            _event(
                item, "publication.hit_marked", by, f"Guard hit in {hit.location} marked as not identifying"
            )
    except IntegrityError:
        raise PublicationError("That hit is already marked") from None
    return created


def confirm(exception: GuardException, by: User) -> GuardException:
    check_publisher(by)
    with transaction.atomic():
        locked = GuardException.objects.select_for_update().get(pk=exception.pk)
        if locked.marked_by_id == by.pk:
            raise PublicationError(SAME_COORDINATOR)
        if locked.confirmed_at is None:
            locked.confirmed_by, locked.confirmed_at = by, timezone.now()
            locked.save(update_fields=["confirmed_by", "confirmed_at"])
            _event(
                locked.content_type.get_object_for_this_type(pk=locked.object_id),
                "publication.hit_confirmed",
                by,
                f"Guard hit in {locked.location} confirmed as not identifying",
            )
    return locked


def unmark(exception: GuardException, by: User) -> None:
    """Any coordinator may take a mark away: the hit blocks again."""
    check_publisher(by)
    with transaction.atomic():
        item = exception.content_type.get_object_for_this_type(pk=exception.object_id)
        location = exception.location
        exception.delete()
        _event(item, "publication.hit_unmarked", by, f"Mark on the guard hit in {location} removed")


def find_hit(hits: list, what: str, window: str):
    """The current hit with this key, or PublicationError: a mark is only ever made on a hit
    the guard finds now (never on hashes sent from elsewhere)."""
    for hit in hits:
        if hit.key == (what, window):
            return hit
    raise PublicationError(NO_SUCH_HIT)
