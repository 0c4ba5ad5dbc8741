"""GOV.UK fields every form uses (the referral form, triage, decisions, cases, publications),
with messages written as instructions ("Enter the incident date", "The incident date must be a
real date")."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.dateformat import format as date_format

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
