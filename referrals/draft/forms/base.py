"""The base of every page of the referral form: how a page reads the draft, checks what was
typed, copies its answers onto the draft, and shows them on the check-your-answers page.

A page saves every answer that is valid, even when another answer on it is not, so nothing
typed is lost: the page is shown again with the typed values and the errors, and what could be
kept is already in the database. A page counts as complete when its form, filled from what is
stored, validates (`DraftForm.stored`), so the rules live in one place.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict

from cscp.accounts.models import Agency
from cscp.core.fields import DateField, LongTextField, format_date, subject_of


def buttons():
    """The two Save buttons every page of the form ends with."""
    return Div(
        Button("continue", "Save and continue"),
        Button.secondary("later", "Save and come back later"),
        css_class="govuk-button-group",
    )


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


def active_agencies():
    return list(Agency.objects.filter(is_active=True).order_by("name"))


class DraftForm(forms.Form):
    """One page of the referral form, over one model instance: the draft itself, or one of
    its children, family members or agencies. Field names are the model's attribute names.

    `revealed` maps a field shown only after a radio answer to (radio field, answer); such a
    field is cleared when the answer changes and left out of the summary when it does not
    apply."""

    revealed: dict[str, tuple[str, str]] = {}

    def __init__(self, data=None, *, instance, referral=None, agencies=None, **kwargs):
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
                for part in getattr(self.fields[name], "fields", ()):
                    part.widget.errors = []  # a date's boxes keep their own errors for the summary
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
