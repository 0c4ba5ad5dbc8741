"""The rapid review's forms (domain.md §3 "Rapid review record fields"): starting it, the
record itself with every field, and the date it was sent to the Panel. The services in
rapid_review.py make the changes."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from cscp.core.fields import LongTextField, TextField, radios

from ..lateness import RAPID_REVIEW, missing_reason
from ..models import RapidReview
from .forms import TriageForm, date_field


class RapidReviewStartForm(TriageForm):
    submit_label = "Start the rapid review"

    started_on = date_field(
        "When did the rapid review start?",
        "The rapid review's start date",
        required=True,
        help_text="For example, 27 3 2026.",
    )


class SendToPanelForm(TriageForm):
    panel_reasons = ("late_reason",)
    submit_label = "Send to the Panel"

    sent_on = date_field(
        "When was the rapid review sent to the Panel?", "The date sent to the Panel", required=True
    )
    late_reason = LongTextField(
        label="If it was sent after its due date, why?",
        required=False,
        help_text="Needed if it was sent after its 15 working days: the Panel asks the reason.",
    )

    def __init__(self, *args, due=None, **kwargs):
        self.due = due  # the rapid review's due date (Triage.rapid_review_due)
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return ["sent_on", Field.textarea("late_reason", rows=3, max_characters=10_000)]

    def clean(self):
        cleaned = super().clean()
        error = missing_reason(RAPID_REVIEW, self.due, cleaned.get("sent_on"), cleaned.get("late_reason", ""))
        if error:
            self.add_error("late_reason", error)
        return cleaned


def _text(label, **kwargs):
    return LongTextField(label=label, required=False, **kwargs)


def _signed_off(label):
    return TextField(
        label=label,
        max_length=150,
        required=False,
        help_text="Name and role of the partner or their delegate.",
    )


class RapidReviewForm(TriageForm):
    """Every field of the rapid review record (domain.md §3 "Rapid review record fields")."""

    submit_label = "Save the rapid review"

    started_on = date_field("Start date", "The rapid review's start date", required=True)
    meeting_dates = TextField(label="Meeting dates (optional)", max_length=200, required=False)
    agencies_asked = _text("Agencies asked for information (optional)")
    returns_received = _text(
        "Returns received (optional)", help_text="Individual agency summaries received, and when."
    )
    key_practice_episodes = _text("Summary of agency involvement and key practice episodes (optional)")
    context_and_inequalities = _text(
        "Context of the family's lives, including race and inequalities (optional)"
    )
    immediate_actions = _text("Immediate safeguarding actions and learning already shared (optional)")
    good_practice = _text("Good practice (optional)")
    areas_for_improvement = _text("Areas for improvement (optional)")
    reg11_improvements = forms.BooleanField(
        required=False, label="(a) It highlights or may highlight improvements needed"
    )
    reg11_recurrent_themes = forms.BooleanField(
        required=False, label="(b) It highlights or may highlight recurrent themes"
    )
    reg11_agencies_working_together = forms.BooleanField(
        required=False,
        label="(c) It highlights concerns about two or more agencies working together effectively",
    )
    reg11_panel_suggested = forms.BooleanField(
        required=False,
        label="(d) The Panel considered it and concluded a local review may be more appropriate",
    )
    reg11_notes = _text("Assessment against the criteria (optional)")
    recommendation = radios("Recommendation", RapidReview.Recommendation.choices)
    recommendation_rationale = _text("Why (optional)")
    la_signed_off_by = _signed_off("Signed off for the local authority (optional)")
    icb_signed_off_by = _signed_off("Signed off for the integrated care board (optional)")
    police_signed_off_by = _signed_off("Signed off for the police (optional)")
    panel_response_on = date_field(
        "Date of the Panel's response (optional)", "The date of the Panel's response"
    )
    panel_response = radios("The Panel's response", RapidReview.PanelResponse.choices)
    panel_response_notes = _text("Notes on the Panel's response (optional)")

    def __init__(self, *args, rapid_review: RapidReview | None = None, **kwargs):
        self.rapid_review = rapid_review
        if rapid_review is not None:
            kwargs["initial"] = {
                name: getattr(rapid_review, name) for name in self.base_fields if name != "expected_status"
            }
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].required = False
        self.fields["panel_response"].required = False

    def layout_fields(self):
        def text(name):
            return Field.textarea(name, rows=4, max_characters=10_000)

        return [
            Fieldset(
                Field("started_on"),
                Field.text("meeting_dates"),
                legend="Dates",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *map(text, ["agencies_asked", "returns_received", "key_practice_episodes"]),
                *map(
                    text,
                    [
                        "context_and_inequalities",
                        "immediate_actions",
                        "good_practice",
                        "areas_for_improvement",
                    ],
                ),
                legend="What the rapid review found",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("reg11_improvements"),
                Field.checkbox("reg11_recurrent_themes"),
                Field.checkbox("reg11_agencies_working_together"),
                Field.checkbox("reg11_panel_suggested"),
                text("reg11_notes"),
                legend="Regulation 11 criteria",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("recommendation", legend_size=Size.SMALL),
                text("recommendation_rationale"),
                legend="Recommendation",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("la_signed_off_by"),
                Field.text("icb_signed_off_by"),
                Field.text("police_signed_off_by"),
                legend="Sign-off by the three safeguarding partners",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("panel_response_on"),
                Field.radios("panel_response", legend_size=Size.SMALL),
                text("panel_response_notes"),
                legend="The Panel's response",
                legend_size=Size.MEDIUM,
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        sent = self.rapid_review.sent_to_panel_on if self.rapid_review else None
        responded = cleaned.get("panel_response") or cleaned.get("panel_response_on")
        if responded and not sent:
            field = "panel_response" if cleaned.get("panel_response") else "panel_response_on"
            self.add_error(
                field, "Record the Panel's response after the rapid review has been sent to the Panel"
            )
        elif sent and cleaned.get("panel_response_on") and cleaned["panel_response_on"] < sent:
            self.add_error(
                "panel_response_on",
                "The date of the Panel's response must be on or after the date it was sent",
            )
        return cleaned

    def service_kwargs(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "expected_status"}
