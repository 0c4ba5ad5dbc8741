"""Hostile input on every form of the triage page (issue 7 §4): the steps, the rapid review,
information requests, conflicts, themes (tagging and the vocabulary), the decision and its
confirm step, communications and closing. Never a 5xx; what was stored shows escaped on the
triage page, the referrer's page and the communications page."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from reviews.decision.services import decision_record
from reviews.models import Theme
from reviews.triage import rapid_review as rapid
from reviews.triage import services
from tests.factories import submitted_referral_factory
from tests.hostile.conftest import rolled_back
from tests.hostile.strategies import assert_escaped, date_parts, get, hostile_posts, post
from tests.reviews.conftest import LAST_WEEK, TODAY, YESTERDAY, record_not_notifiable
from tests.reviews.decision_answers import awaiting_decision, decision_kwargs, decision_post

pytestmark = pytest.mark.django_db


def screening(by):
    referral = submitted_referral_factory(aware_date=LAST_WEEK)
    services.triage_start(referral=referral, by=by)
    referral.refresh_from_db()
    return referral


def notified(by):
    referral = screening(by)
    services.sin_record(referral=referral, by=by, sin_required=True, la_aware_on=LAST_WEEK, sent_on=YESTERDAY)
    return referral


def in_rapid_review(by):
    referral = notified(by)
    rapid.rapid_review_start(referral=referral, by=by, started_on=TODAY)
    referral.refresh_from_db()
    return referral


def below_threshold(by):
    referral = screening(by)
    record_not_notifiable(referral, by, LAST_WEEK)
    return referral


def signed_off(by):
    referral = in_rapid_review(by)
    rapid.rapid_review_save(
        referral=referral,
        by=by,
        recommendation="spr",
        la_signed_off_by="DCS",
        icb_signed_off_by="Director of Nursing",
        police_signed_off_by="Det Supt",
    )
    return referral


def theme_pk():
    return str(Theme.objects.get_or_create(name="Neglect (hostile)", slug="neglect-hostile")[0].pk)


RAPID_REVIEW = {
    "expected_status": "rapid_review",
    **date_parts("started_on", TODAY),
    "meeting_dates": "3 and 10 March",
    "agencies_asked": "Police, health",
    "returns_received": "All",
    "key_practice_episodes": "Missed appointments.",
    "context_and_inequalities": "Housing.",
    "immediate_actions": "None.",
    "good_practice": "Health visitor.",
    "areas_for_improvement": "Sharing.",
    "reg11_recurrent_themes": "on",
    "reg11_notes": "Notes.",
    "recommendation": "spr",
    "recommendation_rationale": "Because.",
    "la_signed_off_by": "DCS",
    "icb_signed_off_by": "Director of Nursing",
    "police_signed_off_by": "Det Supt",
}

# (path under /triage/<reference>/, the state it needs, a valid post).
STEP_FORMS = {
    "start": ("start/", submitted_referral_factory, lambda: {"expected_status": "submitted"}),
    "notification": (
        "notification/",
        screening,
        lambda: {
            "expected_status": "screening",
            "sin_required": "yes",
            **date_parts("la_aware_on", LAST_WEEK),
            **date_parts("sent_on", YESTERDAY),
            "panel_reference": "CSPRP-42",
            **date_parts("lac_death_notified_on", YESTERDAY),
        },
    ),
    "rapid-review-start": (
        "rapid-review/start/",
        notified,
        lambda: {"expected_status": "screening", **date_parts("started_on", TODAY)},
    ),
    "rapid-review": ("rapid-review/", in_rapid_review, lambda: dict(RAPID_REVIEW)),
    "send": (
        "rapid-review/send/",
        signed_off,
        lambda: {"expected_status": "rapid_review", **date_parts("sent_on", TODAY)},
    ),
    "ready": ("ready-for-decision/", below_threshold, lambda: {"expected_status": "screening"}),
    "withdraw": ("withdraw/", screening, lambda: {"expected_status": "screening", "reason": "Duplicate."}),
    "merge": (
        "merge/",
        screening,
        lambda: {
            "expected_status": "screening",
            "into": submitted_referral_factory().reference,
            "reason": "Same.",
        },
    ),
    "themes": ("themes/", screening, lambda: {"expected_status": "screening", "themes": theme_pk()}),
    "conflict": ("conflict/", screening, lambda: {"expected_status": "screening", "note": "My team."}),
    "ask": (
        "information-requests/new/",
        screening,
        lambda: {"expected_status": "screening", "question": "Which school?"},
    ),
}


def triage_url(referral, path=""):
    return reverse("reviews:triage", args=[referral.reference]) + path


@given(data=st.data(), name=st.sampled_from(sorted(STEP_FORMS)))
def test_every_triage_step_form(as_coordinator, coordinator, as_referrer, referrer, made_once, data, name):
    path, state, valid = STEP_FORMS[name]

    def make():
        referral = state(coordinator) if state is not submitted_referral_factory else state()
        referral.created_by = referrer
        referral.save(update_fields=["created_by"])
        return referral

    referral = made_once(state.__name__, make)
    with rolled_back():
        values = data.draw(hostile_posts(valid()), label="post")
        response = post(as_coordinator, triage_url(referral, path), values)
        pages = [
            response,
            get(as_coordinator, triage_url(referral)),
            get(as_referrer, reverse("referrals:detail", args=[referral.reference])),
        ]
        if path not in ("start/", "ready-for-decision/", "withdraw/", "merge/", "themes/", "conflict/"):
            pages.append(get(as_coordinator, triage_url(referral, path)))
        assert_escaped(values, *pages)


def communication():
    return {
        "recipient": "family",
        "told": "yes",
        **date_parts("sent_on", TODAY),
        "channel": "letter",
        "by_whom": "Business manager",
        "not_sent_reason": "",
        "summary": "Told at home.",
    }


@given(data=st.data(), form=st.sampled_from(["decision", "communication", "close"]))
def test_the_decision_its_confirm_step_communications_and_close(
    as_coordinator, coordinator, as_referrer, referrer, made_once, data, form
):
    def decided():
        referral = awaiting_decision(created_by=referrer)
        decision_record(**decision_kwargs(referral, coordinator, outcome="no_review"))
        return referral

    if form == "decision":
        referral = made_once("awaiting", lambda: awaiting_decision(created_by=referrer))
    else:
        referral = made_once("decided", decided)
    with rolled_back():
        if form == "decision":
            values = data.draw(hostile_posts(decision_post()), label="decision")
            pages = [post(as_coordinator, reverse("reviews:decision", args=[referral.reference]), values)]
            confirm = reverse("reviews:decision_confirm", args=[referral.reference])
            pages += [get(as_coordinator, confirm), post(as_coordinator, confirm, {})]
            pages += [get(as_coordinator, triage_url(referral))]
        else:
            if form == "communication":
                values = data.draw(hostile_posts(communication()), label="communication")
                url = reverse("reviews:communications", args=[referral.reference])
            else:
                values = data.draw(hostile_posts({"expected": "decided"}), label="close")
                url = reverse("reviews:close", args=[referral.reference])
            pages = [post(as_coordinator, url, values)]
            pages.append(get(as_coordinator, reverse("reviews:communications", args=[referral.reference])))
        pages.append(get(as_referrer, reverse("referrals:detail", args=[referral.reference])))
        assert_escaped(values, *pages)


THEME = {"name": "Exploitation", "description": "Criminal and sexual exploitation."}


@given(data=st.data(), action=st.sampled_from(["add", "change"]))
def test_the_themes_vocabulary(as_coordinator, data, action):
    with rolled_back():
        theme = Theme.objects.create(name="Old theme (hostile)", slug="old-theme-hostile")
        url = (
            reverse("reviews:theme_add")
            if action == "add"
            else reverse("reviews:theme_change", args=[theme.slug])
        )
        values = data.draw(hostile_posts(THEME), label="theme")
        response = post(as_coordinator, url, values)
        assert_escaped(values, response, get(as_coordinator, reverse("reviews:themes")))
