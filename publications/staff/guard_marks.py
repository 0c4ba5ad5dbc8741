"""The coordinators' pages for marking a guard hit as not identifying (issue 14 §4,
guard/exceptions.py): the mark page for one hit the guard finds now, and confirming or removing
a mark, for a publication (here) and for key messages and links (public_texts.py, through the
same three steps). The hit is named in the address only by keyed hashes, never by its words."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from cscp.accounts.roles import Role

from ..guard import checks, exceptions
from ..models import GuardException
from ..services import PublicationError
from .forms import HitMarkForm
from .shortcuts import form_page, on_publication, refuse_withdrawn

# --- The three steps, for any item the public can read ------------------------------------------


def mark_page(request, item, back: str, caption: str):
    source = request.POST if request.method == "POST" else request.GET
    try:
        hit = exceptions.find_hit(checks.check(item), source.get("what", ""), source.get("window", ""))
    except (checks.GuardError, PublicationError) as error:
        messages.error(request, str(error))
        return redirect(back)
    form = HitMarkForm(
        request.POST if request.method == "POST" else None, initial={"what": hit.what, "window": hit.window}
    )
    if request.method == "POST" and form.is_valid():
        try:
            exceptions.mark(item, hit, form.cleaned_data["reason"], request.user)
        except PublicationError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, "Marked as not identifying: a second coordinator can now confirm it.")
            return redirect(back)
    return form_page(request, form, "Mark a hit as not identifying", caption, hit=hit, back=back)


def _mark_of(item, mark_id: int) -> GuardException:
    return get_object_or_404(
        GuardException, pk=mark_id, content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )


def confirm_mark(request, item, mark_id: int, back: str):
    try:
        exceptions.confirm(_mark_of(item, mark_id), request.user)
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Confirmed: the hit no longer stops publishing.")
    return redirect(back)


def remove_mark(request, item, mark_id: int, back: str):
    exceptions.unmark(_mark_of(item, mark_id), request.user)
    messages.success(request, "Mark removed: the hit stops publishing again.")
    return redirect(back)


# --- A publication's -------------------------------------------------------------------------


def _back(publication) -> str:
    return f"/publications/{publication.pk}/#hits"


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def hit_mark(request, publication):
    if refused := refuse_withdrawn(request, publication):
        return refused
    return mark_page(request, publication, _back(publication), publication.title)


@require_POST
@on_publication(Role.COORDINATOR)
def hit_confirm(request, publication, mark_id):
    return confirm_mark(request, publication, mark_id, _back(publication))


@require_POST
@on_publication(Role.COORDINATOR)
def hit_unmark(request, publication, mark_id):
    return remove_mark(request, publication, mark_id, _back(publication))
