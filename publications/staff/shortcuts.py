"""What the coordinators' publication pages share: the publication or 404 for staff only, the
form page, and acting on a publication through a form (GET shows, a valid POST calls the
service, a refusal goes on the form with what was typed kept)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from ..models import Publication
from ..services import PublicationError
from . import selectors


def on_publication(*roles: str):
    """Staff only (anonymous: sign in; others: 403); the publication or 404; then `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*selectors.STAFF_ROLES):
                raise PermissionDenied
            try:
                publication = selectors.publication_for_page(pk)
            except Publication.DoesNotExist:
                raise Http404("No such publication") from None
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, publication, *args, **kwargs)

        return wrapped

    return decorator


def posted(request, files=False) -> tuple:
    """The form's data: bound on any POST, even an empty one (a confirm button, nothing ticked)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def form_page(request, form, title, caption="", **extra):
    return render(
        request, "publications/staff/form.html", {"form": form, "title": title, "caption": caption, **extra}
    )


def act_on(request, publication, form, act, *, done, title, caption=None, error_field=None, context=None):
    """What the coordinator's forms on a publication share: on a valid POST, `act(cleaned_data)`
    and back to the publication (for a new one, the one `act` returns) with the message `done`
    (or `done(cleaned_data)`). A PublicationError becomes an error on the form (on `error_field`,
    or the whole form) shown with everything typed kept; the page has the publication, its title
    as the caption unless another is given, and what `context()` adds (worked out only when the
    page is shown)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except PublicationError as error:
            form.add_error(error_field, str(error))
        else:
            message = done(form.cleaned_data) if callable(done) else done
            return back_to_publication(request, publication or result, message)
    extra = {} if publication is None else {"publication": publication}
    if caption is None:
        caption = publication.title if publication is not None else ""
    return form_page(request, form, title, caption, **extra, **(context() if context else {}))


def back_to_publication(request, publication, message):
    messages.success(request, message)
    return redirect("publications:detail", publication.pk)


def refuse_withdrawn(request, publication):
    if publication.status != Publication.Status.WITHDRAWN:
        return None
    messages.error(request, "A withdrawn publication cannot be changed.")
    return redirect("publications:detail", publication.pk)
