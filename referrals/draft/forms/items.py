"""The repeatable parts of the referral: each child, family member or agency on its own page
(domain.md §3 D, E, F)."""

from datetime import timedelta

from crispy_forms_gds.layout import Field
from django.core.exceptions import ValidationError

from cscp.core.fields import DateField, LongTextField, TextField, format_date, radios, today
from cscp.core.layout import Reveal, RevealRadios, long_text, text

from ...models import Child, YesNoUnknown
from .base import AgencyField, DraftForm

ADDRESS_MAX = 500
# A pregnancy lasts about 40 weeks: a due date further off than this is a typing mistake.
DUE_DATE_HORIZON = timedelta(weeks=43)

UNBORN_CHOICES = [("no", "No, the child had been born"), ("yes", "Yes, the child was unborn")]


class ChildForm(DraftForm):
    full_name = TextField(
        label="Full name or initials", max_length=150, required_message="Enter the child's name or initials"
    )
    other_names = TextField(label="Other names they are known by (optional)", max_length=200, required=False)
    is_unborn = radios(
        "Was the child unborn when the incident happened?",
        UNBORN_CHOICES,
        required_message="Select whether the child was unborn when the incident happened",
    )
    date_of_birth = DateField(
        label="Date of birth",
        help_text="For example, 27 3 2019",
        subject="Date of birth",
        required_message="Enter the child's date of birth",
        future_message="Date of birth must be in the past",
        required=False,
    )
    expected_due_date = DateField(
        label="Expected due date",
        help_text="For example, 27 3 2026",
        subject="The expected due date",
        required_message="Enter the expected due date",
        allow_future=True,
        required=False,
    )
    sex = radios("Sex (optional)", Child.Sex.choices)
    ethnicity = TextField(label="Ethnicity (optional)", max_length=100, required=False)
    home_address = LongTextField(label="Home address (optional)", max_length=ADDRESS_MAX, required=False)
    school_or_setting = TextField(
        label="School, nursery or other setting (optional)", max_length=200, required=False
    )
    legal_status = radios("Legal status when the incident happened (optional)", Child.LegalStatus.choices)
    date_of_death = DateField(
        label="Date of death (optional)",
        help_text="Only if the child has died.",
        subject="The date of death",
        required_message="Enter the date of death",
        required=False,
    )
    revealed = {"date_of_birth": ("is_unborn", "no"), "expected_due_date": ("is_unborn", "yes")}
    summary_labels = {"full_name": "Name", "is_unborn": "Unborn when the incident happened"}

    def layout_fields(self):
        return [
            text("full_name"),
            text("other_names", width=30),
            RevealRadios(
                "is_unborn",
                Reveal(UNBORN_CHOICES[0][1], Field("date_of_birth")),
                Reveal(UNBORN_CHOICES[1][1], Field("expected_due_date")),
            ),
            Field.radios("sex", inline=True),
            text("ethnicity"),
            long_text("home_address", rows=3, max_characters=ADDRESS_MAX),
            text("school_or_setting", width=30),
            Field.radios("legal_status"),
            Field("date_of_death"),
        ]

    def stored_value(self, instance, name):
        if name == "is_unborn":
            # A new child has not answered the question yet: leave both radios unselected.
            return ("yes" if instance.is_unborn else "no") if instance.pk else None
        return super().stored_value(instance, name)

    def answers_to_keep(self):
        answers = super().answers_to_keep()
        if "is_unborn" in answers:
            answers["is_unborn"] = answers["is_unborn"] == "yes"
        return answers

    def display(self, name, field):
        if name == "is_unborn":
            return {"yes": "Yes", "no": "No"}.get(self.initial.get(name), "")
        return super().display(name, field)

    def clean(self):
        cleaned = super().clean()
        unborn = cleaned.get("is_unborn")
        if unborn == "no":
            self.require("date_of_birth", "Enter the child's date of birth")
        elif unborn == "yes":
            self.require("expected_due_date", "Enter the expected due date")
        born, due, died = (
            cleaned.get("date_of_birth"),
            cleaned.get("expected_due_date"),
            cleaned.get("date_of_death"),
        )
        incident = self.referral.incident_date
        if born and incident and born > incident:
            self.add_error(
                "date_of_birth",
                f"Date of birth must be before the incident date ({format_date(incident)}). If the child "
                "was born after the incident, select 'Yes, the child was unborn'",
            )
        if due and due > today() + DUE_DATE_HORIZON:
            self.add_error("expected_due_date", "The expected due date must be within the next 10 months")
        if born and died and died < born:
            self.add_error(
                "date_of_death", "The date of death must be the same as or after the date of birth"
            )
        return cleaned


class FamilyMemberForm(DraftForm):
    full_name = TextField(label="Full name", max_length=150, required_message="Enter the person's full name")
    relationship = TextField(
        label="Relationship to the child or children",
        help_text="For example, mother, stepfather, grandmother or mother's partner.",
        max_length=100,
        required_message="Enter their relationship to the child",
    )
    date_of_birth = DateField(
        label="Date of birth (optional)",
        help_text="For example, 27 3 1990",
        subject="Date of birth",
        required_message="Enter their date of birth",
        future_message="Date of birth must be in the past",
        required=False,
    )
    address = LongTextField(label="Address (optional)", max_length=ADDRESS_MAX, required=False)
    household_member = radios("Did they live in the child's household? (optional)", YesNoUnknown.choices)
    alleged_perpetrator = radios("Are they suspected of harming the child? (optional)", YesNoUnknown.choices)
    summary_labels = {
        "full_name": "Name",
        "household_member": "Lived in the child's household",
        "alleged_perpetrator": "Suspected of harming the child",
    }

    def layout_fields(self):
        return [
            text("full_name"),
            text("relationship"),
            Field("date_of_birth"),
            long_text("address", rows=3, max_characters=ADDRESS_MAX),
            Field.radios("household_member", inline=True),
            Field.radios("alleged_perpetrator", inline=True),
        ]


class AgencyInvolvedForm(DraftForm):
    agency = AgencyField(
        label="Agency",
        help_text="Choose the agency from the list. If it is not there, enter its name below.",
        empty_label="Not on the list",
        required=False,
        error_messages={"invalid_choice": "Select the agency from the list"},
    )
    agency_name = TextField(
        label="If the agency is not on the list, enter its name", max_length=200, required=False
    )
    contact_name = TextField(label="Contact name (optional)", max_length=150, required=False)
    contact_details = TextField(
        label="Contact email address or telephone number (optional)", max_length=200, required=False
    )
    involvement = LongTextField(
        label="What was their involvement with the child or family? (optional)", required=False
    )
    still_involved = radios("Are they still involved? (optional)", YesNoUnknown.choices)
    summary_labels = {"agency_name": "Agency (not on the list)", "involvement": "Involvement"}

    def layout_fields(self):
        return [
            Field.select("agency"),
            text("agency_name", width=30),
            text("contact_name"),
            text("contact_details", width=30),
            long_text("involvement", rows=4),
            Field.radios("still_involved", inline=True),
        ]

    def clean(self):
        cleaned = super().clean()
        chosen, named = cleaned.get("agency"), cleaned.get("agency_name")
        if "agency" in self.errors or "agency_name" in self.errors:
            return cleaned
        if not chosen and not named:
            self.add_error(
                "agency",
                ValidationError("Select the agency from the list, or enter its name", code="required"),
            )
        elif chosen and named:
            self.add_error("agency_name", "Select the agency from the list or enter its name, not both")
        return cleaned
