"""What every change to a publication shares (issue 6 §1-§4, domain.md §7.3): coordinators
only (check_publisher), a refusal with its message for the user (PublicationError), the
publication row locked inside the change's transaction (lock_publication), and a row on its
timeline (publication_event). The changes themselves: publications/staff/services.py (starting
and editing), staff/publishing.py (publishing, scheduling, withdrawing), staff/key_messages.py,
guard/services.py (protected terms).

Event notes never hold a protected term or any free text a coordinator typed about the child:
only labels, numbers and locations."""

from cscp.accounts.models import User
from cscp.accounts.roles import Role

from .models import Publication, PublicationEvent

PUBLISHERS = (Role.COORDINATOR,)


class PublicationError(Exception):
    """A change to a publication that is not allowed now; the message is for the user."""


def check_publisher(by: User) -> None:
    if not by.has_role(*PUBLISHERS):
        raise PublicationError("Only coordinators can change a publication.")


def publication_event(
    publication: Publication, action: str, by: User | None, note: str = "", from_status: str = ""
) -> PublicationEvent:
    return PublicationEvent.objects.create(
        publication=publication,
        action=action,
        from_status=from_status or publication.status,
        to_status=publication.status,
        actor=by,
        note=note,
    )


def lock_publication(publication: Publication) -> Publication:
    """The publication, locked; call inside a transaction."""
    return Publication.objects.select_for_update(of=("self",)).select_related("case").get(pk=publication.pk)
