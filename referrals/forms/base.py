"""What every page of the referral form shares: GOV.UK fields with instruction-style messages,
the two buttons, and how a page's answers are copied onto the draft.

A page saves every answer that is valid, even when another answer on it is not, so nothing
typed is lost: the page is shown again with the typed values and the errors, and what could be
kept is already in the database. A page counts as complete when its form, filled from what is
stored, validates (`DraftForm.stored`), so the rules live in one place.
"""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Div, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cscp.accounts.models import Agency

# Long answers are capped so that a pasted document gets a message, not a slow page or a 500.
TEXT_MAX = 10_000
TEXT_ROWS = 6


def today() -> date:
    return timezone.localdate()


def format_date(value: date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def subject_of(label: str) -> str:
    """ "Job title (optional)" -> "Job title": the name used in error messages."""
    return label.removesuffix(" (optional)")


# --- Fields ------------------------------------------------------------------------------------


class TextField(forms.CharField):
    """A one-line answer. No maxlength attribute: GOV.UK lets people type past a limit and
    tells them, rather than silently cutting what they paste."""

    def __init__(self, *, label, max_length, required_message="", required=True, **kwargs):
        subject = subject_of(label)
        messages = {
            "required": required_message or f"Enter {subject[0].lower()}{subject[1:]}",
            "max_length": f"{subject} must be {max_length:,} characters or less",
            "null_characters_not_allowed": f"{subject} must not contain null characters",
        }
        super().__init__(
            label=label, max_length=max_length, required=required, error_messages=messages, **kwargs
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class LongTextField(TextField):
    """A free-text answer of up to TEXT_MAX characters, with a GOV.UK character count."""

    widget = forms.Textarea

    def __init__(self, *, max_length=TEXT_MAX, **kwargs):
        super().__init__(max_length=max_length, **kwargs)

    def widget_attrs(self, widget):
        # crispy-forms-gds 2.0.1 reads this attribute for a character count without setting it
        # first (a KeyError when the field has no hint): start it empty.
        return {**super().widget_attrs(widget), "aria-describedby": ""}

    def to_python(self, value):
        # Browsers send line breaks as CRLF but count them as one character: count them the
        # same way here, or a full box would be refused for characters nobody can see.
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class DateField(DateInputField):
    """The GOV.UK date input (day, month, year boxes) with its recommended messages:
    "Enter the incident date", "The incident date must include a month", "... must be a real
    date". Unless `allow_future`, a date after today is refused with `future_message`."""

    def __init__(
        self,
        *,
        label,
        subject,
        required_message,
        future_message="",
        allow_future=False,
        required=True,
        **kwargs,
    ):
        self.subject = subject
        self.future_message = future_message or f"{subject} must be today or in the past"
        self.allow_future = allow_future
        number = RegexValidator(r"^[0-9]{1,2}$", f"{subject} must be a real date")
        year = RegexValidator(r"^[0-9]{4}$", "Year must include 4 numbers")
        parts = (
            forms.CharField(
                error_messages={"incomplete": f"{subject} must include a day"}, validators=[number]
            ),
            forms.CharField(
                error_messages={"incomplete": f"{subject} must include a month"}, validators=[number]
            ),
            forms.CharField(
                error_messages={"incomplete": f"{subject} must include a year"}, validators=[year]
            ),
        )
        messages = {"required": required_message, "incomplete": required_message}
        forms.MultiValueField.__init__(
            self,
            fields=parts,
            label=label,
            required=required,
            require_all_fields=False,
            error_messages=messages,
            **kwargs,
        )
        for part in parts:
            part.error_messages["null_characters_not_allowed"] = f"{subject} must be a real date"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None
        if value.year < 1900:
            raise ValidationError(f"{self.subject} must be after 1900", code="invalid")
        return value

    def validate(self, value):
        super().validate(value)
        if value and not self.allow_future and value > today():
            raise ValidationError(self.future_message, code="future")


class AgencyField(forms.ChoiceField):
    """A select of the active partner agencies, answering an Agency (or None). The list is
    passed in, so that checking many answers costs one query, not one per answer."""

    widget = forms.Select

    def __init__(self, *, empty_label, **kwargs):
        self.empty_label = empty_label
        self.by_pk = {}
        super().__init__(choices=[("", empty_label)], **kwargs)

    def set_agencies(self, agencies):
        self.by_pk = {str(agency.pk): agency for agency in agencies}
        self.choices = [("", self.empty_label), *((pk, a.name) for pk, a in self.by_pk.items())]

    def clean(self, value):
        value = super().clean(value)
        return self.by_pk.get(value) if value else None


def radios(label, choices, *, required_message="", **kwargs):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        required=bool(required_message),
        error_messages={
            "required": required_message,
            "invalid_choice": required_message or f"Select an answer to '{subject_of(label)}'",
        },
        **kwargs,
    )


class CheckboxesField(forms.MultipleChoiceField):
    def to_python(self, value):
        # An empty value (some clients send one for "nothing ticked") means nothing ticked.
        return [v for v in super().to_python(value) if v]


def checkboxes(label, choices, *, required_message="", **kwargs):
    return CheckboxesField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=bool(required_message),
        error_messages={
            "required": required_message,
            "invalid_choice": "Select from the options shown",
            "invalid_list": "Select from the options shown",
        },
        **kwargs,
    )


