"""The partnership register (issue 14 §2): what a referral puts in it, kept in step on every path,
and every publication, with or without a case, checked against it."""

import datetime

import pytest
from django.core.management import call_command

from publications.guard import checks, register
from publications.models import Publication, RegisterEntry, RegisterVariant
from referrals.models import Child, FamilyMember
from tests.factories import AgencyInvolvedFactory, PublicationFactory, submitted_referral_factory

pytestmark = pytest.mark.django_db

Source = RegisterEntry.Source


def entries(referral):
    """The referral's entries but its dates."""
    return {(e.source, e.term) for e in RegisterEntry.objects.filter(referral=referral, on=None)}


@pytest.fixture
def referral():
    referral = submitted_referral_factory(referrer_name="Priya Natarajan", lead_name="Dr Tom Okafor")
    Child.objects.filter(referral=referral).update(
        full_name="Lily-Mae Harrington",
        other_names="Lily Harrington-Cole, Lil",
        home_address="7 Birchwood Close\nCroydon\nCR2 6AB",
        school_or_setting="Oakfield Primary School",
        date_of_birth=datetime.date(2018, 5, 4),
    )
    FamilyMember.objects.filter(referral=referral).update(
        full_name="Kayleigh Harrington", address="Not known"
    )
    AgencyInvolvedFactory(referral=referral, contact_name="Sam Whitlock")
    AgencyInvolvedFactory(referral=referral, contact_name="Duty manager")
    register.sync_referral(referral.pk)  # the updates above send no signals
    return referral


def test_a_referral_gives_its_distinctive_terms_and_nothing_common(referral):
    assert entries(referral) == {
        (Source.CHILD_NAME, "Lily-Mae Harrington"),
        (Source.OTHER_NAME, "Lily Harrington-Cole"),
        (Source.ADDRESS, "7 Birchwood Close"),
        (Source.ADDRESS, "CR2 6AB"),
        (Source.SCHOOL, "Oakfield Primary School"),
        (Source.FAMILY_NAME, "Kayleigh Harrington"),
        (Source.PROFESSIONAL_NAME, "Priya Natarajan"),
        (Source.PROFESSIONAL_NAME, "Dr Tom Okafor"),
        (Source.PROFESSIONAL_NAME, "Sam Whitlock"),
    }
    # Only keyed hashes of the variants are stored, never their words.
    variant = RegisterVariant.objects.filter(entry__referral=referral).first()
    assert len(bytes(variant.digest)) == 16


def test_a_draft_is_not_in_the_register_and_submitting_puts_it_there():
    from referrals.services import referral_submit
    from tests.factories import complete_referral_factory

    draft = complete_referral_factory(referrer_name="Priya Natarajan")
    assert not RegisterEntry.objects.filter(referral=draft).exists()
    referral_submit(referral=draft, by=draft.created_by)
    assert (Source.PROFESSIONAL_NAME, "Priya Natarajan") in entries(draft)


def test_the_register_follows_every_change_to_the_referral(referral):
    member = FamilyMember.objects.get(referral=referral)
    member.full_name = "Kayleigh Brennan"
    member.save()  # any path that saves the row: a service, the admin
    assert (Source.FAMILY_NAME, "Kayleigh Brennan") in entries(referral)
    assert (Source.FAMILY_NAME, "Kayleigh Harrington") not in entries(referral)
    member.delete()
    assert not any(source == Source.FAMILY_NAME for source, _ in entries(referral))
    referral_pk = referral.pk
    referral.events.all().delete()
    referral.delete()
    assert not RegisterEntry.objects.filter(referral_id=referral_pk).exists()
    assert not RegisterEntry.objects.filter(referral=None, erased_at=None).exists()


def _thematic(**fields):
    fields = {"kind": Publication.Kind.THEMATIC, "case": None, "summary": "A thematic review.", **fields}
    return PublicationFactory(**fields)


@pytest.mark.parametrize(
    "text",
    [
        "Kayleigh Harrington told the review what happened.",
        "KAYLEIGH HARRINGTON",
        "K\u0430yleigh H\u0430rrington",  # Cyrillic a
        "KayleighHarrington",
        "the family of Lily-Mae Harrington",
        "at 7 Birchwood Close",
        "CR2 6AB",
        "cr26ab",
        "pupils of Oakfield Primary School",
        "Sam Whitlock, the health visitor",
        "Kayleigh Harrington's son",
    ],
)
def test_a_thematic_publication_is_checked_against_every_referral(referral, text):
    publication = _thematic(summary=text)
    hits = checks.check_publication(publication, pdfs={})
    assert [hit.location for hit in hits] == ["Summary"]
    assert hits[0].source.endswith("in the partnership register") and hits[0].entry_id


@pytest.mark.parametrize(
    "text",
    [
        "Lily and Kayleigh are common first names.",
        "Harrington is a surname shared by many families.",
        "The duty manager called the police.",
        "Birchwood Close is a street name on its own.",
        "On 4 May 2018 nothing happened.",
        "Children at primary school.",
    ],
)
def test_common_names_streets_roles_and_dates_alone_pass(referral, text):
    assert checks.check_publication(_thematic(summary=text), pdfs={}) == []


