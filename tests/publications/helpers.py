"""What the publications tests share: a live publication, a review case ready to publish, a
publication prepared from it, running its renders in the test, a refusal and its message,
small PDFs, and the coordinators' pages' addresses and date fields."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfWriter

from publications.models import Publication
from publications.rendering import services as rendering
from publications.services import PublicationError
from publications.staff import services
from reviews.models import ReviewStatus
from tests.factories import (
    ChildFactory,
    FamilyMemberFactory,
    PublicationFactory,
    ReferralFactory,
    ReviewCaseFactory,
)

S = ReviewStatus
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def read_now(publication):
    """Run the readings of uploaded reports waiting (the pdf_check worker's job) in the test."""
    from publications.uploads import services as uploads

    for reading in publication.readings.filter(state="pending"):
        assert uploads.reading_run(reading.pk)
    publication.refresh_from_db()  # forgets the reading it had when it was pending


def render_now(publication):
    """Run the readings and renders waiting for the current content (the worker's job) in the
    test."""
    publication.refresh_from_db()
    read_now(publication)
    rendering.request_renders(publication)
    for render in publication.renders.filter(content_version=publication.content_version, state="pending"):
        assert rendering.render_run(render.pk)
    publication.refresh_from_db()
    return publication


def case_ready(**fields):
    fields = {
        "status": S.PRE_PUBLICATION,
        "pseudonym": "Child Q",
        "final_report_sent_panel_on": TODAY - 20 * DAY,
        "final_report_sent_sos_on": TODAY - 20 * DAY,
        "earliest_publication_on": TODAY - DAY,
        **fields,
    }
    return ReviewCaseFactory(**fields)


def prepared(author, case=None, render=True, **fields):
    """A publication ready to publish by someone other than `author`."""
    case = case or case_ready()
    publication = services.publication_start(case, author)
    services.section_add(publication, author, "Introduction", "Agencies did not share what they knew.")
    fields = {"summary": "A review of how agencies worked together.", "family_told_on": TODAY, **fields}
    services.publication_update(publication, author, **fields)
    if render:
        return render_now(publication)
    publication.refresh_from_db()
    return publication


def refused(message, call, *args, **kwargs):
    with pytest.raises(PublicationError) as caught:
        call(*args, **kwargs)
    assert message in str(caught.value), str(caught.value)
    return str(caught.value)


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_pdf(text="The final report of the review.") -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def live(**fields):
    """A live publication (themes: set on it when given)."""
    fields.setdefault("status", Publication.Status.LIVE)
    fields.setdefault("published_at", timezone.now())
    themes = fields.pop("themes", None)
    publication = PublicationFactory(**fields)
    if themes is not None:
        publication.themes.set(themes)
    return publication


def page(publication, rest=""):
    """The address of a publication's coordinators' page, or of one under it."""
    return f"/publications/{publication.pk}/{rest}"


def date_parts(name, day):
    """A date as the three boxes of a GOV.UK date field post it."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def case_of_a_referral(child: dict, family: list[dict]):
    """A review case opened from one referral about one child (its fields) and a family."""
    case = ReviewCaseFactory()
    referral = ReferralFactory()
    case.referrals.add(referral)
    ChildFactory(referral=referral, **child)
    for member in family:
        FamilyMemberFactory(referral=referral, **member)
    return case
