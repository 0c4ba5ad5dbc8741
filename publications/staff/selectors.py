"""What the coordinators' publication pages read, in a fixed number of queries."""

from django.db.models import Prefetch

from cscp.accounts.roles import Role

from ..models import Publication, Render
from ..rendering.selectors import needed_kinds

STAFF_ROLES = (Role.COORDINATOR, Role.MEMBER)


def _renders():
    return Prefetch(
        "renders",
        queryset=Render.objects.only(
            "id", "publication_id", "kind", "state", "content_version", "finished_at"
        ),
    )


def list_rows():
    return (
        Publication.objects.select_related("case", "last_edited_by")
        .prefetch_related(_renders())
        .order_by("-last_edited_at", "-id")
    )


def renders_state(publication: Publication) -> tuple[str, str]:
    """(label, tag colour) for the renders of the current content, from the prefetched renders."""
    current = [r for r in publication.renders.all() if r.content_version == publication.content_version]
    states = {kind: {r.state for r in current if r.kind == kind} for kind in needed_kinds(publication)}
    if any(state & {Render.State.PENDING, Render.State.RUNNING} for state in states.values()):
        return "Being prepared", "yellow"
    if all(Render.State.DONE in state for state in states.values()):
        return "Ready", "green"
    if any(Render.State.FAILED in state for state in states.values()):
        return "Failed", "red"
    return "Not requested", "grey"


def publication_for_page(pk: int) -> Publication:
    return (
        Publication.objects.select_related(
            "case", "last_edited_by", "created_by", "published_by", "withdrawn_by"
        )
        .prefetch_related("themes", "sections", _renders())
        .get(pk=pk)
    )


def latest_renders(publication: Publication) -> list[Render]:
    """The newest render of each kind (from the prefetched renders), for the page."""
    newest = {}
    for render in sorted(publication.renders.all(), key=lambda r: (r.content_version, r.id), reverse=True):
        newest.setdefault(render.kind, render)
    return [newest[kind] for kind in (Render.Kind.REPORT, Render.Kind.BRIEFING) if kind in newest]


EVENT_LABELS = {
    "publication.started": "Started",
    "publication.updated": "Details changed",
    "publication.section_added": "Section added",
    "publication.section_changed": "Section changed",
    "publication.section_removed": "Section removed",
    "publication.section_moved": "Section moved",
    "publication.report_uploaded": "Report uploaded",
    "publication.term_added": "Protected term added",
    "publication.term_removed": "Protected term removed",
    "publication.scheduled": "Scheduled",
    "publication.unscheduled": "Schedule cancelled",
    "publication.publish_failed": "Not published at its scheduled time",
    "publication.hit_marked": "Guard hit marked as not identifying",
    "publication.hit_confirmed": "Guard hit confirmed as not identifying",
    "publication.hit_unmarked": "Mark on a guard hit removed",
    "publication.published": "Published",
    "publication.withdrawn": "Withdrawn",
}


def timeline(publication: Publication) -> list:
    events = list(publication.events.select_related("actor").order_by("-at", "-id"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
    return events
