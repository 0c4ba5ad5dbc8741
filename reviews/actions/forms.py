"""The coordinator's forms for a case's recommendations and action plan. Forms validate; the
views call services.py."""

from django import forms
from django.utils import timezone

from cscp.core.fields import LongTextField, radios

from ..cases.forms import OnCaseForm, agency_field, date_field
from ..models import Rag, Recommendation

ACCEPTED_CHOICES = [("yes", "Accepted"), ("no", "Not accepted"), ("", "No response yet")]
ACCEPTED_VALUES = {"yes": True, "no": False, "": None}


class RecommendationForm(OnCaseForm):
    submit_label = "Save recommendation"
    text = LongTextField(
        label="Recommendation",
        max_length=4000,
        required_message="Enter the recommendation",
        help_text="Do not name the child or family.",
    )
    addressed_to = radios(
        "Who is it addressed to?",
        Recommendation.AddressedTo.choices,
        required_message="Select who the recommendation is addressed to",
    )
    agency = agency_field("Agency (if addressed to an agency)", "Choose the agency", required=False)
    accepted = radios("Response", ACCEPTED_CHOICES)
    response = LongTextField(label="The response (optional)", required=False, max_length=4000)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("addressed_to") == Recommendation.AddressedTo.AGENCY and not cleaned.get("agency"):
            self.add_error("agency", "Choose the agency the recommendation is addressed to")
        cleaned["accepted"] = ACCEPTED_VALUES.get(cleaned.get("accepted") or "")
        return cleaned


class ActionForm(OnCaseForm):
    submit_label = "Save action"
    action = LongTextField(label="Action", max_length=4000, required_message="Enter the action")
    owner_agency = agency_field("Owner agency", "Choose the agency that owns the action")
    owner_name = forms.CharField(label="Owner (name or role, optional)", max_length=150, required=False)
    due_on = date_field("Due date", "The due date", required=True, allow_future=True)


class ActionUpdateForm(OnCaseForm):
    submit_label = "Add update"
    note = LongTextField(label="Update", max_length=4000, required_message="Enter the update")
    rag = radios("RAG rating", Rag.choices, required_message="Select a RAG rating")


class ActionCloseForm(OnCaseForm):
    submit_label = "Close action"
    evidence = LongTextField(
        label="Evidence of completion and impact",
        max_length=4000,
        required_message="Enter the evidence that the action is complete",
    )
    closed_on = date_field(
        "Date closed",
        "The date closed",
        required=True,
        future_message="The date closed must be today or in the past",
    )

    def __init__(self, *args, action, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)

    def clean_closed_on(self):
        day = self.cleaned_data["closed_on"]
        if day and day < timezone.localtime(self.action.created_at).date():
            raise forms.ValidationError("The date closed must be on or after the date the action was added")
        return day


class CarryForwardForm(OnCaseForm):
    submit_label = "Carry forward"
    reason = LongTextField(
        label="Why is the action carried forward?",
        max_length=4000,
        required_message="Enter why the action is carried forward",
    )
