"""The coordinator's forms on a review case: a move (with its reason where one is needed),
appointing a reviewer, the case's details, a progress check; and what every form on a case
shares (OnCaseForm, date_field, agency_field: also used by documents/, involvement/ and
reviews/actions/). Forms validate; the views call the services."""

from django import forms

from cscp.accounts.models import Agency, User
from cscp.accounts.roles import Role
from cscp.core.fields import DateField, LongTextField, radios
from cscp.core.forms import GDSForm

from ..decision.identifying import reason_refusal
from ..lateness import FINAL_REPORT, missing_reason
from ..models import Methodology, Rag, ReviewStatus
from .clocks import final_report_due
from .transitions import REASON_FIELDS

REASON_LABELS = {
    ReviewStatus.NOT_PUBLISHED: "Why will the report not be published?",
    ReviewStatus.PUBLICATION_DEFERRED: "Why is publication deferred?",
    ReviewStatus.ON_HOLD: "Why is the review on hold?",
}


def date_field(
    label: str, subject: str, required=False, help_text="For example, 27 3 2026.", **kwargs
) -> DateField:
    return DateField(
        label=label,
        subject=subject,
        required_message=f"Enter {subject[0].lower()}{subject[1:]}",
        required=required,
        help_text=help_text,
        **kwargs,
    )


def agency_field(label: str, required_message: str, required=True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Agency.objects.order_by("name"),
        required=required,
        empty_label="Choose an agency",
        error_messages={"required": required_message, "invalid_choice": "Choose an agency from the list"},
    )


class MoveForm(GDSForm):
    # The stage the form was made for: a form posted after someone else moved the case is refused.
    expected = forms.CharField(widget=forms.HiddenInput, required=False)
    note = LongTextField(label="Note (optional)", required=False, max_length=2000)

    def __init__(self, *args, to: str, label: str, **kwargs):
        self.to = to
        self.submit_label = label
        super().__init__(*args, **kwargs)
        if to in REASON_FIELDS:
            note = self.fields["note"]
            note.label, note.required = REASON_LABELS[to], True
            note.error_messages["required"] = "Enter the reason"


class OnCaseForm(GDSForm):
    """A form about one case: the dates of its events (fields named *_on) may not come before
    the decision that opened it. The scope period may: it is the time the review looks back on."""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}

    # Reasons the Panel is given for a late step, which the case CSV exports: refused when they
    # identify a child or family of the case's referrals.
    panel_reasons: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            day = cleaned.get(name)
            if name.endswith("_on") and day and day < self.case.commissioned_on:
                self.add_error(name, f"{field.subject} must be on or after the decision")
        texts = [name for name in self.panel_reasons if (cleaned.get(name) or "").strip()]
        if texts:
            referrals = list(self.case.referrals.all())
            for name in texts:
                if error := reason_refusal(referrals, cleaned[name]):
                    self.add_error(name, error)
        return cleaned


