"""Issue 17 §4: the referrer sees, on My referrals and on the referral's page, what its final
state and the decision's outcome mean for them, in plain words: never "Nothing more will happen"
when a review was opened, never the Review Group's rationale; with no query per referral."""

import html
import re

import pytest
from django.urls import reverse

from referrals.models import Referral, ReferralStatus
from reviews.decision.services import decision_record
from tests.factories import ReviewCaseFactory, submitted_referral_factory
from tests.reviews.decision_answers import MESSAGE, RATIONALE, awaiting_decision, decision_kwargs

pytestmark = pytest.mark.django_db

S = ReferralStatus
FOLLOW_UP = "The partnership will contact you if it needs more from you."
NOTHING_MORE = "Nothing more will happen on this referral."

# outcome: (the tag the referrer sees, what it means for them)
MEANINGS = {
    "spr": ("Review under way", f"A full Safeguarding Practice Review is being carried out. {FOLLOW_UP}"),
    "learning_review": ("Review under way", f"A learning review is being carried out. {FOLLOW_UP}"),
    "near_miss_inquiry": ("Review under way", f"A near-miss inquiry is being carried out. {FOLLOW_UP}"),
    "linked_to_review": (
        "Part of a review",
        f"Your referral is being considered as part of a review that was already being carried out. {FOLLOW_UP}",
    ),
    "referred_elsewhere": (
        "Referred elsewhere",
        f"The Review Group passed the case to another process rather than carry out a review. {FOLLOW_UP}",
    ),
    "no_review": (
        "No review",
        f"The Review Group decided that no review will be carried out. {NOTHING_MORE}",
    ),
}
EXTRA = {
    "linked_to_review": lambda: {"linked_review": ReviewCaseFactory()},
    "referred_elsewhere": lambda: {"referred_to": "INTERNAL-PROCESS-NAME child death review"},
}


def decided(referrer, member, outcome, *, closed=False):
    referral = awaiting_decision(created_by=referrer)
    extra = EXTRA.get(outcome, dict)()
    decision_record(**decision_kwargs(referral, member, outcome=outcome, dissent="DISSENT-INTERNAL", **extra))
    if closed:  # as referral_close leaves it, once the family and the Panel were told
        Referral.objects.filter(pk=referral.pk).update(status=S.CLOSED)
    return referral


def page_of(client, referral) -> str:
    return html.unescape(client.get(reverse("referrals:detail", args=[referral.reference])).content.decode())


def status_cell(list_page: str, referral) -> str:
    row = list_page.split(f">{referral.reference}</a>", 1)[1].split("</tr>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


@pytest.mark.parametrize("closed", [False, True], ids=["decided", "closed"])
@pytest.mark.parametrize("outcome", list(MEANINGS))
def test_the_referrer_sees_what_the_outcome_means_for_them(as_referrer, referrer, member, outcome, closed):
    tag, meaning = MEANINGS[outcome]
    referral = decided(referrer, member, outcome, closed=closed)

    detail = page_of(as_referrer, referral)
    listed = status_cell(html.unescape(as_referrer.get(reverse("referrals:list")).content.decode()), referral)

    for page in (detail, listed):
        assert tag in page and meaning in page
        assert RATIONALE not in page and "DISSENT-INTERNAL" not in page
        assert "INTERNAL-PROCESS-NAME" not in page  # which process: only if the message says so
    assert MESSAGE in detail
    if outcome != "no_review":
        assert NOTHING_MORE not in detail and NOTHING_MORE not in listed
        assert ">Closed<" not in detail


@pytest.mark.parametrize(
    ("status", "meaning"),
    [
        (S.WITHDRAWN, "This referral was withdrawn. The Review Group will not consider it."),
        (S.MERGED, "This referral was joined with another referral about the same case"),
    ],
)
def test_withdrawn_and_merged_say_what_they_mean(as_referrer, referrer, status, meaning):
    referral = submitted_referral_factory(created_by=referrer, status=status)

    listed = status_cell(html.unescape(as_referrer.get(reverse("referrals:list")).content.decode()), referral)

    assert meaning in page_of(as_referrer, referral)
    assert meaning in listed


def test_a_referral_still_running_keeps_its_status_and_explanation(as_referrer, referrer):
    referral = submitted_referral_factory(created_by=referrer, status=S.SCREENING)

    detail = page_of(as_referrer, referral)
    listed = status_cell(html.unescape(as_referrer.get(reverse("referrals:list")).content.decode()), referral)

    assert ">Screening<" in detail and "The Review Group is looking at your referral." in detail
    assert listed == "{} Screening".format(referral.submitted_at.strftime("%-d %B %Y"))


def test_staff_see_the_referrals_own_status_not_the_referrers_words(
    staff_client_for, coordinator, referrer, member
):
    referral = decided(referrer, member, "spr", closed=True)

    page = page_of(staff_client_for(coordinator), referral)

    assert ">Closed<" in page
    assert "Review under way" not in page


@pytest.mark.parametrize("count", [1, 12])
def test_my_referrals_runs_a_fixed_number_of_queries_with_decisions(
    as_referrer, referrer, member, count, django_assert_num_queries
):
    for i in range(count):
        decided(referrer, member, list(MEANINGS)[i % len(MEANINGS)], closed=bool(i % 2))
    submitted_referral_factory(created_by=referrer, status=S.WITHDRAWN)

    # session, user, the user's roles, the count, the page of referrals (each decision's
    # outcome joined); the idle-timeout session save (savepoint, update, release)
    with django_assert_num_queries(8):
        page = as_referrer.get(reverse("referrals:list")).content.decode()
    assert page.count("is being carried out") >= 1


def test_a_decided_referrals_page_runs_a_fixed_number_of_queries(
    as_referrer, referrer, member, django_assert_num_queries
):
    referral = decided(referrer, member, "learning_review", closed=True)

    # as for a referral not yet decided (test_detail.py: 13), plus the decision's outcome and message
    with django_assert_num_queries(14):
        page = as_referrer.get(reverse("referrals:detail", args=[referral.reference])).content.decode()
    assert "A learning review is being carried out." in page
