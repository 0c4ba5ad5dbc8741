"""Pages about what else is going on: other investigations and reviews, whether the family has
been told, media interest (domain.md §3 H)."""

from crispy_forms_gds.layout import Field

from cscp.core.fields import DateField, LongTextField, TextField, checkboxes, radios
from cscp.core.layout import Reveal, RevealRadios, long_text, text

from ...models import ParallelProcess, YesNo, YesNoUnknown
from .base import DraftForm


class ParallelProcessesForm(DraftForm):
    parallel_processes = checkboxes(
        "Are any of these under way or planned?",
        ParallelProcess.choices,
        help_text="Select all that apply. Leave them all unselected if none are.",
    )
    parallel_processes_details = LongTextField(
        label="Details (optional)",
        help_text="For example, the investigating officer, the inquest date or the review's lead.",
        required=False,
    )
    summary_labels = {"parallel_processes": "Under way or planned", "parallel_processes_details": "Details"}

    def layout_fields(self):
        return [Field.checkboxes("parallel_processes"), long_text("parallel_processes_details", rows=4)]

    def display(self, name, field):
        value = super().display(name, field)
        return value or ("None" if name == "parallel_processes" else "")


class FamilyToldForm(DraftForm):
    family_informed = radios(
        "Has the child's family been told about this referral?",
        YesNo.choices,
        required_message="Select yes if the family has been told about this referral",
    )
    family_informed_date = DateField(
        label="When were they told?",
        subject="The date the family was told",
        required_message="Enter the date the family was told",
        required=False,
    )
    family_informed_by = TextField(label="Who told them?", max_length=200, required=False)
    family_not_informed_reason = LongTextField(label="Why have they not been told?", required=False)
    revealed = {
        "family_informed_date": ("family_informed", YesNo.YES),
        "family_informed_by": ("family_informed", YesNo.YES),
        "family_not_informed_reason": ("family_informed", YesNo.NO),
    }
    summary_labels = {
        "family_informed": "Family told",
        "family_informed_date": "When",
        "family_informed_by": "By whom",
        "family_not_informed_reason": "Why not",
    }

    def layout_fields(self):
        return [
            RevealRadios(
                "family_informed",
                Reveal("Yes", Field("family_informed_date"), text("family_informed_by", width=30)),
                Reveal("No", long_text("family_not_informed_reason", rows=4)),
            )
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("family_informed") == YesNo.YES:
            self.require("family_informed_date", "Enter the date the family was told")
            self.require("family_informed_by", "Enter who told the family")
        elif cleaned.get("family_informed") == YesNo.NO:
            self.require("family_not_informed_reason", "Enter why the family has not been told")
        return cleaned


class MediaForm(DraftForm):
    media_interest = radios(
        "Has there been any media interest in the case?",
        YesNoUnknown.choices,
        required_message="Select yes if there has been media interest, or 'Not known'",
    )
    media_interest_details = LongTextField(label="Tell us about the media interest", required=False)
    revealed = {"media_interest_details": ("media_interest", YesNoUnknown.YES)}
    summary_labels = {"media_interest": "Media interest", "media_interest_details": "Details"}

    def layout_fields(self):
        return [
            RevealRadios(
                "media_interest",
                Reveal("Yes", long_text("media_interest_details", rows=4)),
                Reveal("No"),
                Reveal("Not known"),
            )
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("media_interest") == YesNoUnknown.YES:
            self.require("media_interest_details", "Enter what media interest there has been")
        return cleaned
