"""The triage queue's filters (django-filter). The page and the CSV export share this one
FilterSet, so an export is always exactly the view the coordinator was looking at."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from cscp.accounts.models import Agency
from cscp.core.filter_forms import fragment_key, freeze_choices
from referrals.models import Criterion, Referral, ReferralStatus, RequestedReviewType

from ..models import Theme

S = ReferralStatus

# Every referral that needs the Review Group's attention: not yet decided, or decided and
# waiting for the family and the Panel to be told before it closes.
QUEUE_STATES = (S.SUBMITTED, S.SCREENING, S.RAPID_REVIEW, S.AWAITING_DECISION, S.DECIDED)
# Every state the filter can choose (issue 17 §1): the queue's, and the finished ones a Review
# Group or an inspector looks back at. A draft is the referrer's own and never shown to staff.
STAFF_STATES = tuple(state for state in S if state != S.DRAFT)
EVERY_STATE = "all"
STATE_CHOICES = [
    *((state.value, state.label) for state in STAFF_STATES),
    (EVERY_STATE, "Every state, finished ones included"),
]


# The criteria in a few words: the full statements do not fit a filter's drop-down.
CRITERION_SHORT_LABELS = [
    (Criterion.DEATH, "A child's death"),
    (Criterion.SERIOUS_HARM, "Serious harm"),
    (Criterion.LAC_DEATH, "Death of a looked-after child"),
    (Criterion.CARE_LEAVER_DEATH, "Death of a care leaver"),
    (Criterion.OUTSIDE_ENGLAND, "Death or serious harm outside England"),
    (Criterion.AGENCIES_WORKING_TOGETHER, "How agencies worked together"),
    (Criterion.GOOD_PRACTICE, "Good practice"),
    (Criterion.POOR_PRACTICE, "Poor practice"),
    (Criterion.NEAR_MISS, "Near miss"),
]


def criterion_contains(queryset, value: str):
    """Referrals whose `criteria` JSON list holds `value`. PostgreSQL has JSON containment;
    SQLite has none, so match the quoted value in the stored text instead (the quotes keep
    "death" from matching "lac_death")."""
    if connection.vendor == "postgresql":
        return queryset.filter(criteria__contains=[value])
    return queryset.filter(criteria__icontains=f'"{value}"')


class CheckboxFilter(django_filters.BooleanFilter):
    """A single GOV.UK checkbox: ticked filters, unticked does not (never "not overdue")."""

    field_class = forms.BooleanField


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Reference", method="filter_reference", help_text="All or part of it, for example 0042"
    )
    status = django_filters.ChoiceFilter(
        label="State",
        choices=STATE_CHOICES,
        empty_label="Needing attention",
        method="filter_status",
        help_text="With no state chosen, the referrals that need attention.",
        error_messages={"invalid_choice": "Select a state from the list"},
    )
    requested_review_type = django_filters.ChoiceFilter(
        label="Review type requested", choices=RequestedReviewType.choices, empty_label="Any type"
    )
    referrer_agency = django_filters.ModelChoiceFilter(
        label="Referring agency", queryset=Agency.objects.order_by("name"), empty_label="Any agency"
    )
    criterion = django_filters.ChoiceFilter(
        label="Criterion",
        choices=CRITERION_SHORT_LABELS,
        method="filter_criterion",
        empty_label="Any criterion",
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        field_name="triage__themes",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any theme",
    )
    overdue = CheckboxFilter(label="Overdue only", method="filter_overdue")
    urgent = CheckboxFilter(label="Urgent only", method="filter_urgent")

    class Meta:
        model = Referral
        fields = ["q", "status", "requested_review_type", "referrer_agency", "criterion", "theme"]

    def __init__(self, data=None, *args, **kwargs):
        # Never unbound: with nothing asked, the queue is still only what needs attention.
        super().__init__(QueryDict() if data is None else data, *args, **kwargs)
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = False  # the template adds the form with its own aria-label
        helper.layout = Layout(*self.form.fields, Button("apply", "Apply filters"))
        self.form.helper = helper

    def form_fragment_key(self) -> str:
        """Load the drop-downs' choices (two small queries) and return the key under which the
        rendered form is kept (cscp.core.filter_forms)."""
        form = self.form
        agencies = freeze_choices(form, "referrer_agency", Agency.objects.order_by("name"))
        themes = freeze_choices(form, "theme", Theme.objects.order_by("name"), value=lambda theme: theme.slug)
        return fragment_key(form, self.data, agencies, themes)

    def filter_queryset(self, queryset):
        """Nothing at all on a filter that was not understood (the page says which), never
        everything as if it had not been asked; with no state chosen, the queue's states."""
        if self.form.errors:
            return queryset.none()
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=QUEUE_STATES)
        return super().filter_queryset(queryset)

    def filter_status(self, queryset, name, value):
        return queryset if value == EVERY_STATE else queryset.filter(status=value)

    def filter_reference(self, queryset, name, value):
        return queryset.filter(reference__icontains=value.strip()) if value.strip() else queryset

    def filter_criterion(self, queryset, name, value):
        return criterion_contains(queryset, value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(next_due__lt=timezone.localdate()) if value else queryset

    def filter_urgent(self, queryset, name, value):
        return queryset.filter(is_urgent=True) if value else queryset

    def applied(self) -> dict[str, str]:
        """The filters in use, by name, for the export's audit entry and the page's summary."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {
            name: str(value)
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", False)
        }
