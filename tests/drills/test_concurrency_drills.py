"""Drills: many people acting at the same moment, through the real pages (PostgreSQL, each
request in its own thread and database connection, released together by a barrier).

The services are drilled already (tests/referrals/test_references_concurrency.py: 20
simultaneous referral_submit calls; tests/reviews/decision/test_decision_concurrency.py: two
simultaneous decision_record calls). These add what those do not prove: the same through the
views and their sessions, a referrer's double click on "Submit", and two decisions that would
both open a review case."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import Referral, ReferralEvent, ReferralStatus
from reviews.models import Communication, Decision, ReviewCase
from tests.concurrency import run_at_once
from tests.conftest import _verified_client
from tests.factories import UserFactory, complete_referral_factory
from tests.referrals.draft.posts import check_url
from tests.reviews.decision_answers import awaiting_decision, decision_post

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]

REFERRERS = 20


@pytest.fixture
def coordinators():
    return [UserFactory(email=f"coordinator{n}@council.example", roles=[Role.COORDINATOR]) for n in (1, 2)]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_twenty_referrers_submitting_at_once_get_twenty_distinct_references(coordinators):
    referrers = [
        UserFactory(email=f"referrer{n}@council.example", roles=[Role.REFERRER]) for n in range(REFERRERS)
    ]
    drafts = [complete_referral_factory(created_by=referrer) for referrer in referrers]
    clients = [signed_in(referrer) for referrer in referrers]

    responses = run_at_once(
        [
            lambda c=client, d=draft: c.post(check_url(d))
            for client, draft in zip(clients, drafts, strict=True)
        ]
    )

    assert not [r for r in responses if isinstance(r, Exception)], responses
    year = timezone.localdate().year
    submitted = Referral.objects.filter(pk__in=[d.pk for d in drafts], status=ReferralStatus.SUBMITTED)
    assert sorted(submitted.values_list("reference", flat=True)) == [
        f"SPR-{year}-{n:04d}" for n in range(1, REFERRERS + 1)
    ]
    for response, draft in zip(responses, drafts, strict=True):
        draft.refresh_from_db()
        assert response.status_code == 302
        assert response.url == reverse("referrals:submitted", args=[draft.reference])
    acknowledgements = OutgoingEmail.objects.filter(template="referrals-submitted")
    assert sorted(acknowledgements.values_list("to", flat=True)) == sorted(r.email for r in referrers)
    alerts = OutgoingEmail.objects.filter(template="referrals-new-alert")
    assert alerts.count() == REFERRERS * len(coordinators)


def test_a_double_click_on_submit_takes_one_reference_and_sends_one_acknowledgement(referrer, coordinators):
    draft = complete_referral_factory(created_by=referrer)
    clients = [signed_in(referrer), signed_in(referrer)]  # two tabs, or two clicks

    responses = run_at_once([lambda c=client: c.post(check_url(draft)) for client in clients])

    assert not [r for r in responses if isinstance(r, Exception)], responses
    draft.refresh_from_db()
    assert draft.status == ReferralStatus.SUBMITTED
    assert Referral.objects.exclude(reference="").count() == 1
    # Both clicks land on the confirmation of the one reference: neither sees an error.
    assert [(r.status_code, r.url) for r in responses] == [
        (302, reverse("referrals:submitted", args=[draft.reference]))
    ] * 2
    assert ReferralEvent.objects.filter(referral=draft, action="referral.submitted").count() == 1
    assert OutgoingEmail.objects.filter(template="referrals-submitted").count() == 1
    assert OutgoingEmail.objects.filter(template="referrals-new-alert").count() == len(coordinators)


def test_two_members_confirming_review_decisions_at_once_leave_one_decision_and_one_review_case():
    referral = awaiting_decision()
    members = [UserFactory(email=f"member{n}@council.example", roles=[Role.MEMBER]) for n in range(2)]
    clients = [_verified_client(Client(), member) for member in members]
    # Each member has filled in the form (both outcomes open a review case) and sees the confirm page.
    for client, member, outcome in zip(clients, members, ["spr", "learning_review"], strict=True):
        answers = decision_post(outcome=outcome, members_present=[str(member.pk)])
        response = client.post(reverse("reviews:decision", args=[referral.reference]), answers)
        assert response.status_code == 302, response.content.decode()[:2000]
    confirm = reverse("reviews:decision_confirm", args=[referral.reference])

    responses = run_at_once([lambda c=client: c.post(confirm) for client in clients])

    assert not [r for r in responses if isinstance(r, Exception)], responses
    assert sorted(r.status_code for r in responses) in ([200, 302], [302, 302])
    told = [[str(m) for m in get_messages(r.wsgi_request)] for r in responses]
    recorded = [any(m.startswith("Decision recorded") for m in messages) for messages in told]
    assert sorted(recorded) == [False, True], told
    [loser] = [messages for messages, won in zip(told, recorded, strict=True) if not won]
    assert any("Nothing you entered has been saved" in m for m in loser), told
    [decision] = Decision.objects.all()
    [case] = ReviewCase.objects.all()
    assert list(case.referrals.all()) == [referral]
    assert decision.review_case_id == case.pk
    assert Communication.objects.count() == 1
    assert OutgoingEmail.objects.filter(template="reviews-decision-made").count() == 1
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECIDED
