"""/publications/ (issue 6): the coordinators' publication pages. Members may read the list and
a publication's page; only coordinators change anything (and see the protected terms, which are
personal data). Here: the list, starting a publication, its page, publishing, scheduling and
withdrawing it; the pages that change its content are in editing.py, those of the key messages
and national learning links in public_texts.py.
Thin views: GET shows, POST acts through the services (services.py, publishing.py,
key_messages.py), a refusal goes on the form with what was typed kept (shortcuts.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.reauth import recent_second_factor
from cscp.accounts.roles import Role
from cscp.audit.access import log_access
from reviews.models import ReviewCase

from ..guard import terms
from ..models import Publication
from . import publishing, selectors, services
from .forms import ConfirmForm, PublishForm, StandaloneForm, WithdrawForm
from .shortcuts import act_on, on_publication, posted

PER_PAGE = 50


# --- The list and starting one ----------------------------------------------------------------


@require_safe
@role_required(*selectors.STAFF_ROLES)
def publication_list(request):
    page = Paginator(selectors.list_rows(), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(publication, selectors.renders_state(publication)) for publication in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "may_change": request.user.has_role(Role.COORDINATOR),
    }
    return render(request, "publications/staff/list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def publication_start(request, case_id):
    case = get_object_or_404(ReviewCase, pk=case_id)
    existing = Publication.objects.filter(case=case).first()
    if existing:
        messages.info(request, services.ONE_PER_CASE)
        return redirect("publications:detail", existing.pk)
    form = ConfirmForm(*posted(request), submit_label="Start the publication")
    return act_on(
        request,
        None,
        form,
        lambda data: services.publication_start(case, request.user),
        done="Publication started.",
        title="Start a publication",
        caption=case.reference,
        context=lambda: {"case": case},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def publication_new(request):
    form = StandaloneForm(*posted(request))
    return act_on(
        request,
        None,
        form,
        lambda data: services.publication_new_standalone(data["kind"], data["title"], request.user),
        done="Publication started.",
        title="Start a thematic or national learning publication",
    )


# --- A publication's page ---------------------------------------------------------------------


@require_safe
@on_publication(*selectors.STAFF_ROLES)
def publication_detail(request, publication):
    log_access(request, publication)
    is_coordinator = request.user.has_role(Role.COORDINATOR)
    checks = _checks_for_page(publication)
    context = {
        "publication": publication,
        "case": publication.case,
        "may_change": is_coordinator and publication.status != Publication.Status.WITHDRAWN,
        "is_coordinator": is_coordinator,
        "may_mark_hits": is_coordinator and publication.status != Publication.Status.WITHDRAWN,
        "renders_state": selectors.renders_state(publication),
        "renders": selectors.latest_renders(publication),
        "checks": checks,
        "guard": checks[-1] if checks else None,
        "terms": terms.terms_for(publication) if is_coordinator else None,
        "events": selectors.timeline(publication),
        "today": timezone.localdate(),
        **_reading_context(publication),
    }
    return render(request, "publications/staff/detail.html", context)


def _reading_context(publication: Publication) -> dict:
    from ..uploads import reading as reader
    from ..uploads import services as uploads

    if not uploads.is_uploaded(publication):
        return {}
    found = uploads.current_reading(publication)
    if found is None:
        return {"reading": None}
    pages = found.pages.select_related("cleared_by").defer("text", "ocr_text", "hidden")
    flagged = [(page, [reader.FLAG_LABELS[flag] for flag in page.flags]) for page in pages if page.flags]
    return {"reading": found, "flagged": flagged}


def _checks_for_page(publication: Publication) -> list:
    """What the page reports: every check before publishing for a draft or a scheduled
    publication; for a live one the guard alone (what the public reads is still clean); none for
    a withdrawn one, whose PDFs were deleted when it was withdrawn."""
    if publication.status in (Publication.Status.DRAFT, Publication.Status.SCHEDULED):
        return publishing.publish_checks(publication)
    if publication.status == Publication.Status.LIVE:
        return [publishing.anonymisation_check(publication)]
    return []


# --- Publishing and withdrawing ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
@recent_second_factor
def publish(request, publication):
    if publication.status != Publication.Status.DRAFT:
        messages.error(request, f"This publication is {publication.get_status_display().lower()}.")
        return redirect("publications:detail", publication.pk)
    form = PublishForm(*posted(request), initial={"expected": publication.content_version, "when": "now"})

    def page():
        checks = _checks_for_page(publication)
        last_editor = publication.last_edited_by_id == request.user.pk
        return {
            "template_checks": True,
            "checks": checks,
            "guard": checks[-1],
            "last_editor": last_editor,
            "may_mark_hits": True,
        }

    return act_on(
        request,
        publication,
        form,
        lambda data: publishing.publication_publish(
            publication, request.user, data["expected"], when=data["scheduled_for"]
        ),
        done=lambda data: "Scheduled." if data["scheduled_for"] else "Published.",
        title="Publish",
        context=page,
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
@recent_second_factor
def unschedule(request, publication):
    form = ConfirmForm(*posted(request), submit_label="Cancel the schedule")
    return act_on(
        request,
        publication,
        form,
        lambda data: publishing.publication_unschedule(publication, request.user),
        done="The schedule was cancelled: the publication is a draft again.",
        title="Cancel the scheduled publication?",
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
@recent_second_factor
def withdraw(request, publication):
    if publication.status != Publication.Status.LIVE:
        messages.error(request, "Only a published publication can be withdrawn.")
        return redirect("publications:detail", publication.pk)
    form = WithdrawForm(*posted(request))
    return act_on(
        request,
        publication,
        form,
        lambda data: publishing.publication_withdraw(publication, request.user, **data),
        done="Publication withdrawn.",
        title="Withdraw the publication",
    )