class AppointForm(OnCaseForm):
    submit_label = "Appoint reviewer"
    reviewer = forms.ModelChoiceField(
        label="Reviewer",
        queryset=User.objects.none(),
        empty_label="Choose a reviewer",
        error_messages={"required": "Choose a reviewer", "invalid_choice": "Choose a reviewer from the list"},
    )
    appointed_on = date_field("Date appointed", "The date appointed", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reviewers = User.objects.filter(groups__name=Role.REVIEWER, is_active=True).order_by(
            "full_name", "email"
        )
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda user: f"{user.full_name} ({user.email})"


class DetailsForm(OnCaseForm):
    submit_label = "Save details"
    panel_reasons = ("final_report_late_reason",)
    pseudonym = forms.CharField(
        label="Pseudonym for the published report (optional)",
        max_length=100,
        required=False,
        help_text="As agreed with the family, for example Child Q. Never the child's real name.",
    )
    methodology = radios("Methodology", [("", "Not decided yet"), *Methodology.choices])
    methodology_other = forms.CharField(label="If other, which methodology?", max_length=200, required=False)
    scope_from = date_field("Scope period starts", "The start of the scope period")
    scope_to = date_field("Scope period ends", "The end of the scope period")
    terms_of_reference = LongTextField(
        label="Terms of reference",
        required=False,
        max_length=10000,
        help_text="Do not name the child or family.",
    )
    panel_informed_on = date_field("When was the Panel told of the review?", "The date the Panel was told")
    ofsted_informed_on = date_field("When was Ofsted told of the review?", "The date Ofsted was told")
    dfe_informed_on = date_field("When was the DfE told of the review?", "The date the DfE was told")
    final_report_sent_panel_on = date_field(
        "Final report sent to the Panel", "The date the final report was sent to the Panel"
    )
    final_report_sent_sos_on = date_field(
        "Final report sent to the Secretary of State",
        "The date the final report was sent to the Secretary of State",
    )
    final_report_sent_ofsted_on = date_field(
        "Final report sent to Ofsted", "The date the final report was sent to Ofsted"
    )
    planned_publication_on = date_field(
        "Planned publication date (optional)",
        "The planned publication date",
        allow_future=True,
        help_text="The final report must reach the Panel and the Secretary of State at least 7 "
        "working days before. For example, 27 3 2026.",
    )
    final_report_late_reason = LongTextField(
        label="If the final report was sent late, why?",
        required=False,
        max_length=10000,
        help_text="Needed when it went to the Panel and the Secretary of State less than 7 working "
        "days before the planned publication date. The Panel asks the reason. Do not name the "
        "child or family.",
    )

    # Changing any of these can make the final report late (a planned date moved earlier, a
    # sending date recorded after its due date), so the reason is asked then.
    FINAL_REPORT_FIELDS = (
        "planned_publication_on",
        "final_report_sent_panel_on",
        "final_report_sent_sos_on",
        "final_report_late_reason",
    )

    def clean(self):
        cleaned = super().clean()
        self._check_final_report_late(cleaned)
        start, end = cleaned.get("scope_from"), cleaned.get("scope_to")
        if start and end and end < start:
            self.add_error("scope_to", "The end of the scope period must be on or after its start")
        if (
            cleaned.get("methodology") == Methodology.OTHER
            and not cleaned.get("methodology_other", "").strip()
        ):
            self.add_error("methodology_other", "Enter the methodology")
        return cleaned

    def _check_final_report_late(self, cleaned) -> None:
        if not set(self.FINAL_REPORT_FIELDS) & set(self.changed_data):
            return  # an unrelated change is never held up by an old lateness
        planned = cleaned.get("planned_publication_on")
        sent = (cleaned.get("final_report_sent_panel_on"), cleaned.get("final_report_sent_sos_on"))
        if planned is None or not all(sent):
            return
        error = missing_reason(
            FINAL_REPORT, final_report_due(planned), max(sent), cleaned.get("final_report_late_reason", "")
        )
        if error:
            self.add_error("final_report_late_reason", error)


class ProgressForm(OnCaseForm):
    submit_label = "Record progress check"
    checked_on = date_field("Date of the check", "The date of the check", required=True)
    rag = radios("RAG rating", Rag.choices, required_message="Select a RAG rating")
    notes = LongTextField(
        label="Notes", required=False, max_length=4000, help_text="Do not name the child or family."
    )
    info_requested_in_writing_on = date_field(
        "Information requested in writing (optional)", "The date information was requested"
    )


class LateReasonForm(OnCaseForm):
    """Why one of the case's steps was late, on its own page wherever the step shows it was
    late with no reason kept (a planned date moved earlier, a date recorded before the reason
    was asked)."""

    submit_label = "Save the reason"
    panel_reasons = ("reason",)
    reason = LongTextField(
        label="Why was it late?", max_length=10000, required_message="Enter why it was late"
    )

    def __init__(self, *args, question: str, reason: str = "", **kwargs):
        kwargs.setdefault("initial", {})["reason"] = reason
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = question
        self.fields["reason"].help_text = "The Panel asks the reason. Do not name the child or family."
