"""An honest way past a false positive (issue 14 §4): a hit marked as not identifying by one
coordinator and confirmed by a second stops blocking; only that term with the five words either
side of it is covered; both steps are on the timeline and in the change log."""

import pytest
from auditlog.models import LogEntry

from publications.guard import exceptions
from publications.guard import services as guard_services
from publications.models import GuardException, ProtectedTerm
from publications.services import PublicationError
from publications.staff import publishing, services
from tests.publications.helpers import page, prepared, refused

pytestmark = pytest.mark.django_db

SUMMARY = "We hope that agencies will learn. Hope was seen at home."


@pytest.fixture
def publication(coordinator):
    publication = prepared(coordinator, summary=SUMMARY)
    # A child called Hope: "Hope" (an ordinary word) counts only with its capital.
    guard_services.term_add(publication.case, "Hope", coordinator, kind=ProtectedTerm.Kind.NAME)
    return publication


def guard(publication):
    publication.refresh_from_db()
    return publishing.anonymisation_check(publication)


def test_a_hit_marked_and_confirmed_no_longer_blocks_and_is_listed(publication, coordinator, second):
    check = guard(publication)
    summary_hits = [hit for hit in check.hits if hit.location == "Summary"]
    assert not check.ok and [hit.found for hit in summary_hits] == ["Hope"]  # "hope" passed already
    hit = summary_hits[0]
    refused("Enter why", exceptions.mark, publication, hit, "  ", coordinator)
    marked = exceptions.mark(
        publication, hit, "Hope is the child's name here: it is a pseudonym.", coordinator
    )
    refused("already marked", exceptions.mark, publication, hit, "again", second)
    assert hit.location in guard(publication).message  # still blocking: not confirmed yet
    refused("A second coordinator must confirm", exceptions.confirm, marked, coordinator)
    exceptions.confirm(marked, second)
    check = guard(publication)
    assert [mark.pk for _, mark in check.accepted if _.location == "Summary"] == [marked.pk]
    assert "Summary" not in check.message
    actions = list(publication.events.values_list("action", flat=True))
    assert "publication.hit_marked" in actions and "publication.hit_confirmed" in actions
    assert LogEntry.objects.get_for_model(GuardException).count() >= 2


def test_changing_a_word_near_the_hit_brings_it_back(publication, coordinator, second):
    hit = next(hit for hit in guard(publication).hits if hit.location == "Summary")
    exceptions.confirm(exceptions.mark(publication, hit, "A pseudonym.", coordinator), second)
    assert "Summary" not in guard(publication).message
    services.publication_update(publication, coordinator, summary=SUMMARY.replace("at home", "at school"))
    assert "Summary" in guard(publication).message
    # Words further than five away do not matter: the mark holds again with them added.
    far = "Agencies must share what they know about every child today. " + SUMMARY
    services.publication_update(publication, coordinator, summary=far)
    assert "Summary" not in guard(publication).message


def test_a_mark_is_made_only_on_a_hit_the_guard_finds_now(publication):
    hits = guard(publication).hits
    with pytest.raises(PublicationError):
        exceptions.find_hit(hits, "term:" + "0" * 32, "0" * 32)


def test_removing_a_mark_makes_the_hit_block_again(publication, coordinator, second):
    hit = next(hit for hit in guard(publication).hits if hit.location == "Summary")
    mark = exceptions.confirm(exceptions.mark(publication, hit, "A pseudonym.", coordinator), second)
    exceptions.unmark(mark, coordinator)
    assert "Summary" in guard(publication).message
    assert "publication.hit_unmarked" in publication.events.values_list("action", flat=True)


def test_the_pages(staff_client_for, coordinator, second, member, publication):
    as_coordinator = staff_client_for(coordinator)
    body = as_coordinator.get(page(publication)).content.decode()
    assert "Mark as not identifying" in body and "Blocks publishing" in body
    hit = next(hit for hit in guard(publication).hits if hit.location == "Summary")
    url = page(publication, f"hits/mark/?what={hit.what}&window={hit.window}")
    assert "<mark>Hope</mark>" in as_coordinator.get(url).content.decode()
    body = as_coordinator.post(
        page(publication, "hits/mark/"), {"what": hit.what, "window": hit.window}
    ).content.decode()
    assert "Enter why this does not identify anyone" in body
    data = {"what": hit.what, "window": hit.window, "reason": "The pseudonym agreed with the family."}
    assert as_coordinator.post(page(publication, "hits/mark/"), data).status_code == 302
    mark = GuardException.objects.get()
    # Bad keys: back to the publication with a message, never a 500.
    response = as_coordinator.get(page(publication, "hits/mark/?what=x&window=y"), follow=True)
    assert "no longer found" in response.content.decode()
    # The marker cannot confirm; a member cannot either; the second coordinator can.
    as_coordinator.post(page(publication, f"hits/{mark.pk}/confirm/"))
    assert GuardException.objects.get().confirmed_at is None
    assert staff_client_for(member).post(page(publication, f"hits/{mark.pk}/confirm/")).status_code == 403
    as_second = staff_client_for(second)
    body = as_second.get(page(publication)).content.decode()
    assert "Waiting for a second coordinator" in body and "Confirm not identifying" in body
    assert as_second.post(page(publication, f"hits/{mark.pk}/confirm/")).status_code == 302
    assert GuardException.objects.get().confirmed_by == second
    body = as_second.get(page(publication, "publish/")).content.decode()
    assert "Not identifying" in body and "The pseudonym agreed with the family." in body
    assert as_second.post(page(publication, "hits/999/unmark/")).status_code == 404