def test_an_erased_referral_is_still_caught_by_its_hashes(referral):
    held = RegisterEntry.objects.filter(referral=referral).count()
    assert register.erase_referral(referral.pk) == held
    erased = RegisterEntry.objects.filter(erased_at__isnull=False)
    assert erased.count() == held and set(erased.values_list("term", flat=True)) == {""}
    assert not erased.filter(referral__isnull=False).exists()
    hits = checks.check_publication(_thematic(summary="Kayleigh Harrington"), pdfs={})
    assert len(hits) == 1
    # A later sync of the referral keeps the erased entries (they have no referral any more).
    register.sync_referral(referral.pk)
    assert RegisterEntry.objects.filter(erased_at__isnull=False).count() == held
    # Its dates still go with its erased names (the child's date of birth, beside the mother's).
    hits = checks.check_publication(_thematic(summary="Kayleigh Harrington was born on 4 May 2018."), pdfs={})
    assert [hit.found for hit in hits] == ["Kayleigh Harrington", "4 May 2018"]


def test_the_hashes_are_keyed(referral, settings):
    before = register.digest(("kayleigh", "harrington"))
    settings.CSCP_REGISTER_KEY = "another key entirely"
    assert register.digest(("kayleigh", "harrington")) != before


def test_a_case_publication_names_its_own_child_once_not_twice(referral):
    from publications.guard import terms
    from tests.factories import ReviewCaseFactory

    case = ReviewCaseFactory()
    case.referrals.add(referral)
    terms.sync_from_referrals(case)
    publication = PublicationFactory(case=case, summary="Lily-Mae Harrington was seen.")
    hits = checks.check_publication(publication, pdfs={})
    assert [(hit.location, hit.entry_id) for hit in hits] == [("Summary", None)]


def test_rebuild_register_command(referral, capsys):
    RegisterEntry.objects.all().delete()
    call_command("rebuild_register")
    assert "rebuilt from 1 referral" in capsys.readouterr().out
    assert len(entries(referral)) == 9


def test_a_thematic_publication_naming_a_registered_person_cannot_be_published(referral, coordinator, second):
    from publications.staff import publishing
    from tests.publications.helpers import render_now

    publication = render_now(
        _thematic(
            summary="Kayleigh Harrington",
            mode=Publication.Mode.SUMMARY,
            mode_reason="A thematic review of many families.",
            family_not_told_reason="Many families: each was told by their social worker.",
        )
    )
    problem = publishing.first_problem(publishing.publish_checks(publication))
    assert problem is not None and problem.key == "guard" and "Summary" in problem.message


def test_a_registered_date_counts_only_near_a_registered_name_of_its_referral(referral):
    other = submitted_referral_factory(referrer_name="Amara Okonkwo")
    near = "Lily-Mae Harrington was born on the 4th of May 2018 and lived with her mother."
    hits = checks.check_publication(_thematic(summary=near), pdfs={})
    assert [hit.found for hit in hits] == ["Lily-Mae Harrington", "4th of May 2018"]
    assert hits[1].source.startswith("Date of birth")
    # The same date beside another referral's name, or alone, is just a date.
    assert [
        hit.found
        for hit in checks.check_publication(_thematic(summary="Amara Okonkwo, 4 May 2018."), pdfs={})
    ] == ["Amara Okonkwo"]
    assert checks.check_publication(_thematic(summary="On 04/05/2018 nothing happened."), pdfs={}) == []
    # Far from the name (over 30 words), it is not counted either.
    far = "Lily-Mae Harrington. " + "Agencies met and talked. " * 10 + "Later, on 4 May 2018, a meeting."
    assert [hit.found for hit in checks.check_publication(_thematic(summary=far), pdfs={})] == [
        "Lily-Mae Harrington"
    ]
    assert other.pk


def test_the_register_page_is_for_coordinators_and_shows_only_what_is_searched(
    referral, staff_client_for, coordinator, member, django_assert_max_num_queries
):
    from auditlog.models import LogEntry

    url = "/publications/register/"
    assert staff_client_for(member).get(url).status_code == 403
    as_coordinator = staff_client_for(coordinator)
    body = as_coordinator.get(url).content.decode()
    assert "Harrington" not in body and "entries from 1 referrals" in body  # nothing without a search
    assert 'method="post"' in body  # a name searched for never goes into the address
    assert "Harrington" not in as_coordinator.get(url, {"q": "harrington"}).content.decode()
    body = as_coordinator.post(url, {"q": "ha"}).content.decode()
    assert "Enter at least 3 letters or numbers" in body and 'value="ha"' in body
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    with django_assert_max_num_queries(15):
        body = as_coordinator.post(url, {"q": "harrington"}).content.decode()
    assert "Kayleigh Harrington" in body and "Lily-Mae Harrington" in body and referral.reference in body
    assert "Priya" not in body
    # The view is on the referral's history.
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == before + 1
    register.erase_referral(referral.pk)
    body = as_coordinator.post(url, {"q": "harrington"}).content.decode()
    assert "Nothing in the register matches" in body and "erased entries" in body
