"""The coordinators' pages for the public texts that are not reports (issue 14 §1): the year's key
messages and the national learning links. Each is a draft that a coordinator writes; a second
coordinator opens its "Check and publish" page, sees what the public would read and what the
anonymisation guard found, and publishes that version (approval.py). Members read the lists."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from ..guard import checks
from ..models import KeyMessages, NationalLearningLink
from ..services import PublicationError
from . import approval, guard_marks, key_messages, selectors
from .forms import ApproveForm, KeyMessagesForm, NationalLinkForm
from .shortcuts import form_page, posted

# --- What both share --------------------------------------------------------------------------


def _approve_page(request, item, *, title: str, back: str):
    """GET: the draft, what the public reads now, the guard's hits and why it cannot be
    published yet. POST: publish the version shown, or the same page with the refusal."""
    form = ApproveForm(*posted(request), initial={"expected": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            approval.approve(item, request.user, form.cleaned_data["expected"])
        except PublicationError as error:
            form.add_error(None, str(error))
            item.refresh_from_db()
        else:
            messages.success(request, "Published.")
            return redirect(back)
    labels = checks.PUBLIC_TEXT_LABELS[item._meta.model_name]
    rows = [(label, getattr(item, field), getattr(item, f"live_{field}")) for field, label in labels]
    return render(
        request,
        "publications/staff/approve.html",
        {
            "form": form,
            "title": title,
            "item": item,
            "rows": rows,
            "approval": approval.approval_for(item, request.user),
            "back": back,
            "hits_base": request.path.removesuffix("publish/") + "hits/",
        },
    )


def _take_down(request, item, back: str, what: str):
    approval.take_down(item, request.user)
    messages.success(request, f"{what} taken off the public site.")
    return redirect(back)


# --- Key messages -----------------------------------------------------------------------------


def _list_page(request, model, template: str):
    context = {
        "rows": model.objects.select_related("updated_by"),
        "may_change": request.user.has_role(Role.COORDINATOR),
    }
    return render(request, template, context)


@require_safe
@role_required(*selectors.STAFF_ROLES)
def key_messages_list(request):
    return _list_page(request, KeyMessages, "publications/staff/key_messages.html")


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def key_messages_edit(request, year=None):
    current = get_object_or_404(KeyMessages, year=year) if year is not None else None
    initial = {"year": timezone.localdate().year}
    if current:
        initial = {
            "year": current.year, "title": current.title, "body": current.body,
            "publications": [str(pk) for pk in current.publications.values_list("pk", flat=True)],
        }  # fmt: skip
    form = KeyMessagesForm(*posted(request), initial=initial, year_fixed=current is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if current is None and KeyMessages.objects.filter(year=data["year"]).exists():
            form.add_error("year", f"There are already key messages for {data['year']}: change those instead")
        else:
            try:
                key_messages.key_messages_save(
                    data["year"], data["title"], data["body"], data["publications"], request.user
                )
            except PublicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Key messages for {data['year']} saved: a second coordinator can now publish them.",
                )
                return redirect("publications:key_messages")
    title = f"Key messages {current.year}" if current else "New key messages"
    return form_page(request, form, title)


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def key_messages_publish(request, year):
    current = get_object_or_404(KeyMessages, year=year)
    return _approve_page(
        request, current, title=f"Publish the key messages for {year}", back="publications:key_messages"
    )


@require_POST
@role_required(Role.COORDINATOR)
def key_messages_unpublish(request, year):
    current = get_object_or_404(KeyMessages, year=year)
    return _take_down(request, current, "publications:key_messages", f"Key messages for {year}")


# --- National learning links ------------------------------------------------------------------


@require_safe
@role_required(*selectors.STAFF_ROLES)
def links_list(request):
    return _list_page(request, NationalLearningLink, "publications/staff/national_links.html")


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def link_edit(request, pk=None):
    link = get_object_or_404(NationalLearningLink, pk=pk) if pk is not None else NationalLearningLink()
    initial = {"title": link.title, "url": link.url, "description": link.description} if pk else None
    form = NationalLinkForm(*posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            approval.save_draft(link, request.user, **form.cleaned_data)
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Link saved: a second coordinator can now publish it.")
            return redirect("publications:links")
    return form_page(request, form, "Change the link" if pk else "Add a national learning link")


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def link_publish(request, pk):
    link = get_object_or_404(NationalLearningLink, pk=pk)
    return _approve_page(request, link, title="Publish the link", back="publications:links")


@require_POST
@role_required(Role.COORDINATOR)
def link_unpublish(request, pk):
    link = get_object_or_404(NationalLearningLink, pk=pk)
    return _take_down(request, link, "publications:links", "The link")


@require_POST
@role_required(Role.COORDINATOR)
def link_remove(request, pk):
    approval.remove(get_object_or_404(NationalLearningLink, pk=pk), request.user)
    messages.success(request, "Link removed.")
    return redirect("publications:links")


# --- "Not identifying" marks on their hits (guard_marks.py's three steps) --------------------


def _marks(getter, caption):
    """The mark, confirm and unmark views for one kind of item; getter(kwargs) -> the item."""

    @require_http_methods(["GET", "POST"])
    @role_required(Role.COORDINATOR)
    def mark(request, **kwargs):
        item = getter(kwargs)
        return guard_marks.mark_page(request, item, _publish_url(request), caption(item))

    @require_POST
    @role_required(Role.COORDINATOR)
    def confirm(request, mark_id, **kwargs):
        return guard_marks.confirm_mark(request, getter(kwargs), mark_id, _publish_url(request))

    @require_POST
    @role_required(Role.COORDINATOR)
    def unmark(request, mark_id, **kwargs):
        return guard_marks.remove_mark(request, getter(kwargs), mark_id, _publish_url(request))

    return mark, confirm, unmark


def _publish_url(request) -> str:
    """The item's "Check and publish" page, from the address of one of its hits' pages."""
    return request.path.split("hits/", 1)[0] + "publish/"


key_messages_hit_mark, key_messages_hit_confirm, key_messages_hit_unmark = _marks(
    lambda kwargs: get_object_or_404(KeyMessages, year=kwargs["year"]),
    lambda item: f"Key messages {item.year}",
)
link_hit_mark, link_hit_confirm, link_hit_unmark = _marks(
    lambda kwargs: get_object_or_404(NationalLearningLink, pk=kwargs["pk"]),
    lambda item: "National learning link",
)
