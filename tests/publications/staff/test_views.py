"""The coordinators' publication pages under /publications/: roles, happy paths, bad input
kept with its message, state guards, and pinned query counts."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from publications.guard import services as guard_services
from publications.models import KeyMessages, NationalLearningLink, Publication
from publications.staff import publishing, services
from reviews.models import ReviewStatus
from tests.factories import PublicationFactory, submitted_referral_factory
from tests.publications.helpers import case_ready, date_parts, page, prepared, render_now

pytestmark = pytest.mark.django_db

P = Publication.Status
TODAY = timezone.localdate()


# --- Who may see what -------------------------------------------------------------------------


def test_reviewers_and_referrers_are_refused_and_anonymous_visitors_sign_in(
    client, staff_client_for, reviewer, referrer, publication
):
    urls = ["/publications/", page(publication), page(publication, "publish/"), "/publications/key-messages/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (reviewer, referrer):
        signed_in = staff_client_for(user)
        for url in urls:
            assert signed_in.get(url).status_code == 403
        client.logout()


def test_members_read_but_change_nothing(member_client, publication):
    assert member_client.get("/publications/").status_code == 200
    body = member_client.get(page(publication)).content.decode()
    assert publication.title in body
    assert "Change the details" not in body and "Protected terms" not in body
    for rest in ("details/", "sections/add/", "report/", "family/", "terms/", "publish/", "withdraw/"):
        assert member_client.get(page(publication, rest)).status_code == 403
        assert member_client.post(page(publication, rest), {}).status_code == 403
    assert member_client.post(f"/publications/start/{case_ready().pk}/").status_code == 403


def test_an_unknown_publication_is_404(coordinator_client):
    assert coordinator_client.get("/publications/999999/").status_code == 404


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_status_case_editor_and_pdfs(coordinator_client, publication):
    body = coordinator_client.get("/publications/").content.decode()
    assert publication.title in body and publication.case.reference in body
    assert "Draft" in body and "Being prepared" in body
    assert "coordinator@council.example" in body


def test_the_list_makes_a_fixed_number_of_queries(coordinator_client, django_assert_num_queries):
    for _ in range(3):
        PublicationFactory(case=case_ready())
    coordinator_client.get("/publications/")
    with django_assert_num_queries(10):
        coordinator_client.get("/publications/")
    for _ in range(4):
        PublicationFactory()
    with django_assert_num_queries(10):
        assert coordinator_client.get("/publications/").status_code == 200


# --- Starting ---------------------------------------------------------------------------------


def test_start_a_publication_from_a_case(coordinator_client):
    case = case_ready()
    url = f"/publications/start/{case.pk}/"
    assert "Start the publication" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url)
    publication = Publication.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == page(publication)
    again = coordinator_client.get(url)
    assert again["Location"] == page(publication)


def test_start_refused_for_a_case_not_ready(coordinator_client):
    case = case_ready(status=ReviewStatus.IN_PROGRESS)
    body = coordinator_client.post(f"/publications/start/{case.pk}/").content.decode()
    assert "once the final report is approved" in body
    assert not Publication.objects.exists()


def test_start_a_standalone_publication_and_bad_input(coordinator_client):
    body = coordinator_client.post("/publications/new/", {"title": "Adolescents"}).content.decode()
    assert "Select what the publication is" in body and 'value="Adolescents"' in body
    response = coordinator_client.post("/publications/new/", {"kind": "thematic", "title": "Adolescents"})
    assert response.status_code == 302
    assert Publication.objects.get().kind == "thematic"


# --- A publication's page ---------------------------------------------------------------------


def test_the_page_shows_fields_sections_dates_checks_and_logs_the_view(coordinator_client, publication):
    body = coordinator_client.get(page(publication)).content.decode()
    for text in ("Child Q", "/reports/child-q/", "Introduction", "Agencies did not share", "Being prepared"):
        assert text in body
    assert "Earliest publication" in body and (TODAY - datetime.timedelta(days=1)).strftime("%Y") in body
    assert "The PDFs are still being prepared" in body
    assert "Protected terms" in body and "Section added" in body
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(publication.pk)).exists()


def test_guard_hits_are_shown_with_the_term_marked_to_coordinators_only(
    staff_client_for, coordinator, member, publication
):
    guard_services.term_add(publication.case, "Janet", coordinator)
    services.publication_update(publication, coordinator, summary="Janet's teachers noticed she was hungry.")
    render_now(publication)
    body = staff_client_for(coordinator).get(page(publication)).content.decode()
    assert "<mark>Janet</mark>" in body and "Summary" in body
    assert 'data-testid="terms"' in body
    member_body = staff_client_for(member).get(page(publication)).content.decode()
    assert "Summary" in member_body and "<mark>" not in member_body
    assert 'data-testid="terms"' not in member_body
    assert "Janet" not in member_body.split("Protected terms found")[1].split("</table>")[0]


def test_the_page_makes_a_fixed_number_of_queries(coordinator_client, coordinator, django_assert_num_queries):
    publication = prepared(coordinator)
    coordinator_client.get(page(publication))
    # With an empty partnership register the guard asks only how long its entries are (and
    # which of its hits two coordinators marked as not identifying).
    with django_assert_num_queries(21):
        coordinator_client.get(page(publication))
    # With a register (one look-up for the page's texts, however many referrals) and more content.
    for name in ("Priya Natarajan", "Sam Whitlock", "Amara Okonkwo"):
        submitted_referral_factory(referrer_name=name)
    services.section_add(publication, coordinator, "Findings", "More text")
    guard_services.term_add(publication.case, "Oakfield", coordinator)
    render_now(publication)
    with django_assert_num_queries(22):
        assert coordinator_client.get(page(publication)).status_code == 200


# --- Publishing and withdrawing ---------------------------------------------------------------


def test_publish_by_the_last_editor_is_refused_and_a_second_coordinator_publishes(
    coordinator_client,
    coordinator,
    staff_client_for,
    second,
):
    publication = prepared(coordinator)
    body = coordinator_client.get(page(publication, "publish/")).content.decode()
    assert "a second coordinator must publish" in body.lower() and 'name="expected" value="3"' in body
    body = coordinator_client.post(
        page(publication, "publish/"), {"expected": 3, "when": "now"}
    ).content.decode()
    assert publishing.LAST_EDITOR in body
    other = staff_client_for(second)
    body = other.post(page(publication, "publish/"), {"expected": 2, "when": "now"}).content.decode()
    assert "It changed while you were looking" in body
    assert other.post(page(publication, "publish/"), {"expected": 3, "when": "now"}).status_code == 302
    publication.refresh_from_db()
    assert publication.status == P.LIVE and publication.case.status == ReviewStatus.PUBLISHED
    assert other.get(page(publication, "publish/")).status_code == 302  # no longer a draft


def test_schedule_and_bad_times(staff_client_for, coordinator, second):
    publication = prepared(coordinator)
    client = staff_client_for(second)
    url = page(publication, "publish/")
    body = client.get(url).content.decode()
    # The date and time are revealed under "At a date and time" (referrals/reveal.js).
    assert 'data-module="app-reveal"' in body and "referrals/reveal.js" in body
    body = client.post(url, {"expected": 3, "when": "later"}).content.decode()
    assert "Enter the publication date" in body and "Enter the time" in body
    yesterday = TODAY - datetime.timedelta(days=1)
    body = client.post(
        url, {"expected": 3, "when": "later", "at": "9:00", **date_parts("on", yesterday)}
    ).content.decode()
    assert "must be in the future" in body
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client.post(url, {"expected": 3, "when": "later", "at": "9:30", **date_parts("on", tomorrow)})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == P.SCHEDULED
    assert timezone.localtime(publication.scheduled_for).time() == datetime.time(9, 30)
    assert client.post(page(publication, "unschedule/")).status_code == 302
    publication.refresh_from_db()
    assert publication.status == P.DRAFT


def test_withdraw_page(coordinator_client, coordinator, second):
    publication = prepared(coordinator)
    assert coordinator_client.get(page(publication, "withdraw/")).status_code == 302  # not live
    publishing.publication_publish(publication, second, 3)
    body = coordinator_client.post(page(publication, "withdraw/"), {"reason": ""}).content.decode()
    assert "Enter the reason for withdrawing" in body
    body = coordinator_client.post(
        page(publication, "withdraw/"), {"reason": "Asked by the family"}
    ).content.decode()
    assert "must stay public for 12 months" in body and "Asked by the family" in body
    data = {"reason": "Reporting restriction order", "court_order": "on"}
    assert coordinator_client.post(page(publication, "withdraw/"), data).status_code == 302
    publication.refresh_from_db()
    assert publication.status == P.WITHDRAWN
    assert "Withdrawn on" in coordinator_client.get(page(publication)).content.decode()


# --- Key messages -----------------------------------------------------------------------------


def test_key_messages_pages(staff_client_for, coordinator, member, second):
    # One test client, signed in as each person in turn.
    as_coordinator = staff_client_for(coordinator)
    body = as_coordinator.post(
        "/publications/key-messages/new/", {"year": "2026", "title": "Learning"}
    ).content.decode()
    assert "Enter the key messages" in body and 'value="Learning"' in body
    data = {"year": "2026", "title": "Learning in 2026", "body": "Share information early."}
    assert as_coordinator.post("/publications/key-messages/new/", data).status_code == 302
    assert (
        "already key messages"
        in as_coordinator.post("/publications/key-messages/new/", data).content.decode()
    )
    # The writer is told a second coordinator must publish, and nothing is published.
    body = as_coordinator.get("/publications/key-messages/2026/publish/").content.decode()
    assert "Share information early." in body and "a second coordinator must publish" in body.lower()
    body = as_coordinator.post("/publications/key-messages/2026/publish/", {"expected": "1"}).content.decode()
    assert "govuk-error-summary" in body and not KeyMessages.objects.get().is_published

    as_second = staff_client_for(second)
    assert (
        "No protected term found"
        in as_second.get("/publications/key-messages/2026/publish/").content.decode()
    )
    assert as_second.post("/publications/key-messages/2026/publish/", {"expected": "1"}).status_code == 302
    assert KeyMessages.objects.get().is_published

    as_coordinator = staff_client_for(coordinator)
    edited = {"title": "Learning, 2026", "body": "Changed."}
    assert as_coordinator.post("/publications/key-messages/2026/", edited).status_code == 302
    assert KeyMessages.objects.get().title == "Learning, 2026"

    as_member = staff_client_for(member)
    listed = as_member.get("/publications/key-messages/").content.decode()
    assert "Learning, 2026" in listed and "changes waiting" in listed
    assert as_member.post("/publications/key-messages/2026/unpublish/").status_code == 403
    assert as_member.get("/publications/key-messages/2026/publish/").status_code == 403

    assert staff_client_for(coordinator).post("/publications/key-messages/2026/unpublish/").status_code == 302
    assert not KeyMessages.objects.get().is_published


def test_national_learning_link_pages(staff_client_for, coordinator, member, second):
    as_coordinator = staff_client_for(coordinator)
    body = as_coordinator.post(
        "/publications/national-learning/new/", {"title": "Panel", "url": "javascript:alert(1)"}
    ).content.decode()
    assert "Enter a full web address" in body and 'value="Panel"' in body
    data = {"title": "Panel reviews", "url": "https://www.gov.uk/panel", "description": "National reviews"}
    assert as_coordinator.post("/publications/national-learning/new/", data).status_code == 302
    link = NationalLearningLink.objects.get()
    assert not link.is_published
    assert as_coordinator.get("/publications/national-learning/999/").status_code == 404

    url = f"/publications/national-learning/{link.pk}/publish/"
    assert staff_client_for(second).post(url, {"expected": str(link.version)}).status_code == 302
    assert NationalLearningLink.objects.get().is_published

    as_member = staff_client_for(member)
    assert "Panel reviews" in as_member.get("/publications/national-learning/").content.decode()
    assert as_member.post(f"/publications/national-learning/{link.pk}/remove/").status_code == 403

    assert (
        staff_client_for(coordinator).post(f"/publications/national-learning/{link.pk}/remove/").status_code
        == 302
    )
    assert not NationalLearningLink.objects.exists()


def test_the_publish_due_task_runs_the_service(coordinator, second):
    from publications.tasks import publish_due

    publication = prepared(coordinator)
    publishing.publication_publish(
        publication, second, 3, when=timezone.now() + datetime.timedelta(seconds=1)
    )
    Publication.objects.filter(pk=publication.pk).update(
        scheduled_for=timezone.now() - datetime.timedelta(minutes=1)
    )
    publish_due.delay()
    publication.refresh_from_db()
    assert publication.status == P.LIVE
