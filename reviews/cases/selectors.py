"""Reads for the review case pages: who sees which case (a reviewer only the cases they are
appointed to), the case list's filters, and the case page's related rows."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.core.filter_forms import fragment_key, freeze_choices

from ..models import (
    ActionItem,
    AgencyContribution,
    Rag,
    ReviewCase,
    ReviewerAppointment,
    ReviewStatus,
    ReviewType,
    Theme,
)
from .documents import services as documents
from .involvement import selectors as involvement

# Members and coordinators see every case; anyone else with access sees only their own.
SEE_ALL = (Role.MEMBER, Role.COORDINATOR)
CASE_ROLES = (Role.MEMBER, Role.COORDINATOR, Role.REVIEWER)


def current_appointments() -> QuerySet[ReviewerAppointment]:
    return ReviewerAppointment.objects.filter(ended_on__isnull=True).select_related("reviewer")


def visible_cases(user: User) -> QuerySet[ReviewCase]:
    cases = ReviewCase.objects.all()
    if user.has_role(*SEE_ALL):
        return cases
    # A subquery rather than a join, so a case with two appointments is listed once.
    mine = ReviewerAppointment.objects.filter(reviewer=user, ended_on__isnull=True).values("case_id")
    return cases.filter(pk__in=mine)


def case_for(user: User, reference: str) -> ReviewCase:
    """The case of that reference if `user` may see it; otherwise 404 (a reviewer is never told
    that a case they are not appointed to exists)."""
    # The publication (publications app) comes with the case: the case page shows its state.
    case = visible_cases(user).select_related("publication").filter(reference=reference).first()
    if case is None:
        raise Http404("No such review case")
    return case


def case_reference_for_id(user: User, pk: int) -> str:
    """The reference of case `pk` if `user` may see it; otherwise 404."""
    reference = visible_cases(user).filter(pk=pk).values_list("reference", flat=True).first()
    if reference is None:
        raise Http404("No such review case")
    return reference


# What a row of the case list shows (and clocks.target_clock reads): not each case's terms
# of reference, nor each reviewer's whole account.
CASE_ROW_FIELDS = (
    "reference", "review_type", "status", "rag", "target_publication_on", "published_on", "updated_at"
)  # fmt: skip


def case_list_rows(cases: QuerySet[ReviewCase]) -> QuerySet[ReviewCase]:
    appointments = current_appointments().only("case_id", "reviewer__full_name", "reviewer__email")
    return cases.only(*CASE_ROW_FIELDS).prefetch_related(
        Prefetch("appointments", appointments, to_attr="current")
    )


class ReviewCaseFilter(django_filters.FilterSet):
    review_type = django_filters.ChoiceFilter(
        label="Type", choices=ReviewType.choices, empty_label="Any type"
    )
    status = django_filters.ChoiceFilter(label="Stage", choices=ReviewStatus.choices, empty_label="Any stage")
    rag = django_filters.ChoiceFilter(label="RAG", choices=Rag.choices, empty_label="Any RAG")
    reviewer = django_filters.ModelChoiceFilter(
        label="Reviewer",
        queryset=User.objects.filter(groups__name=Role.REVIEWER).order_by("full_name"),
        method="filter_reviewer",
        empty_label="Any reviewer",
    )
    year = django_filters.NumberFilter(
        label="Year commissioned",
        field_name="commissioned_on",
        lookup_expr="year",
        help_text="For example, 2026",
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        empty_label="Any theme",
    )
    contributions = django_filters.ChoiceFilter(
        label="Agency contributions",
        choices=[("overdue", "Some overdue")],
        empty_label="Any",
        method="filter_contributions",
    )

    class Meta:
        model = ReviewCase
        fields = ["review_type", "status", "rag", "reviewer", "year", "theme", "contributions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["reviewer"].label_from_instance = lambda user: user.full_name or user.email
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = False
        helper.layout = Layout(*self.form.fields, Button("apply", "Apply filters"))
        self.form.helper = helper

    def form_fragment_key(self) -> str:
        """Load the drop-downs' choices (two small queries) and return the key under which the
        rendered form is kept (cscp.core.filter_forms)."""
        form = self.form
        reviewers = freeze_choices(
            form,
            "reviewer",
            form.fields["reviewer"].queryset.only("pk", "full_name", "email"),
            label=form.fields["reviewer"].label_from_instance,
        )
        themes = freeze_choices(form, "theme", Theme.objects.order_by("name"), value=lambda theme: theme.slug)
        return fragment_key(form, self.data, reviewers, themes)

    def filter_queryset(self, queryset):
        """Nothing at all on a filter that was not understood (the page says which), never every
        case as if it had not been asked (issue 17 §1, as the queue)."""
        if self.is_bound and self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_reviewer(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=current_appointments().filter(reviewer=value).values("case_id"))

    def filter_contributions(self, queryset, name, value):
        if value != "overdue":
            return queryset
        overdue = AgencyContribution.objects.filter(
            received_on__isnull=True, due_on__lt=timezone.localdate()
        ).values("case_id")
        return queryset.filter(pk__in=overdue)

    def applied(self) -> bool:
        return (
            self.is_bound
            and self.form.is_valid()
            and any(value not in (None, "") for value in self.form.cleaned_data.values())
        )

    def in_use(self) -> dict[str, str]:
        """The filters applied, as they were asked for (ids and slugs, never a name), for the
        export's audit entry. Empty unless the form is valid."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {
            name: str(self.form.data[name])
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "")
        }


def case_page_rows(case: ReviewCase) -> dict:
    return {
        **documents.page_rows(case),
        **involvement.page_rows(case),
        "appointments": list(case.appointments.select_related("reviewer")),
        "events": list(case.events.select_related("actor")),
        "checks": list(case.progress_checks.select_related("recorded_by")),
        "referrals": list(case.referrals.order_by("reference")),
        "themes": list(case.themes.all()),
        "recommendations": list(
            case.recommendations.select_related("agency").prefetch_related(
                Prefetch("actions", ActionItem.objects.select_related("owner_agency"))
            )
        ),
    }
