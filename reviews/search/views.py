"""/search/ (members and coordinators): GET shows the empty search form; POST searches and shows
what was found on the same response. Posted, never a GET: what is searched for is often a
child's name or date of birth, and an address is kept in the browser's history and written to
the servers' access logs. For the same reason nothing typed goes into a log line, the audit
trail (which records that a search was made and how many it found) or a cache key, and the page
is never stored by the browser or a proxy. Each result opened is logged by the page it opens
(the triage page, the case page)."""

from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from referrals.models import Referral

from .forms import StaffSearchForm
from .selectors import SHOWN, Found, staff_search


@require_http_methods(["GET", "POST"])
@never_cache
@role_required(Role.MEMBER, Role.COORDINATOR)
def search(request):
    form = StaffSearchForm(request.POST if request.method == "POST" else None)
    found = None
    if form.is_bound and form.is_valid():
        found = staff_search(form.terms())
        search_log(request, found)
    return render(request, "reviews/search/search.html", {"form": form, "found": found, "shown": SHOWN})


def search_log(request, found: Found) -> LogEntry:
    """That this user searched, when, from where, and how many they found: never what for."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Referral),
        object_pk="",
        object_repr="Staff search",
        action=LogEntry.Action.ACCESS,
        actor=request.user,
        actor_email=request.user.email,
        remote_addr=AuditlogMiddleware._get_remote_addr(request),
        additional_data={"search": "staff", "referrals": found.referral_count, "cases": found.case_count},
    )
