"""Reads for /reviews/actions/ (issue 5 §5): every action of every case's plan, filtered with
django-filter in the style of the case list, overdue first and then by due date."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from cscp.accounts.models import Agency

from ..models import ActionItem, Rag, ReviewCase
from ..triage.filters import CheckboxFilter


def _overdue(today) -> Q:
    return Q(state=ActionItem.State.OPEN, due_on__lt=today)


def action_rows(actions: QuerySet[ActionItem], today) -> QuerySet[ActionItem]:
    """The actions with their case, recommendation and owner joined, overdue first (`overdue`
    annotated), then by due date."""
    return (
        actions.select_related("recommendation__case", "owner_agency")
        .annotate(
            overdue=Case(
                When(_overdue(today), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-overdue", "due_on", "recommendation__case__reference", "recommendation__number", "id")
    )


class ActionFilter(django_filters.FilterSet):
    owner_agency = django_filters.ModelChoiceFilter(
        label="Owner agency", queryset=Agency.objects.order_by("name"), empty_label="Any agency"
    )
    state = django_filters.ChoiceFilter(
        label="State", choices=ActionItem.State.choices, empty_label="Any state"
    )
    rag = django_filters.ChoiceFilter(label="RAG", choices=Rag.choices, empty_label="Any RAG")
    case = django_filters.ModelChoiceFilter(
        label="Review case",
        field_name="recommendation__case",
        queryset=ReviewCase.objects.order_by("reference"),
        to_field_name="reference",
        empty_label="Any case",
    )
    overdue = CheckboxFilter(label="Overdue only", method="filter_overdue")

    class Meta:
        model = ActionItem
        fields = ["owner_agency", "state", "rag", "case", "overdue"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["case"].label_from_instance = lambda case: case.reference
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_tag = False  # the template adds the form with its own aria-label
        helper.layout = Layout(*self.form.fields, Button("apply", "Apply filters"))
        self.form.helper = helper

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(_overdue(timezone.localdate())) if value else queryset

    def applied(self) -> bool:
        return (
            self.is_bound
            and self.form.is_valid()
            and any(value not in (None, "", False) for value in self.form.cleaned_data.values())
        )


def action_filter(params) -> ActionFilter:
    return ActionFilter(params, queryset=ActionItem.objects.all())
