"""The public reading site: every URL for every publication status, the report page, its PDFs,
/learning/, caching headers, and nothing of the review case ever shown."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from publications.models import KeyMessages, NationalLearningLink, Publication
from publications.public import cache as public_cache
from reviews.models import ReviewStatus, Theme
from tests.factories import (
    PublicationFactory,
    PublicationSectionFactory,
    RenderFactory,
    ReviewCaseFactory,
    UserFactory,
)
from tests.publications.helpers import live

pytestmark = pytest.mark.django_db

Status = Publication.Status
REPORT_PDF = b"%PDF-1.7\n% the full report\n%%EOF\n"
BRIEFING_PDF = b"%PDF-1.7\n% the briefing\n%%EOF\n"


def with_renders(publication):
    RenderFactory(publication=publication, kind="report", file__data=REPORT_PDF, pages=12)
    RenderFactory(publication=publication, kind="briefing", file__data=BRIEFING_PDF)
    return publication


def public_urls(slug):
    return {
        "detail": reverse("reports:detail", args=[slug]),
        "report_pdf": reverse("reports:report_pdf", args=[slug]),
        "briefing_pdf": reverse("reports:briefing_pdf", args=[slug]),
    }


# --- Visibility of every public URL for every status --------------------------------------------

EXPECTED = {
    Status.DRAFT: {"detail": 404, "report_pdf": 404, "briefing_pdf": 404},
    Status.SCHEDULED: {"detail": 404, "report_pdf": 404, "briefing_pdf": 404},
    Status.LIVE: {"detail": 200, "report_pdf": 200, "briefing_pdf": 200},
    Status.WITHDRAWN: {"detail": 410, "report_pdf": 404, "briefing_pdf": 404},
}


@pytest.mark.parametrize("status", list(Status))
def test_each_public_url_answers_by_the_publications_status(client, status):
    publication = with_renders(
        PublicationFactory(
            status=status,
            title="Child Zed",
            published_at=timezone.now() if status in (Status.LIVE, Status.WITHDRAWN) else None,
            withdrawn_at=timezone.now() if status == Status.WITHDRAWN else None,
            scheduled_for=timezone.now() + timezone.timedelta(days=3) if status == Status.SCHEDULED else None,
        )
    )
    for name, url in public_urls(publication.slug).items():
        assert client.get(url).status_code == EXPECTED[status][name], name
    listed = client.get(reverse("reports:list")).content.decode()
    feed = client.get(reverse("reports:feed")).content.decode()
    assert ("Child Zed" in listed) is (status == Status.LIVE)
    assert ("Child Zed" in feed) is (status == Status.LIVE)


@pytest.mark.parametrize("case_status", list(ReviewStatus))
@pytest.mark.parametrize("status", [Status.DRAFT, Status.LIVE])
def test_the_case_status_never_decides_what_is_public(client, case_status, status):
    case = ReviewCaseFactory(status=case_status, title="Private case title", reference="REV-2026-999")
    publication = PublicationFactory(
        case=case, status=status, published_at=timezone.now() if status == Status.LIVE else None
    )
    response = client.get(reverse("reports:detail", args=[publication.slug]))
    assert response.status_code == (200 if status == Status.LIVE else 404)
    for url in (
        reverse("reports:detail", args=[publication.slug]),
        reverse("reports:list"),
        reverse("reports:feed"),
    ):
        body = client.get(url).content.decode()
        assert "REV-2026-999" not in body
        assert "Private case title" not in body


def test_an_unknown_or_absurd_slug_is_404(client):
    assert client.get(reverse("reports:detail", args=["no-such-report"])).status_code == 404
    assert client.get(reverse("reports:detail", args=["a" * 5000])).status_code == 404
    assert client.get(reverse("reports:report_pdf", args=["a" * 5000])).status_code == 404


def test_the_public_pages_refuse_posts(client):
    publication = live()
    for url in (
        reverse("reports:list"),
        reverse("reports:detail", args=[publication.slug]),
        reverse("reports:learning"),
    ):
        assert client.post(url).status_code == 405


# --- The report page --------------------------------------------------------------------------


def test_the_report_page_shows_the_public_fields_and_sections(client):
    theme = Theme.objects.get_or_create(
        slug="perinatal-mental-health", defaults={"name": "Perinatal mental health"}
    )[0]
    publication = with_renders(
        live(
            title="'Emily' & 'Jack'",
            slug="emily-and-jack",
            year=2026,
            age_band="under_1",
            methodology="SILP",
            summary="First paragraph.\n\nSecond paragraph.",
            learning="- Listen to fathers\n- Think family",
            recommendations="Share information early\nReview the escalation policy",
        )
    )
    publication.themes.add(theme)
    PublicationSectionFactory(publication=publication, heading="Key practice episodes", body="Episode one.")

    response = client.get(reverse("reports:detail", args=["emily-and-jack"]))

    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="govuk-heading-xl">&#x27;Emily&#x27; &amp; &#x27;Jack&#x27;</h1>' in body
    for text in ("Safeguarding Practice Review", "2026", "Perinatal mental health", "Under 1", "SILP"):
        assert text in body
    assert '<p class="govuk-body">First paragraph.</p>' in body
    assert "<li>Listen to fathers</li>" in body
    assert "<li>Review the escalation policy</li>" in body
    assert "Key practice episodes" in body and "Episode one." in body
    assert reverse("reports:report_pdf", args=["emily-and-jack"]) in body
    assert reverse("reports:briefing_pdf", args=["emily-and-jack"]) in body
    assert (
        f"PDF, {filesizeformat(len(REPORT_PDF))}, 12 pages" in body
    )  # the attachment's type, size and length


def test_a_summary_only_report_says_so_and_offers_no_full_report(client):
    publication = with_renders(
        live(
            slug="child-q",
            mode="summary",
            mode_reason="Publishing the full report would identify the family.",
        )
    )
    PublicationSectionFactory(publication=publication, heading="Hidden section", body="Not shown.")

    body = client.get(reverse("reports:detail", args=["child-q"])).content.decode()

    assert "Only a summary of this review is published" in body
    assert "would identify the family" in body
    assert "Hidden section" not in body
    assert reverse("reports:report_pdf", args=["child-q"]) not in body
    assert reverse("reports:briefing_pdf", args=["child-q"]) in body
    assert client.get(reverse("reports:report_pdf", args=["child-q"])).status_code == 404


def test_an_uploaded_full_report_is_linked_not_written_out(client):
    publication = with_renders(live(slug="child-y", report_source="upload"))
    PublicationSectionFactory(publication=publication, heading="Unused section")

    body = client.get(reverse("reports:detail", args=["child-y"])).content.decode()

    assert "Unused section" not in body
    assert 'Read the <a class="govuk-link" href="/reports/child-y/report.pdf">full report (PDF)</a>' in body


def test_without_a_finished_render_there_is_no_download(client):
    publication = live(slug="child-l")
    RenderFactory(publication=publication, kind="report", state="pending", file=None, size=None)

    body = client.get(reverse("reports:detail", args=["child-l"])).content.decode()

    assert "Documents" not in body
    assert "will be available to download here shortly" in body
    assert client.get(reverse("reports:report_pdf", args=["child-l"])).status_code == 404
    assert client.get(reverse("reports:briefing_pdf", args=["child-l"])).status_code == 404


def test_a_withdrawn_report_says_when_and_shows_nothing_else(client):
    publication = with_renders(
        live(slug="child-j", title="Child J", summary="Summary text", withdrawn_at=None)
    )
    publication.status = Status.WITHDRAWN
    publication.withdrawn_at = timezone.make_aware(timezone.datetime(2027, 3, 4, 10, 0))
    publication.save()

    response = client.get(reverse("reports:detail", args=["child-j"]))

    assert response.status_code == 410
    body = response.content.decode()
    assert "withdrawn on 4 March 2027" in body
    for hidden in ("Child J", "Summary text", "report.pdf", "briefing.pdf"):
        assert hidden not in body


def test_the_report_page_runs_a_fixed_number_of_queries_and_then_one(client, django_assert_num_queries):
    publication = with_renders(live(slug="child-k"))
    publication.themes.add(Theme.objects.create(name="Neglect (public pages)", slug="neglect-k"))
    PublicationSectionFactory.create_batch(3, publication=publication)
    url = reverse("reports:detail", args=["child-k"])

    # The version, the publication, its themes, its sections, its finished renders.
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(1):  # cached: the version only
        assert client.get(url).status_code == 200


def test_editing_a_live_report_shows_at_once_after_a_bump(client):
    publication = live(slug="child-a", summary="Old summary.")
    url = reverse("reports:detail", args=["child-a"])
    assert "Old summary." in client.get(url).content.decode()

    Publication.objects.filter(pk=publication.pk).update(summary="New summary.")
    assert "Old summary." in client.get(url).content.decode()  # cached until a bump
    public_cache.bump()
    assert "New summary." in client.get(url).content.decode()

    Publication.objects.filter(pk=publication.pk).update(status=Status.WITHDRAWN, withdrawn_at=timezone.now())
    public_cache.bump()
    assert client.get(url).status_code == 410


# --- The PDFs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "data"),
    [("report_pdf", "report", REPORT_PDF), ("briefing_pdf", "briefing", BRIEFING_PDF)],
)
def test_a_pdf_is_served_inline_with_safe_headers(client, name, kind, data):
    with_renders(live(slug="child-joe"))

    response = client.get(reverse(f"reports:{name}", args=["child-joe"]))

    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="child-joe-{kind}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_newest_finished_render_is_served(client):
    publication = with_renders(live(slug="child-n"))
    Publication.objects.filter(pk=publication.pk).update(content_version=2)
    RenderFactory(
        publication=publication, kind="briefing", content_version=2, file__data=b"%PDF-1.7\n% newer\n"
    )
    RenderFactory(publication=publication, kind="briefing", content_version=3, state="running", file=None)

    response = client.get(reverse("reports:briefing_pdf", args=["child-n"]))

    assert response.content == b"%PDF-1.7\n% newer\n"


# --- Headers, layout and navigation -------------------------------------------------------------


def test_public_pages_are_cacheable_by_anyone_for_a_short_while(client):
    publication = live()
    for url in (
        reverse("reports:list"),
        reverse("reports:detail", args=[publication.slug]),
        reverse("reports:feed"),
        reverse("reports:learning"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
        assert "max-age=300" in response["Cache-Control"]


def test_a_signed_in_users_page_is_not_cached_for_others(client):
    client.force_login(UserFactory(roles=["referrer"]))
    response = client.get(reverse("reports:list"))
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_anonymous_visitors_see_the_public_navigation_only(client):
    body = client.get(reverse("reports:list")).content.decode()
    assert 'href="/reports/" aria-current="page"' in body
    assert 'href="/learning/"' in body
    for staff_link in (reverse("reviews:queue"), reverse("reviews:case_list"), reverse("reviews:dashboard")):
        assert f'href="{staff_link}"' not in body


# --- /learning/ -------------------------------------------------------------------------------


def test_learning_shows_published_key_messages_newest_first_with_live_reports(client):
    coordinator = UserFactory(roles=["coordinator"])
    shown = live(title="Child Y")
    hidden = PublicationFactory(title="Draft child")

    def approved(model, **fields):
        """As a second coordinator's approval leaves it: the draft copied to what the public reads."""
        live_copy = {f"live_{name}": fields[name] for name in model.DRAFT_FIELDS}
        return model.objects.create(**fields, **live_copy, is_published=True, updated_by=coordinator)

    older = approved(KeyMessages, year=2024, title="Older messages", body="Old one.")
    newer = approved(KeyMessages, year=2025, title="Newer messages", body="First message.\n\nSecond message.")
    newer.publications.add(shown, hidden)
    # A change waiting for approval is not shown: the public reads the approved copy.
    KeyMessages.objects.filter(pk=newer.pk).update(body="A draft change naming someone.")
    KeyMessages.objects.create(
        year=2026, title="Unpublished messages", body="Not yet.", updated_by=coordinator
    )
    approved(
        NationalLearningLink,
        title="Panel reviews",
        url="https://www.gov.uk/panel",
        description="National reviews",
    )
    NationalLearningLink.objects.create(
        title="Draft link", url="https://example.org/draft", updated_by=coordinator
    )

    body = client.get(reverse("reports:learning")).content.decode()

    assert body.index("Newer messages") < body.index("Older messages")
    assert "Unpublished messages" not in body
    assert '<p class="govuk-body">Second message.</p>' in body
    assert reverse("reports:detail", args=[shown.slug]) in body
    assert "Draft child" not in body
    assert 'href="https://www.gov.uk/panel"' in body and "National reviews" in body
    assert "A draft change" not in body and "Draft link" not in body
    assert older.pk


def test_learning_says_so_when_there_is_nothing_yet(client, django_assert_num_queries):
    with django_assert_num_queries(3):  # the version, the key messages, the links
        body = client.get(reverse("reports:learning")).content.decode()
    assert "No key messages have been published yet" in body
    assert "will be listed here" in body


def test_withdrawing_through_the_service_takes_the_report_down_at_once(client):
    from publications.staff.publishing import publication_withdraw

    publication = with_renders(live(slug="child-w", title="Child W"))
    assert client.get(reverse("reports:detail", args=["child-w"])).status_code == 200
    assert "Child W" in client.get(reverse("reports:list")).content.decode()

    publication_withdraw(
        publication, UserFactory(roles=["coordinator"]), reason="Court order", court_order=True
    )

    assert client.get(reverse("reports:detail", args=["child-w"])).status_code == 410
    assert client.get(reverse("reports:briefing_pdf", args=["child-w"])).status_code == 404
    assert "Child W" not in client.get(reverse("reports:list")).content.decode()
    assert "Child W" not in client.get(reverse("reports:feed")).content.decode()
