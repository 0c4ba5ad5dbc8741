"""What the rest of the app reads about a publication's PDFs: which it needs, the one served
(the newest done render of each kind), and whether those of the current content are ready or
still being made."""

from django.db.models import Prefetch

from ..models import Publication, Render

Kind = Render.Kind
State = Render.State

ACTIVE = (State.PENDING, State.RUNNING)


def needed_kinds(publication: Publication) -> list[str]:
    """The PDFs this publication publishes: the full report in full-report mode, and a briefing."""
    kinds = [Kind.REPORT] if publication.mode == Publication.Mode.FULL else []
    return [*kinds, Kind.BRIEFING]


def current_render(publication: Publication, kind: str) -> Render | None:
    """The newest done render of this kind, whatever content version it shows."""
    prefetched = getattr(publication, "done_renders", None)
    if prefetched is not None:
        return next((render for render in prefetched if render.kind == kind), None)
    done = Render.objects.filter(publication=publication, kind=kind, state=State.DONE)
    return done.order_by("-content_version", "-id").first()


def prefetch_current_renders(queryset):
    """For lists: every done render, newest first, so `current_render` makes no query."""
    done = Render.objects.filter(state=State.DONE).order_by("-content_version", "-id")
    return queryset.prefetch_related(Prefetch("renders", queryset=done, to_attr="done_renders"))


def renders_ready(publication: Publication) -> bool:
    """Every PDF the publication needs is rendered from its current content."""
    done = Render.objects.filter(
        publication=publication, content_version=publication.content_version, state=State.DONE
    )
    return set(needed_kinds(publication)) <= set(done.values_list("kind", flat=True))


def renders_pending(publication: Publication) -> bool:
    """A render of the current content is waiting or running (publishing waits for it)."""
    return Render.objects.filter(
        publication=publication, content_version=publication.content_version, state__in=ACTIVE
    ).exists()


def render_bytes(render: Render) -> bytes:
    with render.file.open("rb") as stored:
        return stored.read()
