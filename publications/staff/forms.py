"""The coordinators' forms for a publication. Forms validate what was typed; the views call
staff/services.py, whose refusals go on the form (nothing typed is lost)."""

import re
from datetime import datetime, time

from django import forms
from django.conf import settings
from django.utils import timezone

from cscp.core.fields import LongTextField, TextField, checkboxes, radios
from cscp.core.forms import GDSForm
from cscp.core.layout import Reveal, RevealRadios
from referrals.documents.checks import check_upload
from reviews.cases.forms import date_field
from reviews.models import Theme

from ..models import AgeBand, ProtectedTerm, Publication
from ..services import PublicationError
from .services import NOT_PDF, validate_slug

DO_NOT_NAME = "Do not name the child or family."
SECTION_MAX = 50_000
TIME_PATTERN = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


class ConfirmForm(GDSForm):
    """A POST with no answers: the button is the confirmation."""

    def __init__(self, *args, submit_label: str = "Continue", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class StandaloneForm(GDSForm):
    submit_label = "Start the publication"
    kind = radios(
        "What is it?",
        [(Publication.Kind.THEMATIC, "A thematic review"), (Publication.Kind.NATIONAL, "National learning")],
        required_message="Select what the publication is",
    )
    title = TextField(
        label="Title", max_length=200, required_message="Enter the title", help_text=DO_NOT_NAME
    )


class DetailsForm(GDSForm):
    submit_label = "Save details"
    title = TextField(
        label="Title",
        max_length=200,
        required_message="Enter the title",
        help_text="With the agreed pseudonym, for example 'Emily' & 'Jack'.",
    )
    pseudonym = TextField(
        label="Pseudonym (optional)",
        max_length=100,
        required=False,
        help_text="As agreed with the family, for example Child Q.",
    )
    slug = TextField(
        label="Web address",
        max_length=120,
        required_message="Enter the web address",
        help_text="The end of the report's address, /reports/…/: lowercase words, numbers and hyphens.",
    )
    mode = radios(
        "What will be published?", Publication.Mode.choices, required_message="Select what will be published"
    )
    mode_reason = LongTextField(
        label="Why is the full report not published? (if not)",
        required=False,
        max_length=4000,
        help_text=DO_NOT_NAME,
    )
    summary = LongTextField(label="Summary (optional)", required=False, help_text=DO_NOT_NAME)
    learning = LongTextField(
        label="Learning includes (optional)", required=False, help_text="One point per line."
    )
    recommendations = LongTextField(
        label="Recommendations (optional)", required=False, help_text="One recommendation per line."
    )
    methodology = TextField(
        label="Review model (optional)", max_length=120, required=False, help_text="For example, SILP."
    )
    age_band = radios("Age band (optional)", [("", "Not given"), *AgeBand.choices])
    year = forms.IntegerField(
        label="Year of publication (optional)",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Filled in when it is published, if left empty.",
        error_messages={
            "invalid": "Year of publication must be a number, like 2026",
            "min_value": "Year of publication must be 2000 or later",
            "max_value": "Year of publication must be 2100 or earlier",
        },
    )
    themes = checkboxes("Themes (optional)", [])
    report_source = radios(
        "How is the full report made?",
        Publication.ReportSource.choices,
        required_message="Select how the full report is made",
    )

    def __init__(self, *args, publication: Publication, **kwargs):
        self.publication = publication
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}
        self.themes_by_pk = {str(theme.pk): theme for theme in Theme.objects.filter(is_active=True)}
        for theme in publication.themes.all():  # a theme retired since stays selectable
            self.themes_by_pk.setdefault(str(theme.pk), theme)
        self.fields["themes"].choices = sorted(
            ((pk, theme.name) for pk, theme in self.themes_by_pk.items()), key=lambda choice: choice[1]
        )

    def clean_slug(self):
        try:
            return validate_slug(self.cleaned_data["slug"], self.publication)
        except PublicationError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_themes(self):
        return [self.themes_by_pk[pk] for pk in self.cleaned_data["themes"]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") not in (None, "", Publication.Mode.FULL) and not cleaned.get("mode_reason"):
            self.add_error("mode_reason", "Enter why the full report is not published")
        return cleaned


class SectionForm(GDSForm):
    submit_label = "Save section"
    heading = TextField(
        label="Heading",
        max_length=200,
        required_message="Enter the heading",
        help_text="For example, Key practice episodes.",
    )
    body = LongTextField(
        label="Text",
        max_length=SECTION_MAX,
        required_message="Enter the section's text",
        help_text=f"{DO_NOT_NAME} A blank line starts a new paragraph.",
    )


class ReportUploadForm(GDSForm):
    submit_label = "Upload report"
    file = forms.FileField(
        label="The full report (PDF)",
        error_messages={
            "required": "Select the report to upload",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded – try again",
            "missing": "The selected file could not be uploaded – try again",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A PDF with text (not a scan), up to {settings.CSCP_UPLOAD_MAX_MB} MB. Its file name is "
            "published too: do not name the child or family in it."
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and check_upload(upload).content_type != "application/pdf":
            raise forms.ValidationError(NOT_PDF)
        return upload


class FamilyForm(GDSForm):
    submit_label = "Save"
    family_told_on = date_field("When was the family told of publication?", "The date the family was told")
    family_not_told_reason = LongTextField(
        label="If they were not told, why not?", required=False, max_length=4000, help_text=DO_NOT_NAME
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and not cleaned.get("family_told_on")
            and not cleaned.get("family_not_told_reason")
        ):
            self.add_error("family_told_on", "Enter the date the family was told, or why they were not told")
        return cleaned


class TermForm(GDSForm):
    submit_label = "Add term"
    term = TextField(
        label="Name, date, place or other detail to protect",
        max_length=300,
        required_message="Enter the name, date, place or other detail to protect",
        help_text="Publishing is refused while it appears anywhere in the publication.",
    )
    kind = radios(
        "What is it?",
        [
            (ProtectedTerm.Kind.NAME, "A person's name (its parts, initial and surname are looked for too)"),
            (ProtectedTerm.Kind.DATE, "A date (looked for however it is written)"),
            (ProtectedTerm.Kind.ADDRESS, "An address line or postcode (with and without the house number)"),
            (ProtectedTerm.Kind.SCHOOL, "A school or setting"),
            (ProtectedTerm.Kind.OTHER, "Something else (looked for as written)"),
        ],
        required_message="Select what the term is",
    )


class PublishForm(GDSForm):
    """Confirm: publish now or at a time. `expected` is the content version the page showed."""

    submit_label = "Publish"
    expected = forms.IntegerField(widget=forms.HiddenInput)
    when = radios(
        "When should it be published?",
        [("now", "Now"), ("later", "At a date and time")],
        required_message="Select when it should be published",
    )
    on = date_field("Date", "The publication date", allow_future=True)
    at = TextField(label="Time", max_length=5, required=False, help_text="For example, 9:00 or 14:30.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}

    def layout_fields(self):
        # The date and time belong to "At a date and time": revealed under it (referrals/reveal.js).
        return ["expected", RevealRadios("when", Reveal("Now"), Reveal("At a date and time", "on", "at"))]

    def clean(self):
        cleaned = super().clean()
        cleaned["scheduled_for"] = None
        if cleaned.get("when") != "later" or self.errors:
            return cleaned
        day, at = cleaned.get("on"), (cleaned.get("at") or "").strip()
        if not day:
            self.add_error("on", "Enter the publication date")
        match = TIME_PATTERN.match(at)
        if not match:
            self.add_error("at", "Enter the time as hours and minutes, like 9:00 or 14:30")
        if day and match:
            moment = timezone.make_aware(datetime.combine(day, time(int(match[1]), int(match[2]))))
            if moment <= timezone.now():
                self.add_error("on", "The publication date and time must be in the future")
            cleaned["scheduled_for"] = moment
        return cleaned


class WithdrawForm(GDSForm):
    submit_label = "Withdraw the publication"
    reason = LongTextField(
        label="Why is it withdrawn?",
        max_length=4000,
        required_message="Enter the reason for withdrawing the publication",
        help_text=DO_NOT_NAME,
    )
    court_order = forms.BooleanField(
        label="A court order or another legal reason requires it",
        required=False,
        help_text="Needed within 12 months of publishing.",
    )


class KeyMessagesForm(GDSForm):
    submit_label = "Save key messages"
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year",
            "invalid": "The year must be a number, like 2026",
            "min_value": "The year must be 2000 or later",
            "max_value": "The year must be 2100 or earlier",
        },
    )
    title = TextField(label="Title", max_length=200, required_message="Enter the title")
    body = LongTextField(
        label="Key messages",
        required_message="Enter the key messages",
        help_text="One message per paragraph. " + DO_NOT_NAME,
    )
    publications = checkboxes("Reports these messages come from (optional)", [])

    def __init__(self, *args, year_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": ""}
        self.live = {str(p.pk): p for p in Publication.objects.public().order_by("title")}
        self.fields["publications"].choices = [(pk, p.title) for pk, p in self.live.items()]
        if year_fixed:
            self.fields["year"].disabled = True

    def clean_publications(self):
        return [self.live[pk] for pk in self.cleaned_data["publications"]]


class ApproveForm(GDSForm):
    """The second coordinator's approval of a key messages or national learning draft: the
    version they saw (`expected`) is what is published, or nothing is."""

    submit_label = "Publish"
    expected = forms.IntegerField(widget=forms.HiddenInput)


class NationalLinkForm(GDSForm):
    submit_label = "Save the link"
    title = TextField(label="Title", max_length=200, required_message="Enter the title")
    url = forms.URLField(
        label="Web address",
        max_length=200,
        assume_scheme="https",
        error_messages={
            "required": "Enter the web address",
            "invalid": "Enter a full web address, like https://www.gov.uk/government/publications",
        },
    )
    description = TextField(
        label="Description (optional)", max_length=300, required=False, help_text=DO_NOT_NAME
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The service checks the address and says what is wrong; the browser's own check of a
        # url field would refuse "www.gov.uk/..." before the form is sent, with no GOV.UK message.
        self.helper.attrs = {"novalidate": ""}


class HitMarkForm(GDSForm):
    """Marking one guard hit as not identifying: why (the keys of the hit are hidden fields)."""

    submit_label = "Mark as not identifying"
    what = forms.CharField(widget=forms.HiddenInput, max_length=80)
    window = forms.CharField(widget=forms.HiddenInput, max_length=80)
    reason = LongTextField(
        label="Why does this not identify anyone?",
        required_message="Enter why this does not identify anyone",
        help_text="For example: an everyday word here, not the name. A second coordinator confirms it.",
    )


class PageClearForm(GDSForm):
    """Clearing a flagged page of an uploaded report: what the coordinator looked at."""

    submit_label = "Clear this page"
    note = LongTextField(
        label="What did you look at on this page?",
        required_message="Enter what you looked at on this page",
        help_text="For example: the scanned letter's text and its letterhead; no one is named. "
        "Do not write any name here.",
    )
