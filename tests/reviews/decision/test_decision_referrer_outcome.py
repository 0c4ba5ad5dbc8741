"""The referrer sees the outcome and the message written for them, never the rationale."""

import pytest
from django.urls import reverse

from reviews.decision.services import decision_record
from tests.reviews.decision_answers import MESSAGE, RATIONALE, decision_kwargs

pytestmark = pytest.mark.django_db


def test_before_the_decision_the_referrer_sees_no_outcome(client, referral):
    client.force_login(referral.created_by)
    response = client.get(reverse("referrals:detail", args=[referral.reference]))
    assert b"Outcome" not in response.content


def test_once_decided_the_referrer_sees_the_outcome_and_message(client, member, referral):
    decision_record(**decision_kwargs(referral, member, outcome="learning_review"))
    client.force_login(referral.created_by)
    response = client.get(reverse("referrals:detail", args=[referral.reference]))
    content = response.content.decode()
    assert "Learning review" in content
    assert MESSAGE in content


def test_the_rationale_never_appears_on_a_referrer_page(client, member, referral):
    decision_record(**decision_kwargs(referral, member, dissent="DISSENT-NOT-FOR-REFERRER"))
    client.force_login(referral.created_by)
    for page in (
        reverse("referrals:detail", args=[referral.reference]),
        reverse("referrals:list"),
        reverse("referrals:submitted", args=[referral.reference]),
    ):
        content = client.get(page).content.decode()
        assert RATIONALE not in content, page
        assert "INTERNAL-RATIONALE" not in content, page
        assert "DISSENT-NOT-FOR-REFERRER" not in content, page


def test_the_referrer_cannot_open_the_decision_pages(client, member, referral):
    decision_record(**decision_kwargs(referral, member))
    client.force_login(referral.created_by)
    for name in ("decision", "decision_confirm", "communications"):
        assert client.get(reverse(f"reviews:{name}", args=[referral.reference])).status_code == 403
