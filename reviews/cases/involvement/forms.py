"""The coordinator's forms for who took part in a review: agency contributions, practitioner
events, the family's involvement. Forms validate; the views call contributions.py and services.py."""

from django import forms

from cscp.accounts.models import Agency
from cscp.calendar import long_date
from cscp.core.fields import LongTextField, TextField, radios

from ...lateness import CONTRIBUTION, missing_reason
from ...models import AgencyContribution, FamilyEngagement, PractitionerEvent
from ..forms import OnCaseForm, agency_field, date_field
from .services import AFTER_INVITATION

NO_NAMES = "Do not name the child or family."


class ContributionForm(OnCaseForm):
    submit_label = "Request contribution"
    agency = agency_field("Agency", "Choose the agency")
    kind = radios(
        "What has been asked for?",
        AgencyContribution.Kind.choices,
        required_message="Select what has been asked for",
    )
    contact = TextField(
        label="Contact at the agency (optional)",
        max_length=150,
        required=False,
        help_text="Name or role of who is providing it.",
    )
    requested_on = date_field("Date requested", "The date requested", required=True)
    due_on = date_field("Due date (optional)", "The due date", allow_future=True)
    notes = LongTextField(label="Notes (optional)", required=False, max_length=4000, help_text=NO_NAMES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "due_on"
        ].help_text = "Leave blank for 20 working days after the request. For example, 27 3 2026."

    def clean(self):
        cleaned = super().clean()
        requested, due = cleaned.get("requested_on"), cleaned.get("due_on")
        if requested and due and due < requested:
            self.add_error("due_on", "The due date must be on or after the date requested")
        return cleaned


class OnContributionForm(OnCaseForm):
    """A form about one contribution: its dates may not come before it was requested."""

    def __init__(self, *args, contribution: AgencyContribution, **kwargs):
        self.contribution = contribution
        super().__init__(*args, **kwargs)

    def not_before_request(self, name: str, message: str):
        day = self.cleaned_data[name]
        if day and day < self.contribution.requested_on:
            raise forms.ValidationError(message)
        return day


class ContributionChangeForm(OnContributionForm):
    submit_label = "Save changes"
    due_on = date_field("Due date", "The due date", required=True, allow_future=True)
    contact = ContributionForm.base_fields["contact"]
    notes = ContributionForm.base_fields["notes"]

    def clean_due_on(self):
        return self.not_before_request("due_on", "The due date must be on or after the date requested")


class ContributionReceivedForm(OnContributionForm):
    submit_label = "Save"
    panel_reasons = ("late_reason",)
    received_on = date_field("Date received", "The date received", required=True)
    document = forms.ModelChoiceField(
        label="Document (optional)",
        queryset=None,
        required=False,
        empty_label="No document",
        help_text="Upload it under Documents first to choose it here.",
        error_messages={"invalid_choice": "Choose a document of this review from the list"},
    )
    late_reason = LongTextField(
        label="If it came after its due date, why?",
        required=False,
        max_length=4000,
        help_text=f"Needed when it came late. The Panel asks the reason. {NO_NAMES}",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = self.case.documents.order_by("kind", "title", "id")
        self.fields["late_reason"].help_text = (
            f"Needed when it came after {long_date(self.contribution.due_on)}, its due date. "
            f"The Panel asks the reason. {NO_NAMES}"
        )

    def clean_received_on(self):
        return self.not_before_request(
            "received_on", "The date received must be on or after the date requested"
        )

    def clean(self):
        cleaned = super().clean()
        error = missing_reason(
            CONTRIBUTION, self.contribution.due_on, cleaned.get("received_on"), cleaned.get("late_reason", "")
        )
        if error:
            self.add_error("late_reason", error)
        return cleaned


class PractitionerEventForm(OnCaseForm):
    submit_label = "Save event"
    kind = radios(
        "What kind of event?", PractitionerEvent.Kind.choices, required_message="Select the kind of event"
    )
    held_on = date_field(
        "Date",
        "The date of the event",
        required=True,
        allow_future=True,  # an event may be planned: shown as planned until its day
        help_text="The day it was held or, for one still to come, the day it is planned. For example, 27 3 2026.",
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies taking part (optional)",
        queryset=Agency.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select agencies from the list",
            "invalid_pk_value": "Select agencies from the list",
        },
    )
    attendees = forms.IntegerField(
        label="Number of practitioners attending (optional)",
        required=False,
        min_value=0,
        max_value=999,
        error_messages={
            "invalid": "The number attending must be a whole number, like 12",
            "min_value": "The number attending must be 0 or more",
            "max_value": "The number attending must be 999 or fewer",
        },
    )
    notes = LongTextField(
        label="Notes (optional)",
        required=False,
        max_length=4000,
        help_text="Refer to practitioners by role. Do not name the child or family.",
    )


INVITED_MESSAGE = "Enter the date invited: they cannot answer or take part before they are invited"
TOLD_MESSAGE = "Give either the date they were told before publication or why they were not, not both"
DECLINED_MESSAGE = (
    "They cannot have declined and contributed: change the response or remove the date they contributed"
)


class FamilyEngagementForm(OnCaseForm):
    submit_label = "Save"
    relationship = TextField(
        label="Relationship to the child",
        max_length=100,
        required_message="Enter their relationship to the child",
        help_text="Not their name. For example, Mother, Grandfather, Sibling.",
    )
    invited_on = date_field("Date invited to take part (optional)", "The date invited")
    response = radios(
        "Their response (optional)", [*FamilyEngagement.Response.choices, ("", "Not known yet")]
    )
    contributed_on = date_field("Date they contributed (optional)", "The date they contributed")
    draft_shared_on = date_field("Date the draft was shared (optional)", "The date the draft was shared")
    pseudonym_agreed_on = date_field(
        "Date the pseudonym was agreed (optional)", "The date the pseudonym was agreed"
    )
    told_of_publication_on = date_field(
        "Date told before publication (optional)", "The date they were told before publication"
    )
    not_told_reason = LongTextField(
        label="If they were not told before publication, why not? (optional)",
        required=False,
        max_length=4000,
        help_text=NO_NAMES,
    )
    support_offered = LongTextField(
        label="Support offered (optional)", required=False, max_length=4000, help_text=NO_NAMES
    )
    notes = LongTextField(label="Notes (optional)", required=False, max_length=4000, help_text=NO_NAMES)

    def clean(self):
        cleaned = super().clean()
        invited = cleaned.get("invited_on")
        later = [name for name in AFTER_INVITATION if cleaned.get(name)]
        if invited:
            for name in later:
                if cleaned[name] < invited:
                    subject = self.fields[name].subject
                    self.add_error(name, f"{subject} must be on or after the date invited")
        elif (later or cleaned.get("response")) and "invited_on" not in self.errors:
            self.add_error("invited_on", INVITED_MESSAGE)
        if cleaned.get("told_of_publication_on") and cleaned.get("not_told_reason", "").strip():
            self.add_error("not_told_reason", TOLD_MESSAGE)
        if cleaned.get("response") == FamilyEngagement.Response.DECLINED and cleaned.get("contributed_on"):
            self.add_error("response", DECLINED_MESSAGE)
        return cleaned
