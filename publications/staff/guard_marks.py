"""The coordinators' pages for marking a guard hit as not identifying (issue 14 §4,
guard/exceptions.py): the mark page for one hit the guard finds now, and confirming or removing
a mark. The hit is named in the address only by keyed hashes, never by its words."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from cscp.accounts.roles import Role

from ..guard import checks, exceptions
from ..models import GuardException, Publication
from ..services import PublicationError
from .forms import HitMarkForm
from .shortcuts import form_page, on_publication, refuse_withdrawn


def _back(publication):
    return redirect(f"/publications/{publication.pk}/#hits")


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def hit_mark(request, publication):
    if refused := refuse_withdrawn(request, publication):
        return refused
    source = request.POST if request.method == "POST" else request.GET
    try:
        hits = checks.check(publication)
        hit = exceptions.find_hit(hits, source.get("what", ""), source.get("window", ""))
    except (checks.GuardError, PublicationError) as error:
        messages.error(request, str(error))
        return _back(publication)
    initial = {"what": hit.what, "window": hit.window}
    form = HitMarkForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            exceptions.mark(publication, hit, form.cleaned_data["reason"], request.user)
        except PublicationError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, "Marked as not identifying: a second coordinator can now confirm it.")
            return _back(publication)
    return form_page(
        request, form, "Mark a hit as not identifying", publication.title, publication=publication, hit=hit
    )


def _mark_of(publication: Publication, mark_id: int) -> GuardException:
    from django.contrib.contenttypes.models import ContentType

    return get_object_or_404(
        GuardException,
        pk=mark_id,
        content_type=ContentType.objects.get_for_model(Publication),
        object_id=publication.pk,
    )


@require_POST
@on_publication(Role.COORDINATOR)
def hit_confirm(request, publication, mark_id):
    try:
        exceptions.confirm(_mark_of(publication, mark_id), request.user)
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Confirmed: the hit no longer stops publishing.")
    return _back(publication)


@require_POST
@on_publication(Role.COORDINATOR)
def hit_unmark(request, publication, mark_id):
    exceptions.unmark(_mark_of(publication, mark_id), request.user)
    messages.success(request, "Mark removed: the hit stops publishing again.")
    return _back(publication)
