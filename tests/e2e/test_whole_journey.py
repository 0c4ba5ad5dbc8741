"""The whole service in one real browser, one live server and one database, as its users go
through it (issue 7 §1):

1. a referrer registers with an address on an allow-listed domain, follows the link in the
   verification email from the outbox, signs in, fills in every page of the referral (every
   question answered, two children, two family members, two agencies, a document), signs out
   half way, comes back and submits;
2. a member, signing in with a TOTP second factor they enrol on the way, triages it: the
   serious incident notification, the rapid review sent to the Panel, and the decision (a full
   Safeguarding Practice Review) through its confirm step;
3. a coordinator (enrolling a second factor too) records how the family and the Panel were
   told; the referrer sees the outcome and the message, never the rationale;
4. the coordinator runs the review case opened by the decision to pre-publication, prepares
   the publication and is stopped by the anonymisation guard (a child's name from the
   referral is in the summary), and takes the name out;
5. a second coordinator publishes it; an anonymous visitor finds it by searching and downloads
   both PDFs.

axe audits every page, each form also in its error state, and a screenshot of every step is
kept in test-artifacts/screenshots/journey/. A console error anywhere fails the test."""

import datetime
import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import Referral
from reviews.models import Communication, ReviewCase, ReviewStatus
from tests.e2e.journey_steps import (
    ERROR_SUMMARY,
    PDF,
    Journey,
    fill_answers,
    fill_date,
    follow,
    heading,
    press,
    sign_out,
    staff_sign_in,
    totp_code,
)
from tests.factories import PASSWORD, AgencyFactory, AllowedDomainFactory, UserFactory
from tests.referrals.draft.posts import (
    AWARE,
    agency_post,
    child_post,
    date_parts,
    days_ago,
    family_post,
    section_posts,
)

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
REFERRER_EMAIL = "sam.patel@council.example"
REFERRER_PASSWORD = "a-long-unguessable-passphrase"
CHILD_NAME = "Tallulah Brown"
RATIONALE = "RATIONALE-FOR-STAFF-ONLY: agencies shared information late."
MESSAGE = "Thank you for your referral. The Review Group has commissioned a full review."
SUMMARY = (
    "Tallulah's mother had severe perinatal mental illness and the family moved between two "
    "boroughs during pregnancy; information did not follow them."
)


@pytest.fixture
def partnership(base_url, settings):
    settings.CSCP_REQUIRE_2FA = True
    council = AgencyFactory(name="Example Council")
    police = AgencyFactory(name="Example Police")
    AllowedDomainFactory(domain="council.example", agency=council)
    member = UserFactory(
        email="helen.marsh@police.example", full_name="Helen Marsh", agency=police, roles=[Role.MEMBER]
    )
    first = UserFactory(email="jo.coord@council.example", full_name="Jo Coord", roles=[Role.COORDINATOR])
    second = UserFactory(email="tom.second@council.example", full_name="Tom Second", roles=[Role.COORDINATOR])
    # The second coordinator set up their authenticator app long ago.
    second_device = TOTPDevice.objects.create(user=second, name="default", confirmed=True)
    reviewer = UserFactory(
        email="margaret@independent.example", full_name="Margaret Ellison", roles=[Role.REVIEWER]
    )
    return {
        "council": council,
        "police": police,
        "member": member,
        "first": first,
        "second": second,
        "second_device": second_device,
        "reviewer": reviewer,
    }


@pytest.mark.longest
def test_the_whole_journey_from_registration_to_the_published_report(page, base_url, console, partnership):
    journey = Journey(page, "journey")
    register_and_verify(page, base_url, journey, partnership)
    reference = make_the_referral(page, base_url, journey, partnership)
    triage_and_decide(page, base_url, journey, partnership, reference)
    record_communications(page, base_url, journey, partnership, reference)
    referrer_sees_the_outcome(page, base_url, journey, reference)
    case = run_the_case(page, base_url, journey, partnership, reference)
    prepare_and_meet_the_guard(page, base_url, journey, partnership, case)
    publish_and_find(page, base_url, journey, partnership, case)


# 1. The referrer ---------------------------------------------------------------------------