def active_agencies():
    return list(Agency.objects.filter(is_active=True).order_by("name"))


class RevealRadios(ConditionalRadios):
    """Radios whose answers reveal more questions. Rendered with our templates and script
    (referrals/reveal.js) rather than GOV.UK's radios module, which puts aria-expanded on the
    radios, an attribute ARIA does not allow there (axe flags it)."""

    template = "referrals/draft/gds/reveal_radios.html"


class Reveal(ConditionalQuestion):
    """One answer of RevealRadios and the fields it reveals. Pass every answer as a Reveal,
    even one that reveals nothing: the library wraps a bare label in its own class, which
    numbers radios from 0 where every other radio group (and our error summary) counts from 1."""

    template = "referrals/draft/gds/conditional_question.html"


def text(name, width=20):
    return Field.text(name, field_width=width)


def long_text(name, rows=TEXT_ROWS, max_characters=TEXT_MAX):
    return Field.textarea(name, rows=rows, max_characters=max_characters)


# --- Forms -------------------------------------------------------------------------------------


def buttons():
    return Div(
        Button("continue", "Save and continue"),
        Button.secondary("later", "Save and come back later"),
        css_class="govuk-button-group",
    )


class DraftForm(forms.Form):
    """One page of the referral form, over one model instance: the draft itself, or one of
    its children, family members or agencies. Field names are the model's attribute names.

    `revealed` maps a field shown only after a radio answer to (radio field, answer); such a
    field is cleared when the answer changes and left out of the summary when it does not
    apply."""

    revealed: dict[str, tuple[str, str]] = {}

    def __init__(self, data=None, *, instance, referral=None, agencies=None, action=None, **kwargs):
        self.instance = instance
        self.referral = referral or instance
        super().__init__(data, initial=self.initial_from(instance), **kwargs)
        agency_fields = [f for f in self.fields.values() if isinstance(f, AgencyField)]
        if agency_fields:
            agencies = active_agencies() if agencies is None else agencies
            for field in agency_fields:
                field.set_agencies(agencies)
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout_fields(), buttons())
        self.helper.attrs = {"novalidate": ""}
        if action:
            self.helper.form_action = action

    @classmethod
    def stored(cls, **kwargs):
        """The form bound to what is stored, as if it had just been posted: valid when the page
        is complete, and otherwise its errors say what is missing."""
        unbound = cls(**kwargs)
        return cls(unbound.initial_as_data(), **kwargs)

    def layout_fields(self):
        return list(self.fields)

    # Reading the instance.

    def initial_from(self, instance) -> dict:
        return {name: self.stored_value(instance, name) for name in self.base_fields}

    def stored_value(self, instance, name):
        field = instance._meta.get_field(name)
        if isinstance(field, models.ForeignKey):
            return getattr(instance, field.attname)
        return getattr(instance, name)

    def initial_as_data(self) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, field in self.fields.items():
            value = self.initial.get(name)
            if isinstance(field.widget, forms.MultiWidget):
                for i, part in enumerate(field.widget.decompress(value)):
                    if part not in (None, ""):
                        data[f"{name}_{i}"] = str(part)
            elif isinstance(value, list | tuple):
                data.setlist(name, [str(v) for v in value])
            elif isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[name] = "on"
            elif value not in (None, ""):
                data[name] = str(value)
        return data

    # Checking.

    def clean(self):
        cleaned = super().clean()
        for name, (radio, answer) in self.revealed.items():
            if cleaned.get(radio) not in (None, "", answer):
                # The answer that reveals this field was not chosen: what is in the hidden box
                # does not apply, so it is neither checked nor kept.
                self._errors.pop(name, None)
                cleaned[name] = self.empty_value(name)
        return cleaned

    def require(self, name: str, message: str) -> None:
        """A conditional answer left empty: the same code as a required field's error, so
        "Save and come back later" lets it pass."""
        if name not in self.errors and self.cleaned_data.get(name) in (None, "", []):
            self.add_error(name, ValidationError(message, code="required"))

    def only_missing_answers(self) -> bool:
        """True when every error is an answer not given yet, which a referrer may leave for
        later; false when something typed is wrong (they must see it before leaving)."""
        return all(error.code == "required" for errors in self.errors.as_data().values() for error in errors)

    # Saving.

    def answers_to_keep(self) -> dict:
        """Every answer that can be kept: the valid ones, and the ones left empty (so clearing
        a box clears the stored answer)."""
        answers = {}
        for name in self.fields:
            if name in self.errors:
                errors = self.errors.as_data()[name]
                if all(e.code == "required" for e in errors):
                    answers[name] = self.empty_value(name)
            elif name in self.cleaned_data:
                answers[name] = self.cleaned_data[name]
        return answers

    def empty_value(self, name):
        field = self.instance._meta.get_field(name)
        if isinstance(field, models.JSONField):
            return []
        if isinstance(field, models.BooleanField):
            return False
        return None if field.null else ""

    def has_answers(self) -> bool:
        return any(value not in (None, "", [], False) for value in self.answers_to_keep().values())

    def save(self):
        """Store every answer that can be kept (see answers_to_keep) and return the instance."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        answers = self.answers_to_keep()
        for name, value in answers.items():
            setattr(self.instance, name, value)
        if self.instance.pk is None:
            self.instance.save()
        elif answers:
            fields = [self.instance._meta.get_field(n).attname for n in answers]
            if any(f.name == "updated_at" for f in self.instance._meta.fields):
                fields.append("updated_at")
            self.instance.save(update_fields=fields)
        return self.instance

    # Showing the answers on the check page.

    summary_labels: dict[str, str] = {}

    def summary_rows(self) -> list[dict]:
        """(label, answer) for each question that applies, formatted for people."""
        rows = []
        for name, field in self.fields.items():
            if name in self.revealed:
                radio, answer = self.revealed[name]
                if self.initial.get(radio) != answer:
                    continue
            rows.append(
                {
                    "name": name,
                    "label": self.summary_labels.get(name, subject_of(str(field.label))),
                    "value": self.display(name, field),
                    "long": isinstance(field, LongTextField),
                }
            )
        return rows

    def display(self, name, field) -> str:
        value = self.initial.get(name)
        if isinstance(field, DateField):
            return format_date(value)
        if isinstance(field, AgencyField):
            # An agency since taken off the list still shows (its page asks for another).
            agency = field.by_pk.get(str(value)) or getattr(self.instance, name) if value else None
            return agency.name if agency else ""
        if isinstance(field, forms.BooleanField):
            return "Yes" if value else "No"
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(field, forms.MultipleChoiceField):
            return ", ".join(str(choices.get(v, v)) for v in value or [])
        if isinstance(field, forms.ChoiceField):
            return str(choices.get(value, value or ""))
        return value or ""
