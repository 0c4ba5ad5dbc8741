"""The partnership register's page (issue 14 §2): coordinators look up what the register holds
(to see, say, which referral a register hit came from). It is private: nothing is listed
without a search of 3 letters or more, posted so that the name never goes into an address, and
each referral whose entries are shown has the view on its history. Erased entries are counted,
never shown (they have no text)."""

from django import forms
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from cscp.audit.access import log_access
from cscp.core.fields import TextField
from cscp.core.forms import GDSForm

from ..models import RegisterEntry

SHOWN = 50


class RegisterSearchForm(GDSForm):
    submit_label = "Search the register"
    q = TextField(
        label="Name, address, postcode or school",
        max_length=100,
        required_message="Enter what to look for",
        help_text="At least 3 letters. Each referral whose entries are shown records that you saw them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}

    def clean_q(self):
        q = " ".join(self.cleaned_data["q"].split())
        if sum(char.isalnum() for char in q) < 3:
            raise forms.ValidationError("Enter at least 3 letters or numbers")
        return q


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def register_search(request):
    # Posted, never in the address: what is searched for is a name (it would sit in the
    # browser's history and the servers' access logs).
    form = RegisterSearchForm(request.POST if request.method == "POST" else None)
    found, more = [], False
    if form.is_bound and form.is_valid():
        rows = list(
            RegisterEntry.objects.filter(erased_at=None, on=None, term__icontains=form.cleaned_data["q"])
            .select_related("referral")
            .order_by("term", "id")[: SHOWN + 1]
        )
        more, found = len(rows) > SHOWN, rows[:SHOWN]
        # An entry is its referral's data: the view is recorded on the referral's history, once.
        for referral in {entry.referral for entry in found if entry.referral}:
            log_access(request, referral)
    totals = RegisterEntry.objects.aggregate(
        entries=Count("id", filter=Q(erased_at=None)),
        referrals=Count("origin", distinct=True),
        erased=Count("id", filter=Q(erased_at__isnull=False)),
    )
    context = {"form": form, "found": found, "more": more, "shown": SHOWN, "totals": totals}
    return render(request, "publications/staff/register.html", context)