def register_and_verify(page, base_url, journey, people):
    page.goto(f"{base_url}/")
    journey.seen("home")
    page.goto(f"{base_url}/accounts/register/")
    journey.seen("register")
    journey.errors("register", _main_button(page))
    page.get_by_label("Full name").fill("Sam Patel")
    page.get_by_label("Work email address").fill(REFERRER_EMAIL)
    page.get_by_label("Job title").fill("Senior Social Worker")
    page.get_by_label("Agency").select_option(label="Example Council")
    page.get_by_label("Work telephone number (optional)").fill("020 7946 0000")
    page.get_by_label("Create a password").fill(REFERRER_PASSWORD)
    page.get_by_label("Confirm your password").fill(REFERRER_PASSWORD)
    page.locator("main button.govuk-button").first.click()
    page.wait_for_load_state()
    heading(page, "Check your email")
    journey.seen("check-your-email")

    email = OutgoingEmail.objects.get(to=REFERRER_EMAIL)
    link = next(w for w in email.body_text.split() if "/accounts/verify/" in w)
    page.goto(base_url + link[link.index("/accounts/verify/") :])
    journey.seen("verify")
    press(page, "Confirm email address")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("confirmed")
    journey.seen("verified")

    page.goto(f"{base_url}/accounts/login/")
    journey.seen("sign-in")
    _password_sign_in(page, REFERRER_EMAIL, "wrong-password")
    expect(page.locator(ERROR_SUMMARY)).to_contain_text("Enter a correct email address and password")
    journey.seen("sign-in-errors", same_step=True)
    _password_sign_in(page, REFERRER_EMAIL, REFERRER_PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def make_the_referral(page, base_url, journey, people) -> str:
    council, police = people["council"], people["police"]
    posts = section_posts(council)
    follow(page, "My referrals")
    journey.seen("my-referrals-empty")
    press(page, "Start a new referral")
    heading(page, "Refer a case for a Safeguarding Practice Review")
    journey.seen("start-a-referral")
    press(page, "Start now")

    heading(page, "About you")
    expect(page.get_by_label("Full name")).to_have_value("Sam Patel")
    page.get_by_label("Telephone number").fill("")
    journey.seen("about-you")
    journey.errors("about-you", "Save and continue", expect_text="Enter a telephone number")
    fill_answers(page, posts["about-you"])
    press(page, "Save and continue")

    _section(page, journey, "Your agency's safeguarding lead", posts["safeguarding-lead"])

    # Two children: one born, one unborn when it happened.
    heading(page, "The child or children")
    journey.seen("children")
    journey.errors("children", "Save and continue")
    press(page, "Add a child")
    journey.seen("add-a-child")
    journey.errors("add-a-child", "Save and continue")
    fill_answers(page, child_post(full_name=CHILD_NAME, other_names="Tally"))
    press(page, "Save and continue")
    press(page, "Add another child")
    fill_answers(
        page,
        child_post(
            full_name="Jasper Brown",
            other_names="JB",
            is_unborn="yes",
            date_of_birth_0="",
            date_of_birth_1="",
            date_of_birth_2="",
            **date_parts("expected_due_date", TODAY + datetime.timedelta(days=60)),
            sex="male",
            legal_status="none",
        ),
    )
    journey.seen("add-an-unborn-child")
    press(page, "Save and continue")
    _two_complete(page, CHILD_NAME, "Jasper Brown")
    journey.seen("children-added")
    press(page, "Save and continue")

    heading(page, "Family members and significant others")
    journey.seen("family")
    press(page, "Add a family member")
    journey.seen("add-a-family-member")
    journey.errors("add-a-family-member", "Save and continue")
    fill_answers(page, family_post(full_name="Kezia Brown", relationship="Mother", alleged_perpetrator="no"))
    press(page, "Save and continue")
    press(page, "Add another family member")
    fill_answers(
        page,
        family_post(
            full_name="Dean Okoro",
            relationship="Mother's partner",
            household_member="yes",
            alleged_perpetrator="unknown",
            **date_parts("date_of_birth", days_ago(33 * 365)),
        ),
    )
    press(page, "Save and continue")
    _two_complete(page, "Kezia Brown", "Dean Okoro")
    journey.seen("family-added")
    press(page, "Save and continue")

    heading(page, "Agencies involved")
    journey.seen("agencies")
    journey.errors("agencies", "Save and continue")
    press(page, "Add an agency")
    journey.seen("add-an-agency")
    journey.errors("add-an-agency", "Save and continue", expect_text="Select the agency from the list")
    fill_answers(page, agency_post(listed=police, involvement="Called to the home twice."))
    press(page, "Save and continue")
    press(page, "Add another agency")
    fill_answers(page, agency_post(still_involved="no"))  # one not on the list, named in the box
    press(page, "Save and continue")
    _two_complete(page, "Example Police", "Example Community Health Trust")
    journey.seen("agencies-added")
    press(page, "Save and continue")

    _section(page, journey, "What happened", posts["what-happened"])

    # Half way: save, sign out, and come back in a new session.
    heading(page, "Why this case should be considered for a review")
    journey.seen("criteria")
    journey.errors("criteria", "Save and continue")
    fill_answers(page, posts["criteria"])
    press(page, "Save and come back later")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your draft has been saved")
    journey.seen("draft-saved")
    sign_out(page)
    page.goto(f"{base_url}/accounts/login/")
    _password_sign_in(page, REFERRER_EMAIL, REFERRER_PASSWORD)
    page.goto(f"{base_url}/referrals/new/")
    journey.seen("come-back")
    page.get_by_role("link", name=re.compile("^Continue")).click()
    page.wait_for_load_state()

    _section(
        page,
        journey,
        "Immediate concerns and action taken",
        {
            "immediate_concerns": "yes",
            "immediate_concerns_details": "The younger sibling is due in two months.",
            "actions_taken": "A strategy meeting was held and a pre-birth assessment started.",
        },
    )
    _section(
        page,
        journey,
        "Other investigations and reviews",
        {
            "parallel_processes": ["police_investigation", "single_agency"],
            "parallel_processes_details": "The hospital trust is reviewing its discharge.",
        },
        error_state=False,  # every question is optional
    )
    _section(page, journey, "Whether the family has been told", posts["family-told"])
    _section(
        page,
        journey,
        "Media interest",
        {"media_interest": "yes", "media_interest_details": "A local newspaper has asked the council."},
    )

    heading(page, "Supporting documents")
    journey.seen("documents")
    journey.errors("documents", "Upload file")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "chronology.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    press(page, "Upload file")
    expect(page.locator(".govuk-summary-list")).to_contain_text("chronology.pdf")
    journey.seen("document-uploaded")
    press(page, "Save and continue")

    _section(page, journey, "Declaration", posts["declaration"])

    heading(page, "Check your answers before submitting your referral")
    main = page.locator("main")
    expect(main).not_to_contain_text("Incomplete")
    for answer in (CHILD_NAME, "Jasper Brown", "Kezia Brown", "Dean Okoro", "Example Community Health Trust"):
        expect(main).to_contain_text(answer)
    journey.seen("check-your-answers")
    press(page, "Submit referral")

    reference = f"SPR-{TODAY.year}-0001"
    expect(page).to_have_url(f"{base_url}/referrals/{reference}/submitted/")
    expect(page.locator("main")).to_contain_text(reference)
    journey.seen("submitted")
    referral = Referral.objects.get(reference=reference)
    assert referral.children.count() == 2
    assert referral.family_members.count() == 2
    assert referral.agencies_involved.count() == 2
    assert referral.documents.count() == 1
    sign_out(page)
    return reference


# 2. The member -----------------------------------------------------------------------------


def triage_and_decide(page, base_url, journey, people, reference):
    member = people["member"]
    _invited_sign_in(page, member, base_url)  # the first time: from the enrolment email's link
    heading(page, "Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    journey.seen("member-enrols-2fa")
    page.get_by_label("Enter the 6-digit code").fill("000000")
    page.locator("main button.govuk-button").first.click()
    expect(page.locator(ERROR_SUMMARY)).to_contain_text("wrong")
    journey.seen("member-enrols-2fa-errors", same_step=True)
    device = TOTPDevice.objects.get(user=member)
    page.wait_for_timeout(1100)  # the device throttles: one second after a wrong code
    page.get_by_label("Enter the 6-digit code").fill(totp_code(device))
    page.locator("main button.govuk-button").first.click()
    page.wait_for_load_state()
    expect(page.locator(".cscp-recovery-codes li")).to_have_count(10)
    journey.seen("member-recovery-codes")

    page.goto(f"{base_url}/triage/")
    journey.seen("triage-queue")
    page.get_by_label("Reference").fill(reference)
    press(page, "Apply filters")
    follow(page, reference)
    heading(page, reference)
    journey.seen("triage-page")
    press(page, "Start triage")
    expect(page.get_by_text("Triage started.")).to_be_visible()
    journey.seen("triage-started")

    follow(page, "Record whether the case must be notified to the Panel")
    journey.seen("notification")
    page.get_by_label("Yes").check()
    fill_date(page, "sent_on", AWARE - datetime.timedelta(days=3))
    press(page, "Save the notification")
    expect(page.locator(ERROR_SUMMARY)).to_contain_text("must be the same as or after")
    journey.seen("notification-errors", same_step=True)
    fill_date(page, "sent_on", AWARE + datetime.timedelta(days=2))
    page.get_by_label("Panel's reference (optional)").fill("CSPRP-1234")
    press(page, "Save the notification")
    expect(page.get_by_text("The serious incident notification has been saved.")).to_be_visible()

    follow(page, "Start the rapid review")
    journey.seen("rapid-review-start")
    journey.errors("rapid-review-start", "Start the rapid review")
    fill_date(page, "started_on", AWARE + datetime.timedelta(days=3))
    press(page, "Start the rapid review")
    expect(page.get_by_text("The rapid review has started.")).to_be_visible()

    follow(page, "Complete the rapid review record")
    journey.seen("rapid-review")
    fill_answers(
        page,
        {
            "meeting_dates": "Two meetings in the first fortnight",
            "agencies_asked": "Police, health, children's social care",
            "returns_received": "All three",
            "key_practice_episodes": "Missed health appointments were not followed up.",
            "context_and_inequalities": "The family had moved boroughs twice.",
            "immediate_actions": "A multi-agency briefing was shared.",
            "good_practice": "Health visitor escalated promptly.",
            "areas_for_improvement": "Transfer of records between boroughs.",
            "reg11_recurrent_themes": True,
            "reg11_agencies_working_together": True,
            "reg11_notes": "Criteria (b) and (c) are met.",
            "recommendation": "spr",
            "recommendation_rationale": "Learning for the whole partnership.",
            "la_signed_off_by": "Director of Children's Services",
            "icb_signed_off_by": "Director of Nursing",
            "police_signed_off_by": "Detective Superintendent",
            "panel_response": "agrees",
        },
    )
    press(page, "Save the rapid review")
    # The Panel cannot have answered a rapid review not yet sent to it.
    expect(page.locator(ERROR_SUMMARY)).to_contain_text("after the rapid review has been sent")
    journey.seen("rapid-review-errors", same_step=True)
    page.evaluate("document.querySelectorAll('input[name=panel_response]').forEach(r => r.checked = false)")
    press(page, "Save the rapid review")
    expect(page.get_by_text("The rapid review record has been saved.")).to_be_visible()

    follow(page, "Send to the Panel")
    heading(page, "Send the rapid review to the Panel")
    journey.seen("send-to-panel")
    journey.errors("send-to-panel", "Send to the Panel", expect_text="Enter the date sent to the Panel")
    fill_date(page, "sent_on", TODAY - datetime.timedelta(days=1))
    press(page, "Send to the Panel")
    expect(page.get_by_text("The rapid review has been sent to the Panel.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Awaiting decision")
    journey.seen("sent-to-panel")

    follow(page, "Record the decision")
    heading(page, "Record the Review Group's decision")
    journey.seen("decision")
    journey.errors("decision", "Continue", expect_text="Enter the rationale for the decision")
    page.get_by_label("Full Safeguarding Practice Review").check()
    page.get_by_label("Rationale").fill(RATIONALE)
    page.get_by_label("Message to the referrer").fill(MESSAGE)
    page.get_by_label("(c) It raises concerns about two or more agencies working together").check()
    page.get_by_label("Notes on the criteria (optional)").fill("As the rapid review found.")
    fill_date(page, "decided_on", TODAY)
    page.get_by_label("Helen Marsh").check()
    page.get_by_label("Local authority").fill("Director of Children's Services")
    page.get_by_label("Integrated care board").fill("Director of Nursing")
    page.get_by_label("Police").fill("Detective Superintendent")
    page.get_by_label("Dissent (optional)").fill("None.")
    press(page, "Continue")
    heading(page, "Check the decision before you record it")
    expect(page.locator(".govuk-summary-list")).to_contain_text(RATIONALE)
    journey.seen("decision-confirm")
    press(page, "Record decision")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Decision recorded")
    expect(banner).to_contain_text("Review case REV-")
    journey.seen("decision-recorded")
    sign_out(page)


# 3. The coordinator tells the family and the Panel; the referrer sees the outcome ----------


def record_communications(page, base_url, journey, people, reference):
    first = people["first"]
    _invited_sign_in(page, first, base_url)
    heading(page, "Set up two-factor authentication")
    device = TOTPDevice.objects.get(user=first)
    page.get_by_label("Enter the 6-digit code").fill(totp_code(device))
    page.locator("main button.govuk-button").first.click()
    page.wait_for_load_state()
    expect(page.locator(".cscp-recovery-codes li")).to_have_count(10)
    journey.seen("coordinator-recovery-codes")

    page.goto(f"{base_url}/dashboard/")
    journey.seen("dashboard")
    page.goto(f"{base_url}/triage/{reference}/")
    follow(page, "Who was told of the decision")
    journey.seen("communications")
    journey.errors("communications", "Record communication", expect_text="Select who was told")
    for recipient, channel in (("family", "letter"), ("panel", "notification_system")):
        fill_answers(
            page,
            {
                "recipient": recipient,
                "told": "yes",
                **date_parts("sent_on", TODAY),
                "channel": channel,
                "by_whom": "Jo Coord",
                "summary": "Told of the decision to commission a full review.",
            },
        )
        press(page, "Record communication")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Communication recorded")
    told = Communication.objects.filter(referral__reference=reference, recipient__in=("family", "panel"))
    assert told.count() == 2
    journey.seen("communications-recorded")
    sign_out(page)


def referrer_sees_the_outcome(page, base_url, journey, reference):
    _password_sign_in(page, REFERRER_EMAIL, REFERRER_PASSWORD, base_url=base_url)
    page.goto(f"{base_url}/referrals/")
    journey.seen("my-referrals")
    follow(page, reference)
    outcome = page.locator(".govuk-inset-text")
    expect(outcome).to_contain_text("Full Safeguarding Practice Review")
    expect(outcome).to_contain_text(MESSAGE)
    assert "RATIONALE-FOR-STAFF-ONLY" not in page.content()
    journey.seen("referrer-sees-outcome")
    sign_out(page)


# 4. The review case, to pre-publication, and the anonymisation guard ----------------------


def run_the_case(page, base_url, journey, people, reference) -> ReviewCase:
    case = ReviewCase.objects.get(referrals__reference=reference)
    # Standing in for time passing: a review takes months, and the forms refuse any date before
    # the decision that opened the case. Move the decision four months into the past so the
    # case's events (and so the earliest publication date) can be entered as already past.
    decided = TODAY - datetime.timedelta(days=120)
    ReviewCase.objects.filter(pk=case.pk).update(commissioned_on=decided)

    first = people["first"]
    device = TOTPDevice.objects.get(user=first)
    staff_sign_in(page, base_url, first.email, PASSWORD, device, steps_ahead=1)
    page.goto(f"{base_url}/reviews/")
    journey.seen("review-cases")
    follow(page, case.reference)
    expect(page.get_by_test_id("stage")).to_have_text("Commissioned")
    journey.seen("case")

    follow(page, "Appoint a reviewer")
    journey.seen("appoint-reviewer")
    journey.errors("appoint-reviewer", "Appoint reviewer", expect_text="Choose a reviewer")
    page.get_by_label("Reviewer").select_option(label="Margaret Ellison (margaret@independent.example)")
    fill_date(page, "appointed_on", decided + datetime.timedelta(days=5))
    press(page, "Appoint reviewer")
    expect(page.get_by_test_id("reviewers")).to_contain_text("Margaret Ellison")

    follow(page, "Change the case details")
    journey.seen("case-details")
    fill_date(page, "panel_informed_on", decided - datetime.timedelta(days=1))
    press(page, "Save details")
    expect(page.locator(ERROR_SUMMARY)).to_contain_text("on or after the decision")
    journey.seen("case-details-errors", same_step=True)
    page.get_by_label("Pseudonym for the published report (optional)").fill("Child T")
    page.get_by_label("Systems approach").check()
    fill_date(page, "scope_from", days_ago(3 * 365))
    fill_date(page, "scope_to", AWARE)
    page.get_by_label("Terms of reference").fill("How agencies shared information before the incident.")
    for name in ("panel_informed_on", "ofsted_informed_on", "dfe_informed_on"):
        fill_date(page, name, decided + datetime.timedelta(days=2))
    press(page, "Save details")
    expect(page.get_by_test_id("terms")).to_contain_text("How agencies shared information")

    _move(page, journey, "Move to scoping", "Scoping")
    _move(page, journey, "Move to in progress", "In progress")

    follow(page, "Add a contribution request")
    journey.seen("contribution")
    journey.errors("contribution", "Request contribution", expect_text="Select what has been asked for")
    page.get_by_label("Agency", exact=True).select_option(label="Example Police")
    page.get_by_label("Chronology").check()
    fill_date(page, "requested_on", decided + datetime.timedelta(days=10))
    press(page, "Request contribution")
    expect(page.get_by_test_id("contributions")).to_contain_text("Example Police")
    page.get_by_role("link", name=re.compile("^Mark received")).first.click()
    page.wait_for_load_state()
    journey.seen("contribution-received")
    fill_date(page, "received_on", decided + datetime.timedelta(days=28))
    press(page, "Save")
    expect(page.get_by_test_id("contributions")).not_to_contain_text("Not yet")

    # The draft: refused without it, a wrong file, then the PDF.
    # No draft yet: the page says what the move needs, with its link, instead of the button.
    expect(page.get_by_test_id("move-needs-draft_review")).to_contain_text("Upload the draft report")
    expect(page.get_by_role("link", name="Move to draft review")).to_have_count(0)
    journey.seen("draft-review-refused")
    follow(page, "Add a document")
    journey.seen("add-document")
    _upload(page, "Draft report", "Overview report", name="draft.pdf", content=b"MZ\x90\x00not a pdf")
    expect(page.locator(ERROR_SUMMARY)).to_contain_text("program")
    journey.seen("add-document-errors", same_step=True)
    page.get_by_label("File").set_input_files(
        {"name": "draft.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    press(page, "Upload document")
    page.goto(f"{base_url}/reviews/{case.reference}/")
    expect(page.get_by_test_id("documents")).to_contain_text("Overview report")
    _move(page, journey, "Move to draft review", "Draft review")
    _move(page, journey, "Move to final approved", "Final approved")

    follow(page, "Add a document")
    _upload(page, "Final report", "Final report", name="final.pdf", content=PDF)
    page.goto(f"{base_url}/reviews/{case.reference}/")
    follow(page, "Change the case details")
    sent = TODAY - datetime.timedelta(days=30)
    for name in ("final_report_sent_panel_on", "final_report_sent_sos_on", "final_report_sent_ofsted_on"):
        fill_date(page, name, sent)
    press(page, "Save details")
    _move(page, journey, "Move to pre-publication", "Pre-publication")
    expect(page.get_by_test_id("documents")).to_contain_text("Final report")
    journey.seen("case-in-pre-publication")
    case.refresh_from_db()
    assert case.status == ReviewStatus.PRE_PUBLICATION
    assert case.earliest_publication_on < TODAY
    return case


def prepare_and_meet_the_guard(page, base_url, journey, people, case):
    follow(page, "Prepare the publication")
    journey.seen("prepare-publication")
    press(page, "Start the publication")
    heading(page, "Child T")
    journey.seen("publication")

    follow(page, "Change the details")
    journey.seen("publication-details")
    page.get_by_label("Summary (optional)").fill(SUMMARY)
    page.get_by_label("Learning includes (optional)").fill(
        "Perinatal mental health and midwifery services held information that never met."
    )
    page.get_by_label("1 to 4").check()
    page.get_by_label("Web address").fill("")
    press(page, "Save details")
    expect(page.locator(ERROR_SUMMARY)).to_contain_text("web address")
    expect(page.get_by_label("Summary (optional)")).to_have_value(SUMMARY)
    journey.seen("publication-details-errors", same_step=True)
    page.get_by_label("Web address").fill("child-t")
    press(page, "Save details")

    follow(page, "Add a section")
    journey.seen("publication-section")
    journey.errors("publication-section", "Save section")
    page.get_by_label("Heading").fill("Introduction")
    page.get_by_label("Text").fill("The partners agreed the case met the criteria for a review.")
    press(page, "Save section")
    page.get_by_role("link", name="Change when the family was told").click()
    page.wait_for_load_state()
    journey.seen("family-told")
    fill_date(page, "family_told_on", TODAY - datetime.timedelta(days=2))
    press(page, "Save")

    # The guard: the child's first name from the referral, in the summary and the briefing PDF.
    follow(page, "Publish")
    expect(page.locator("body")).to_contain_text("a second coordinator must publish")
    findings = page.locator("table", has_text="Where")
    expect(findings).to_contain_text("Summary")
    expect(findings).to_contain_text("Briefing PDF")
    expect(page.locator("mark").first).to_have_text("Tallulah")
    journey.seen("guard-stops-the-name")

    follow(page, "Back to the publication")
    follow(page, "Change the details")
    page.get_by_label("Summary (optional)").fill(SUMMARY.replace("Tallulah's", "The baby's"))
    press(page, "Save details")
    journey.seen("name-removed")
    sign_out(page)


# 5. The second coordinator publishes; the public finds it ---------------------------------


def publish_and_find(page, base_url, journey, people, case):
    second, device = people["second"], people["second_device"]
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", second.email)
    page.fill("input[name=password]", PASSWORD)
    press(page, "Sign in")
    heading(page, "Enter your security code")
    journey.seen("security-code")
    page.get_by_label("Enter the 6-digit code").fill("000000")
    page.locator("main button.govuk-button").first.click()
    page.wait_for_load_state()
    expect(page.locator(ERROR_SUMMARY)).to_be_visible()
    journey.seen("security-code-errors", same_step=True)
    page.wait_for_timeout(1100)  # the device throttles: one second after a wrong code
    device.refresh_from_db()
    page.get_by_label("Enter the 6-digit code").fill(totp_code(device))
    page.locator("main button.govuk-button").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.goto(f"{base_url}/publications/")
    journey.seen("publications")
    follow(page, "Child T")
    follow(page, "Publish")
    expect(page.locator("body")).not_to_contain_text("Protected terms found")
    journey.seen("publish-confirm")
    press(page, "Publish")
    expect(page.get_by_text("Published", exact=True).first).to_be_visible()
    journey.seen("published")
    page.goto(f"{base_url}/reviews/{case.reference}/")
    expect(page.get_by_test_id("stage")).to_have_text("Published")
    journey.seen("case-published")
    sign_out(page)

    page.goto(f"{base_url}/reports/")
    journey.seen("public-reports")
    page.get_by_label("Search reports").fill("perinatal mental health")
    press(page, "Search")
    journey.seen("public-search")
    follow(page, "Child T")
    heading(page, "Child T")
    body = page.locator("body")
    expect(body).not_to_contain_text(case.reference)
    expect(body).not_to_contain_text("Tallulah")
    journey.seen("public-report")
    for link, name in (("Full report", "child-t-report.pdf"), ("One-page briefing", "child-t-briefing.pdf")):
        href = page.get_by_role("link", name=link).first.get_attribute("href")
        response = page.request.get(f"{base_url}{href}")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert name in response.headers["content-disposition"]
        assert response.body().startswith(b"%PDF-")
    # Every email the journey sent carried no child's or family member's name.
    emails = list(OutgoingEmail.objects.all())
    assert len(emails) > 3
    for email in emails:
        text = f"{email.subject} {email.body_text}"
        for name in ("Tallulah", "Jasper", "Brown", "Kezia", "Okoro"):
            assert name not in text, (email.subject, name)


# Small steps -------------------------------------------------------------------------------


def _invited_sign_in(page, user, base_url):
    """A staff member's first sign-in: from the link in the enrolment email (issue 18 §2), which
    asks for the password, then sets up the second factor."""
    from urllib.parse import urlsplit

    from cscp.accounts import enrolment

    page.goto(base_url + urlsplit(enrolment.enrolment_invite(user=user)).path)
    _password_sign_in(page, user.email, PASSWORD)


def _password_sign_in(page, email, password, *, base_url=None):
    if base_url:
        page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    press(page, "Sign in")


def _main_button(page) -> str:
    return page.locator("main button.govuk-button").first.inner_text().strip()


def _section(page, journey, title, answers, *, error_state=True):
    heading(page, title)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    journey.seen(slug)
    if error_state:
        journey.errors(slug, "Save and continue")
    fill_answers(page, answers)
    press(page, "Save and continue")


def _two_complete(page, one, two):
    rows = page.locator(".govuk-summary-list")
    expect(rows).to_contain_text(one)
    expect(rows).to_contain_text(two)
    expect(rows).not_to_contain_text("Incomplete")


def _move(page, journey, label, stage):
    follow(page, label)
    journey.seen(label)
    press(page, label)
    expect(page.get_by_test_id("stage")).to_have_text(stage)


def _upload(page, kind, title, *, name, content):
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Title").fill(title)
    page.get_by_label("File").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": content}
    )
    press(page, "Upload document")
