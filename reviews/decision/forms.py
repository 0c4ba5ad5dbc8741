"""The decision form (issue 4 scope 7) and the record of who was told of the decision (scope 8:
when, how and by whom, or why not). They check what was typed and say what to fix; the services
(services.decision_record, communications.communication_record) make the change and check
again."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.core.fields import DateField, LongTextField, TextField, checkboxes, format_date, radios
from cscp.core.layout import Reveal, RevealRadios, long_text

from ..models import OUTCOME_REVIEW_TYPES, Communication, DecisionOutcome, ReviewCase, ReviewStatus
from . import identifying
from .communications import MAY_GIVE_REASON, RECORDED_RECIPIENTS
from .services import REG11_CRITERIA
from .similar import SimilarItem

Outcome = DecisionOutcome
# The similar referrals and reviews: each one considered, or this (never nothing at all).
NONE_OF_THESE = "none"
SIMILAR_REQUIRED = "Select the similar referrals and reviews the Review Group considered, or 'None of these'"


def decision_makers():
    """Who may be listed as present: active members and coordinators."""
    return (
        User.objects.filter(groups__name__in=[Role.MEMBER, Role.COORDINATOR], is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def open_review_cases():
    return ReviewCase.objects.exclude(status=ReviewStatus.CLOSED).order_by("-commissioned_on", "-pk")


class LinkedReviewField(forms.ModelChoiceField):
    def label_from_instance(self, case):
        return f"{case.reference}: {case.get_review_type_display()} ({case.get_status_display().lower()})"


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


def partner_field(label: str, partner: str) -> TextField:
    """Who agreed the decision for one of the three safeguarding partners."""
    return TextField(
        label=label,
        help_text="Name and role of the partner or their delegate who agreed.",
        max_length=150,
        required_message=f"Enter who agreed for {partner}",
    )


class DecisionForm(forms.Form):
    expected = forms.CharField(widget=forms.HiddenInput)
    outcome = radios(
        "What did the Review Group decide?",
        Outcome.choices,
        required_message="Select the Review Group's decision",
    )
    referred_to = TextField(
        label="Which process was it referred to?",
        max_length=200,
        required=False,
        help_text="For example, a domestic homicide review or a child death review.",
    )
    linked_review = LinkedReviewField(
        label="Which review is it linked to?",
        queryset=ReviewCase.objects.none(),
        required=False,
        empty_label="Choose a review",
        error_messages={"invalid_choice": "Choose a review from the list"},
    )
    rationale = LongTextField(
        label="Rationale",
        help_text="Why the Review Group decided this. Internal: the referrer never sees it.",
        required_message="Enter the rationale for the decision",
    )
    message_to_referrer = LongTextField(
        label="Message to the referrer",
        help_text="The referrer sees this with the outcome. The rationale above is internal. "
        "Do not name the child or family.",
        required_message="Enter the message to the referrer",
    )
    criteria_met = checkboxes(
        "Which of the regulation 11 criteria does the case meet?",
        list(REG11_CRITERIA.items()),
        help_text="Select all that apply. Meeting them does not mean a review must be done.",
    )
    criteria_notes = LongTextField(label="Notes on the criteria (optional)", required=False)
    similar = checkboxes(
        "Which similar referrals and reviews did the Review Group consider?",
        [],
        help_text="Suggested because they share criteria, themes, agencies or a similar description. "
        "Select each one the group considered, or 'None of these'.",
        required_message=SIMILAR_REQUIRED,
    )
    decided_on = DateField(
        label="Date of the decision",
        help_text="The date of the Review Group meeting. For example, 27 3 2026.",
        subject="The date of the decision",
        required_message="Enter the date of the decision",
    )
    members_present = MembersField(
        label="Who was present?",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the members who were present",
            "invalid_choice": "Select from the options shown",
            "invalid_pk_value": "Select from the options shown",
        },
    )
    la_agreed_by = partner_field("Local authority", "the local authority")
    icb_agreed_by = partner_field("Integrated care board", "the integrated care board")
    police_agreed_by = partner_field("Police", "the police")
    dissent = LongTextField(
        label="Dissent (optional)", help_text="Any member's disagreement and why.", required=False
    )

    def __init__(
        self, data=None, *, referral, similar_items: list[SimilarItem], members=None, cases=None, **kwargs
    ):
        super().__init__(data, **kwargs)
        self.referral = referral
        self.similar_items = {item.key: item for item in similar_items}
        # Nothing starts ticked (issue 17 §4): the group says what it considered, or that none
        # of them was relevant. With nothing suggested there is nothing to choose.
        self.fields["similar"].choices = [(item.key, similar_label(item)) for item in similar_items]
        self.fields["similar"].choices += [(NONE_OF_THESE, "None of these was relevant")]
        self.fields["similar"].required = bool(similar_items)
        self.fields["members_present"].queryset = members if members is not None else decision_makers()
        self.fields["linked_review"].queryset = cases if cases is not None else open_review_cases()
        self.initial.setdefault("expected", referral.status)
        self.initial.setdefault("decided_on", timezone.localdate())
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(*self.layout_fields())

    def layout_fields(self):
        similar = (
            [Field("similar", template="reviews/decision/_similar_checkboxes.html")]
            if self.similar_items
            else [
                HTML(
                    '<p class="govuk-body">The service found no similar current or recent referrals or reviews.</p>'
                )
            ]
        )
        return [
            "expected",
            RevealRadios(
                "outcome",
                *(
                    Reveal(label)
                    for label in (
                        Outcome.SPR.label,
                        Outcome.LEARNING_REVIEW.label,
                        Outcome.NEAR_MISS_INQUIRY.label,
                        Outcome.NO_REVIEW.label,
                    )
                ),
                Reveal(Outcome.REFERRED_ELSEWHERE.label, Field.text("referred_to")),
                Reveal(Outcome.LINKED_TO_REVIEW.label, Field.select("linked_review")),
            ),
            long_text("rationale", rows=8),
            long_text("message_to_referrer", rows=6),
            Fieldset(
                Field.checkboxes("criteria_met", small=True),
                long_text("criteria_notes", rows=3),
                legend="Criteria assessment",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            *similar,
            Field("decided_on"),
            Field.checkboxes("members_present", small=True),
            Fieldset(
                Field.text("la_agreed_by"),
                Field.text("icb_agreed_by"),
                Field.text("police_agreed_by"),
                legend="Agreement of the three safeguarding partners",
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            long_text("dissent", rows=4),
            Button("continue", "Continue"),
        ]

    def clean_similar(self) -> list[str]:
        chosen = self.cleaned_data["similar"]
        if NONE_OF_THESE in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                "Select the referrals and reviews considered, or 'None of these', not both"
            )
        return [key for key in chosen if key != NONE_OF_THESE]

    def clean_message_to_referrer(self) -> str:
        """Refused while it holds what identifies the child or family (the guard's matcher
        on the referral's own terms), saying what was found: the staff member typed it."""
        message = self.cleaned_data["message_to_referrer"]
        found = identifying.what_identifies(self.referral, message)
        if found:
            raise forms.ValidationError(identifying.refusal("The message", found))
        return message

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == Outcome.REFERRED_ELSEWHERE:
            if not cleaned.get("referred_to") and "referred_to" not in self.errors:
                self.add_error("referred_to", "Enter which process it was referred to")
        else:
            self._errors.pop("referred_to", None)
            cleaned["referred_to"] = ""
        if outcome == Outcome.LINKED_TO_REVIEW:
            if not cleaned.get("linked_review") and "linked_review" not in self.errors:
                self.add_error("linked_review", "Choose the review it is linked to")
        else:
            self._errors.pop("linked_review", None)
            cleaned["linked_review"] = None
        decided_on = self.cleaned_data.get("decided_on")
        submitted = self.referral.submitted_at and timezone.localdate(self.referral.submitted_at)
        if decided_on and submitted and decided_on < submitted:
            self.add_error(
                "decided_on",
                f"The date of the decision must be on or after the date the referral was submitted ({format_date(submitted)})",
            )
        return cleaned

    # What the confirm page shows and the service receives.

    def chosen_similar(self) -> list[SimilarItem]:
        return [self.similar_items[key] for key in self.cleaned_data.get("similar", [])]

    def criteria_labels(self) -> list[str]:
        return [REG11_CRITERIA[key] for key in self.cleaned_data.get("criteria_met", [])]

    # The answers in words, for the confirm page.

    def outcome_label(self) -> str:
        return Outcome(self.cleaned_data["outcome"]).label

    def opens_review(self) -> bool:
        return self.cleaned_data["outcome"] in OUTCOME_REVIEW_TYPES

    def criteria_text(self) -> str:
        return "\n".join(self.criteria_labels())

    def similar_text(self) -> str:
        # References and states only: what they share was shown on the form.
        chosen = [similar_label(item, shared=False) for item in self.chosen_similar()]
        if not chosen and self.similar_items:
            return "None of the suggested referrals and reviews was relevant"
        return "\n".join(chosen)

    def decided_on_text(self) -> str:
        return format_date(self.cleaned_data["decided_on"])

    def members_text(self) -> str:
        return "\n".join(user.full_name or user.email for user in self.cleaned_data["members_present"])

    def service_answers(self) -> dict:
        data = self.cleaned_data
        chosen = self.chosen_similar()
        return {
            "expected": data["expected"],
            "outcome": data["outcome"],
            "referred_to": data.get("referred_to", ""),
            "linked_review": data.get("linked_review"),
            "rationale": data["rationale"],
            "message_to_referrer": data["message_to_referrer"],
            "criteria_assessment": {
                "met": data.get("criteria_met", []),
                "notes": data.get("criteria_notes", ""),
            },
            "similar_referrals": [item.pk for item in chosen if item.kind == "referral"],
            "similar_reviews": [item.pk for item in chosen if item.kind == "review"],
            "decided_on": data["decided_on"],
            "members_present": list(data["members_present"]),
            "la_agreed_by": data["la_agreed_by"],
            "icb_agreed_by": data["icb_agreed_by"],
            "police_agreed_by": data["police_agreed_by"],
            "dissent": data.get("dissent", ""),
        }


def similar_label(item: SimilarItem, *, shared: bool = True) -> str:
    """A reference, its state and what it shares: never a name."""
    kind = "Referral" if item.kind == "referral" else "Review"
    shared = "; ".join(item.shared) if shared else ""
    label = f"{kind} {item.reference} ({item.state.lower()})"
    return f"{label}: {shared}" if shared else label


# --- Who was told of the decision ------------------------------------------------------------

TOLD = (("yes", "Yes"), ("no", "No"))
# The channels a coordinator chooses from; "This service" is the referrer's automatic row.
CHANNELS = [c for c in Communication.Channel.choices if c[0] != Communication.Channel.PORTAL]


class CommunicationForm(forms.Form):
    recipient = radios(
        "Who was told?",
        [(r.value, r.label) for r in RECORDED_RECIPIENTS],
        required_message="Select who was told",
    )
    told = radios("Were they told of the decision?", TOLD, required_message="Select yes if they were told")
    sent_on = DateField(
        label="When were they told?",
        help_text="For example, 27 3 2026.",
        subject="The date they were told",
        required_message="Enter the date they were told",
        required=False,
    )
    channel = radios("How were they told?", CHANNELS)
    by_whom = TextField(label="Who told them?", max_length=150, required=False)
    not_sent_reason = LongTextField(label="Why were they not told?", required=False)
    summary = LongTextField(
        label="Notes (optional)",
        help_text="What they were told. Do not name the child or family.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].required = False
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.radios("recipient", legend_size=Size.SMALL),
            RevealRadios(
                "told",
                Reveal("Yes", Field("sent_on"), Field.radios("channel", small=True), Field.text("by_whom")),
                Reveal("No", long_text("not_sent_reason", rows=3)),
            ),
            long_text("summary", rows=3),
            Button("record", "Record communication"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("told") == "yes":
            self._require("sent_on", "Enter the date they were told")
            self._require("channel", "Select how they were told")
            self._require("by_whom", "Enter who told them")
            cleaned["not_sent_reason"] = ""
        elif cleaned.get("told") == "no":
            for name in ("sent_on", "channel", "by_whom"):
                self._errors.pop(name, None)
                cleaned[name] = None if name == "sent_on" else ""
            if cleaned.get("recipient") and cleaned["recipient"] not in MAY_GIVE_REASON:
                self.add_error("told", "The Panel, Ofsted and the DfE must be told: enter when and how")
            else:
                self._require("not_sent_reason", "Enter why they were not told")
        return cleaned

    def _require(self, name, message):
        if name not in self.errors and not self.cleaned_data.get(name):
            self.add_error(name, message)

    def service_answers(self) -> dict:
        data = self.cleaned_data
        return {
            "recipient": data["recipient"],
            "channel": data.get("channel") or "",
            "sent_on": data.get("sent_on"),
            "by_whom": data.get("by_whom") or "",
            "not_sent_reason": data.get("not_sent_reason") or "",
            "summary": data.get("summary") or "",
        }
