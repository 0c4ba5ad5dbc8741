"""Key messages and national learning links (issue 14 §1): a draft, the anonymisation guard and
a second coordinator's approval, as for a report; the public reads only the approved copy."""

import pytest

from publications.guard import services as guard_services
from publications.models import KeyMessages, NationalLearningLink
from publications.public import cache as public_cache
from publications.services import PublicationError
from publications.staff import approval, key_messages, publishing
from tests.factories import PublicationFactory, submitted_referral_factory
from tests.publications.helpers import prepared, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(coordinator, second):
    publication = prepared(coordinator)
    publishing.publication_publish(publication, second, publication.content_version)
    return publication


def test_a_draft_is_published_only_by_a_second_coordinator_and_then_as_approved(coordinator, second, report):
    draft = PublicationFactory()
    refused("published reports only", key_messages.key_messages_save, 2026, "T", "B", [draft], coordinator)
    before = public_cache.current_version()
    messages = key_messages.key_messages_save(
        2026, "Learning in 2026", "Share information.", [report], coordinator
    )
    assert not messages.is_published and public_cache.current_version() == before  # a draft: public untouched
    refused("A second coordinator must publish", approval.approve, messages, coordinator, messages.version)
    refused("changed while you were looking", approval.approve, messages, second, messages.version - 1)
    approval.approve(messages, second, messages.version)
    messages.refresh_from_db()
    assert messages.is_published and (messages.live_title, messages.live_body) == (
        "Learning in 2026",
        "Share information.",
    )
    assert messages.published_by == second and public_cache.current_version() == before + 1
    refused("Nothing to publish", approval.approve, messages, coordinator, messages.version)

    # A change waits for approval; the public keeps the approved copy.
    messages = key_messages.key_messages_save(2026, "Learning in 2026", "Changed.", [report], second)
    assert messages.has_changes_waiting and messages.live_body == "Share information."
    assert public_cache.current_version() == before + 1
    approval.approve(messages, coordinator, messages.version)
    messages.refresh_from_db()
    assert messages.live_body == "Changed." and not messages.has_changes_waiting

    # One coordinator may take it down.
    approval.take_down(messages, second)
    messages.refresh_from_db()
    assert not messages.is_published and messages.live_body == "" and messages.body == "Changed."


def test_the_guard_stops_a_registered_name_or_a_term_of_a_report_they_come_from(coordinator, second, report):
    submitted_referral_factory(referrer_name="Priya Natarajan")
    messages = key_messages.key_messages_save(
        2026, "Learning", "Priya Natarajan showed what good practice looks like.", [report], coordinator
    )
    with pytest.raises(PublicationError) as refusal:
        approval.approve(messages, second, messages.version)
    assert "protected term" in str(refusal.value) and "Key messages" in str(refusal.value)
    assert not KeyMessages.objects.get().is_published

    guard_services.term_add(report.case, "Oakfield Primary", coordinator)
    messages = key_messages.key_messages_save(
        2026, "Learning at Oakfield Primary", "Share.", [report], coordinator
    )
    found = approval.approval_for(messages, second)
    assert [hit.location for hit in found.hits] == ["Title"] and "protected term" in found.problem


def test_a_national_learning_link_is_checked_in_its_title_address_and_description(coordinator, second):
    submitted_referral_factory(referrer_name="Priya Natarajan")
    link = approval.save_draft(
        NationalLearningLink(),
        coordinator,
        title="Panel",
        url="https://example.org/priya-natarajan",
        description="",
    )
    found = approval.approval_for(link, second)
    assert [hit.location for hit in found.hits] == ["Web address"]
    link = approval.save_draft(
        link, coordinator, url="https://www.gov.uk/panel", description="By Priya Natarajan"
    )
    assert [hit.location for hit in approval.approval_for(link, second).hits] == ["Description"]
    link = approval.save_draft(link, coordinator, description="National reviews")
    approval.approve(link, second, link.version)
    link.refresh_from_db()
    assert link.is_published and link.live_url == "https://www.gov.uk/panel"
    approval.remove(link, second)
    assert not NationalLearningLink.objects.exists()


def test_saving_what_is_already_there_changes_nothing(coordinator, second):
    link = approval.save_draft(NationalLearningLink(), coordinator, title="Panel", url="https://www.gov.uk/p")
    version = link.version
    again = approval.save_draft(link, second, title="Panel", url="https://www.gov.uk/p")
    assert again.version == version and again.updated_by == coordinator  # the first may still not approve


def test_a_false_positive_in_key_messages_is_marked_and_confirmed_on_the_check_page(
    staff_client_for, coordinator, second, report
):
    from publications.guard import checks
    from publications.models import GuardException

    submitted_referral_factory(referrer_name="Hope Marsh")  # a registered name that is also two words
    messages = key_messages.key_messages_save(
        2026, "Learning", "There is Hope Marsh Road in the borough.", [report], coordinator
    )
    hit = checks.check(messages)[0]
    publish = "/publications/key-messages/2026/publish/"
    as_coordinator = staff_client_for(coordinator)
    body = as_coordinator.get(publish).content.decode()
    assert "Mark as not identifying" in body and "/publications/key-messages/2026/hits/mark/?what=" in body
    data = {"what": hit.what, "window": hit.window, "reason": "A road's name here, not the person."}
    response = as_coordinator.post("/publications/key-messages/2026/hits/mark/", data)
    assert response.status_code == 302 and response.url == publish
    mark = GuardException.objects.get()
    as_second = staff_client_for(second)
    assert "Waiting for a second coordinator" in as_second.get(publish).content.decode()
    assert as_second.post(f"/publications/key-messages/2026/hits/{mark.pk}/confirm/").status_code == 302
    assert "No protected term" not in as_second.get(publish).content.decode()  # the hit is still shown
    assert approval.approval_for(KeyMessages.objects.get(), second).problem == ""
    assert as_second.post(publish, {"expected": str(KeyMessages.objects.get().version)}).status_code == 302
    assert KeyMessages.objects.get().is_published
