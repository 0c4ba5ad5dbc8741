"""One referral (/referrals/<reference>/) and the confirmation after submitting it: who may see
them, what each sees, and the access log of staff views. Its documents: documents/."""

import pytest
from auditlog.models import LogEntry
from django.template.loader import render_to_string

from referrals.models import ReferralEvent, ReferralStatus
from tests.factories import (
    ChildFactory,
    ReferralDocumentFactory,
    ReferralFactory,
    UserFactory,
    submitted_referral_factory,
)

pytestmark = pytest.mark.django_db

S = ReferralStatus


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def referral(referrer):
    referral = submitted_referral_factory(created_by=referrer, incident_description="Found at the canal.")
    ReferralDocumentFactory(referral=referral, original_name="agency chronology.pdf")
    return referral


def url(referral, suffix=""):
    return f"/referrals/{referral.reference}/{suffix}"


def accesses(obj):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS)


# --- The referral page -----------------------------------------------------------------------


def test_the_referrer_sees_what_they_submitted(as_referrer, referral):
    html = as_referrer.get(url(referral)).content.decode()

    assert f'<h1 class="govuk-heading-l">{referral.reference}</h1>' in html
    assert '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>' in html
    child, person, involved = (
        referral.children.get(),
        referral.family_members.get(),
        referral.agencies_involved.get(),
    )
    for text in [child.full_name, person.full_name, involved.name, "Found at the canal.", referral.lead_name]:
        assert text in html
    assert "A child has been seriously harmed and abuse or neglect is known or suspected" in html
    assert "Police investigation" in html
    document = referral.documents.get()
    assert f'href="/referrals/{referral.reference}/documents/{document.pk}/"' in html
    assert "agency chronology.pdf" in html


def test_the_referrer_sees_their_own_events_and_status_changes_but_no_internal_notes(
    as_referrer, referral, coordinator
):
    ReferralEvent.objects.create(
        referral=referral,
        action="referral.status_changed",
        from_status=S.SUBMITTED,
        to_status=S.SCREENING,
        actor=coordinator,
        note="Internal: the chair thinks this overlaps another case",
    )

    html = as_referrer.get(url(referral)).content.decode()

    assert "You submitted the referral" in html
    assert "The Review Group started to look at the referral" in html
    assert "Internal: the chair" not in html
    assert coordinator.full_name not in html


def test_the_referrer_is_offered_withdrawal_while_submitted(as_referrer, referral):
    html = as_referrer.get(url(referral)).content.decode()

    assert f'href="/referrals/{referral.reference}/withdraw/"' in html


def test_the_referrer_is_offered_a_withdrawal_request_once_triage_has_started(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)

    html = as_referrer.get(url(referral)).content.decode()

    assert f'href="/referrals/{referral.reference}/request-withdrawal/"' in html
    assert "/withdraw/" not in html


def test_there_is_no_outcome_until_a_decision_provides_one(as_referrer, referral):
    html = as_referrer.get(url(referral)).content.decode()

    assert ">Outcome<" not in html


def test_the_outcome_block_shows_the_outcome_and_the_message_for_the_referrer_only():
    html = render_to_string(
        "referrals/_outcome_for_referrer.html",
        {"outcome": {"label": "Learning review", "message": "Thank you. A learning review will take place."}},
    )

    assert "Learning review" in html
    assert "A learning review will take place." in html


def test_a_referrers_view_of_their_own_referral_is_not_logged(as_referrer, referral):
    as_referrer.get(url(referral))

    assert not accesses(referral).exists()


@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_members_and_coordinators_see_any_submitted_referral_and_the_view_is_logged(
    staff_client_for, referral, role
):
    user = UserFactory(roles=[role])

    response = staff_client_for(user).get(url(referral))

    assert response.status_code == 200
    assert referral.children.get().full_name in response.content.decode()
    [entry] = accesses(referral)
    assert entry.actor == user


def test_staff_see_the_whole_history_with_notes(staff_client_for, coordinator, referral):
    ReferralEvent.objects.create(
        referral=referral, action="referral.status_changed", from_status=S.SUBMITTED, to_status=S.SCREENING,
        actor=coordinator, note="Overlaps another case",
    )  # fmt: skip

    html = staff_client_for(coordinator).get(url(referral)).content.decode()

    assert "Status changed to screening" in html
    assert "Overlaps another case" in html
    assert "/withdraw/" not in html


def test_a_reviewer_gets_not_found(staff_client_for, reviewer, referral):
    assert staff_client_for(reviewer).get(url(referral)).status_code == 404
    assert not accesses(referral).exists()


def test_another_referrer_gets_not_found(client, referral):
    client.force_login(UserFactory(roles=["referrer"]))

    assert client.get(url(referral)).status_code == 404


def test_a_draft_is_never_shown_here(as_referrer, staff_client_for, referrer, coordinator):
    draft = ReferralFactory(created_by=referrer, reference="SPR-2000-0001")  # cannot happen; guarded anyway

    assert as_referrer.get(url(draft)).status_code == 404
    assert staff_client_for(coordinator).get(url(draft)).status_code == 404


def test_an_unknown_reference_is_not_found(as_referrer):
    assert as_referrer.get("/referrals/SPR-1999-9999/").status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(client, referral):
    response = client.get(url(referral))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_the_page_rejects_a_post(as_referrer, referral):
    assert as_referrer.post(url(referral)).status_code == 405


@pytest.mark.parametrize("extra", [0, 5])
def test_the_referrer_page_runs_a_fixed_number_of_queries(
    as_referrer, referral, extra, django_assert_num_queries
):
    ChildFactory.create_batch(extra, referral=referral)
    ReferralDocumentFactory.create_batch(extra, referral=referral)

    # session, user, roles, the referral, its children, family, agencies, documents, events,
    # the Review Group's questions; the idle-timeout session save (savepoint, update, release)
    with django_assert_num_queries(13):
        assert as_referrer.get(url(referral)).status_code == 200


@pytest.mark.parametrize("extra", [0, 5])
def test_the_staff_page_runs_a_fixed_number_of_queries(
    staff_client_for, coordinator, referral, extra, django_assert_num_queries
):
    ChildFactory.create_batch(extra, referral=referral)
    client = staff_client_for(coordinator)

    # as for the referrer, plus the second factor's device and the access log entry
    with django_assert_num_queries(14):
        assert client.get(url(referral)).status_code == 200


# --- The confirmation page -----------------------------------------------------------------


def test_the_confirmation_page_shows_the_reference_and_what_happens_next(as_referrer, referral, settings):
    html = as_referrer.get(url(referral, "submitted/")).content.decode()

    assert '<h1 class="govuk-panel__title">Referral submitted</h1>' in html
    assert f"<strong>{referral.reference}</strong>" in html
    assert "Review Group" in html
    assert "within 5 working days" in html
    assert "We will tell you the outcome." in html
    assert "call 999" in html
    assert settings.CSCP_FRONT_DOOR_PHONE in html
    assert 'href="/referrals/"' in html


def test_only_the_referrer_sees_the_confirmation_page(client, staff_client_for, coordinator, referral):
    assert staff_client_for(coordinator).get(url(referral, "submitted/")).status_code == 404
    client.force_login(UserFactory(roles=["referrer"]))
    assert client.get(url(referral, "submitted/")).status_code == 404


def test_the_confirmation_page_rejects_a_post(as_referrer, referral):
    assert as_referrer.post(url(referral, "submitted/")).status_code == 405
