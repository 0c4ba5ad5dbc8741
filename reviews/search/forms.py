"""The staff search's one box, and what it understands. Whatever was typed is read as a child's
date of birth when it is written as one (27 3 2019, the GOV.UK date input's example, or
27/3/2019, 27-03-2019, 27 March 2019, 2019-03-27), and otherwise as text: a part of a reference,
a child's name or other names, an agency or a theme."""

import re
from dataclasses import dataclass
from datetime import date

from django import forms

from cscp.core.fields import TextField
from cscp.core.forms import GDSForm

MIN_CHARACTERS = 2
MAX_LENGTH = 100
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
SEPARATOR = r"[\s/.,-]+"
DAY_MONTH_YEAR = re.compile(
    rf"^(\d{{1,2}})(?:st|nd|rd|th)?{SEPARATOR}(\d{{1,2}}|[a-z]+){SEPARATOR}(\d{{4}})$", re.I
)
YEAR_MONTH_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


@dataclass(frozen=True)
class Terms:
    """What to look for: the text as typed (spaces collapsed), and the date it is, if it is one."""

    text: str
    born_on: date | None = None


def read_date(text: str) -> date | None:
    """The date `text` is written as, or None when it is not written as a date. Raises ValueError
    when it is written as one that does not exist (31 2 2019)."""
    found = DAY_MONTH_YEAR.match(text)
    if found:
        day, month, year = found.groups()
        month = int(month) if month.isdigit() else MONTHS.get(month.lower())
        if month is None:  # "12 Acacia 2019" is not a date: looked for as text
            return None
        return date(int(year), month, int(day))
    found = YEAR_MONTH_DAY.match(text)
    if found:
        year, month, day = map(int, found.groups())
        return date(year, month, day)
    return None


class StaffSearchForm(GDSForm):
    submit_label = "Search"
    q = TextField(
        label="Reference, child's name, date of birth, agency or theme",
        max_length=MAX_LENGTH,
        required_message="Enter a reference, a child's name or date of birth, an agency or a theme",
        help_text=(
            "For example, SPR-2026-0042 or 0042, REV-2026-012, part of a child's name or other name, "
            "a date of birth such as 27 3 2019, an agency or a theme. Closed, withdrawn and merged "
            "referrals are included."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}
        # A name typed here is special-category data: the browser is asked not to keep it for
        # autofill, nor to send it to a spelling service.
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if sum(char.isalnum() for char in text) < MIN_CHARACTERS:
            raise forms.ValidationError(f"Enter at least {MIN_CHARACTERS} letters or numbers")
        return text

    def terms(self) -> Terms:
        """What to look for (the form is valid)."""
        return Terms(self.cleaned_data["q"], self.cleaned_data.get("born_on"))

    def clean(self):
        cleaned = super().clean()
        if "q" in cleaned:
            try:
                cleaned["born_on"] = read_date(cleaned["q"])
            except ValueError:
                self.add_error("q", "Enter a real date of birth, for example 27 3 2019")
        return cleaned
