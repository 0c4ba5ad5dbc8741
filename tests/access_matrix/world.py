"""One object of everything a URL of the project needs, and the users of every role.

`build_world()` returns a World; `url_kwargs(world)` maps each URL pattern's name to the kwargs
that reverse it onto the world's objects (a pattern with no kwargs needs no entry there)."""

from dataclasses import dataclass, field

from django.utils import timezone

from cscp.accounts.roles import Role
from tests.factories import (
    ActionItemFactory,
    AgencyContributionFactory,
    AllowedDomainFactory,
    CaseDocumentFactory,
    ChildFactory,
    FamilyEngagementFactory,
    PractitionerEventFactory,
    PublicationFactory,
    PublicationSectionFactory,
    RecommendationFactory,
    ReferralDocumentFactory,
    ReferralFactory,
    RenderFactory,
    ReviewCaseFactory,
    ReviewerAppointmentFactory,
    UserFactory,
    submitted_referral_factory,
)

# The child of the world's submitted referral. A name found nowhere else in the project, so a
# response that contains it has shown the referral (or its audit trail).
CHILD_NAME = "Peregrine Xanthopoulou"

ROLES = (
    "anonymous",
    "referrer",
    "other_referrer",
    "member",
    "coordinator",
    "reviewer",
    "other_reviewer",
    "admin",
)
# Signed in with a password and a verified second factor (staff), or a password alone.
STAFF = frozenset({"member", "coordinator", "reviewer", "other_reviewer", "admin"})


@dataclass
class World:
    users: dict = field(default_factory=dict)
    referral: object = None  # submitted, by users["referrer"], linked to `case`
    referral_document: object = None
    information_request: object = None
    child: object = None
    draft: object = None  # users["referrer"]'s draft
    draft_child: object = None
    draft_document: object = None
    case: object = None  # users["reviewer"] appointed; the referral is linked to it
    plan_case: object = None  # in action monitoring (its plan editable); users["reviewer"] appointed
    other_case: object = None  # users["other_reviewer"] appointed; no publication yet
    case_document: object = None
    contribution: object = None
    practitioner_event: object = None
    family_engagement: object = None
    recommendation: object = None
    action: object = None
    theme: object = None
    domain: object = None
    draft_publication: object = None  # the case's publication
    section: object = None
    term: object = None
    mark: object = None
    live_publication: object = None
    withdrawn_publication: object = None
    key_messages: object = None
    link: object = None
    # Objects of someone else, to put in another object's URL (must be 404, never shown).
    other_referral: object = None  # submitted by users["other_referrer"], linked to no case
    other_referral_document: object = None
    other_draft_child: object = None  # on users["other_referrer"]'s draft
    other_draft_document: object = None
    other_case_document: object = None
    other_contribution: object = None
    other_practitioner_event: object = None
    other_family_engagement: object = None
    other_section: object = None  # of the live publication


def build_world(*, referrer, member, coordinator, reviewer, admin_user) -> World:
    from django.contrib.contenttypes.models import ContentType

    from publications.models import (
        GuardException,
        KeyMessages,
        NationalLearningLink,
        ProtectedTerm,
        Publication,
    )
    from reviews.models import InformationRequest, Theme

    w = World()
    agency = referrer.agency
    w.users = {
        "referrer": referrer,
        "other_referrer": UserFactory(email="other.referrer@police.example", roles=[Role.REFERRER]),
        "member": member,
        "coordinator": coordinator,
        "reviewer": reviewer,
        "other_reviewer": UserFactory(email="other.reviewer@independent.example", roles=[Role.REVIEWER]),
        "admin": admin_user,
    }
    w.domain = AllowedDomainFactory(domain="council.example", agency=agency)

    w.referral = submitted_referral_factory(created_by=referrer)
    w.child = w.referral.children.get()
    w.child.full_name = CHILD_NAME
    w.child.save()  # an audit entry with the name: the history page shows it
    w.referral_document = ReferralDocumentFactory(referral=w.referral)
    w.information_request = InformationRequest.objects.create(
        referral=w.referral, question="Which school does the child attend?", asked_by=member
    )

    w.draft = ReferralFactory(created_by=referrer)
    w.draft_child = ChildFactory(referral=w.draft, full_name="Draft Child")
    w.draft_document = ReferralDocumentFactory(referral=w.draft)

    w.theme = Theme.objects.create(name="Neglect in the home", slug="neglect-in-the-home")

    w.case = ReviewCaseFactory(status="in_progress", created_by=coordinator)
    w.case.referrals.add(w.referral)
    ReviewerAppointmentFactory(case=w.case, reviewer=reviewer)
    w.other_case = ReviewCaseFactory(status="in_progress", created_by=coordinator)
    ReviewerAppointmentFactory(case=w.other_case, reviewer=w.users["other_reviewer"])
    w.case_document = CaseDocumentFactory(case=w.case)
    w.contribution = AgencyContributionFactory(case=w.case)
    w.practitioner_event = PractitionerEventFactory(case=w.case)
    w.family_engagement = FamilyEngagementFactory(case=w.case)
    w.plan_case = ReviewCaseFactory(status="action_monitoring", created_by=coordinator)
    ReviewerAppointmentFactory(case=w.plan_case, reviewer=reviewer)
    w.recommendation = RecommendationFactory(case=w.plan_case, number=1)
    w.action = ActionItemFactory(recommendation=w.recommendation)

    Status = Publication.Status
    w.draft_publication = PublicationFactory(case=w.case, created_by=coordinator, slug="child-draft")
    w.section = PublicationSectionFactory(publication=w.draft_publication)
    # A review's protected terms are held by its case (a standalone publication holds its own).
    w.term = ProtectedTerm.objects.create(case=w.case, term="Xanthopoulou", added_by=coordinator)
    w.mark = GuardException.objects.create(
        content_type=ContentType.objects.get_for_model(Publication),
        object_id=w.draft_publication.pk,
        what="term:0",
        window="0",
        location="Summary",
        reason="An everyday word here.",
        marked_by=coordinator,
    )
    now = timezone.now()
    w.live_publication = PublicationFactory(
        status=Status.LIVE, published_at=now, slug="child-live", created_by=coordinator
    )
    w.withdrawn_publication = PublicationFactory(
        status=Status.WITHDRAWN,
        published_at=now,
        withdrawn_at=now,
        slug="child-withdrawn",
        created_by=coordinator,
    )
    for publication in (w.draft_publication, w.live_publication, w.withdrawn_publication):
        RenderFactory(publication=publication, kind="report")
        RenderFactory(publication=publication, kind="briefing")
    w.key_messages = KeyMessages.objects.create(
        year=2026,
        title="Key messages 2026",
        body="Listen to the child.",
        live_title="Key messages 2026",
        live_body="Listen to the child.",
        is_published=True,
        updated_by=coordinator,
    )
    w.link = NationalLearningLink.objects.create(
        title="Panel reviews",
        url="https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel",
        live_title="Panel reviews",
        live_url="https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel",
        is_published=True,
        updated_by=coordinator,
    )
    w.key_messages.publications.add(w.live_publication)

    w.other_referral = submitted_referral_factory(created_by=w.users["other_referrer"])
    w.other_referral_document = ReferralDocumentFactory(referral=w.other_referral)
    other_draft = ReferralFactory(created_by=w.users["other_referrer"])
    w.other_draft_child = ChildFactory(referral=other_draft, full_name="Other Draft Child")
    w.other_draft_document = ReferralDocumentFactory(referral=other_draft)
    w.other_case_document = CaseDocumentFactory(case=w.other_case)
    w.other_contribution = AgencyContributionFactory(case=w.other_case)
    w.other_practitioner_event = PractitionerEventFactory(case=w.other_case)
    w.other_family_engagement = FamilyEngagementFactory(case=w.other_case)
    w.other_section = PublicationSectionFactory(publication=w.live_publication)
    return w


# The triage and decision pages of a referral: each takes its reference alone.
TRIAGE_PAGES = (
    "triage", "triage_start", "triage_sin", "triage_rapid_review_start", "triage_rapid_review",
    "triage_send_to_panel", "triage_ready_for_decision", "triage_withdraw", "triage_merge",
    "triage_themes", "triage_conflict", "triage_ask", "decision", "decision_confirm",
    "communications", "close",
)  # fmt: skip

# Query strings a pattern's page needs (pattern name -> query string).
QUERY = {"reviews:action_add": "recommendation=1"}


def url_kwargs(w: World) -> dict[str, dict]:
    """Pattern name -> the kwargs that point it at the world's objects."""
    ref = {"reference": w.referral.reference}
    draft = {"public_id": w.draft.public_id}
    case = {"reference": w.case.reference}
    plan = {"reference": w.plan_case.reference}
    publication = {"pk": w.draft_publication.pk}
    return {
        "accounts:verify_email": {"token": "not-a-real-token"},
        "accounts:two_factor_enrol": {"token": "not-a-real-token"},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "accounts:domain_change": {"pk": w.domain.pk},
        "accounts:domain_remove": {"pk": w.domain.pk},
        "audit:history": {"app_label": "referrals", "model": "child", "pk": str(w.child.pk)},
        "referrals:draft": draft,
        "reviews:triage_late_reason": {**ref, "step": "notification"},
        "reviews:triage_duplicate": {**ref, "other": w.other_referral.reference},
        "referrals:draft_delete": draft,
        "referrals:check_answers": draft,
        "referrals:draft_document": {**draft, "document_id": w.draft_document.pk},
        "referrals:draft_document_remove": {**draft, "document_id": w.draft_document.pk},
        "referrals:item_add": {**draft, "section": "children"},
        "referrals:item_change": {**draft, "section": "children", "item_id": w.draft_child.pk},
        "referrals:item_remove": {**draft, "section": "children", "item_id": w.draft_child.pk},
        "referrals:step": {**draft, "slug": "about-you"},
        "referrals:detail": ref,
        "referrals:submitted": ref,
        "referrals:withdraw": ref,
        "referrals:request_withdrawal": ref,
        "referrals:document": {**ref, "document_id": w.referral_document.pk},
        "referrals:information_answer": {**ref, "request_id": w.information_request.pk},
        "reviews:theme_change": {"slug": w.theme.slug},
        "reviews:theme_retire": {"slug": w.theme.slug},
        "reviews:theme_reinstate": {"slug": w.theme.slug},
        "reviews:case": case,
        "reviews:case_by_id": {"pk": w.case.pk},
        "reviews:case_by_id_path": {"pk": w.case.pk, "rest": "details/"},
        "reviews:case_move": {**case, "to": "on_hold"},
        "reviews:case_reviewers": case,
        "reviews:case_details": case,
        "reviews:case_progress": case,
        "reviews:case_late_reason": {**case, "step": "final_report"},
        "reviews:case_documents": case,
        "reviews:case_document_add": case,
        "reviews:case_document": {**case, "document_id": w.case_document.pk},
        "reviews:case_document_version_add": {**case, "document_id": w.case_document.pk},
        "reviews:case_document_download": {**case, "document_id": w.case_document.pk, "number": 1},
        "reviews:contribution_add": case,
        "reviews:contribution": {**case, "contribution_id": w.contribution.pk},
        "reviews:contribution_received": {**case, "contribution_id": w.contribution.pk},
        "reviews:contribution_late_reason": {**case, "contribution_id": w.contribution.pk},
        "reviews:practitioner_event_add": case,
        "reviews:practitioner_event": {**case, "event_id": w.practitioner_event.pk},
        "reviews:family_add": case,
        "reviews:family": {**case, "engagement_id": w.family_engagement.pk},
        "reviews:recommendation_add": plan,
        "reviews:recommendation": {**plan, "number": w.recommendation.number},
        "reviews:action_add": plan,
        "reviews:action": {**plan, "action_id": w.action.pk},
        "reviews:action_edit": {**plan, "action_id": w.action.pk},
        "reviews:action_close": {**plan, "action_id": w.action.pk},
        "reviews:action_carry_forward": {**plan, "action_id": w.action.pk},
        **dict.fromkeys((f"reviews:{name}" for name in TRIAGE_PAGES), ref),
        "publications:start": {"case_id": w.other_case.pk},
        "publications:detail": publication,
        "publications:details": publication,
        "publications:section_new": publication,
        "publications:section_edit": {**publication, "section_id": w.section.pk},
        "publications:section_remove": {**publication, "section_id": w.section.pk},
        "publications:section_move": {**publication, "section_id": w.section.pk, "direction": "down"},
        "publications:report_upload": publication,
        "publications:upload_page": {**publication, "number": 1},
        "publications:upload_page_image": {**publication, "number": 1},
        "publications:family": publication,
        "publications:terms": publication,
        "publications:term_remove": {**publication, "term_id": w.term.pk},
        "publications:hit_mark": publication,
        "publications:hit_confirm": {**publication, "mark_id": w.mark.pk},
        "publications:hit_unmark": {**publication, "mark_id": w.mark.pk},
        "publications:publish": publication,
        "publications:unschedule": publication,
        "publications:withdraw": publication,
        "publications:key_messages_edit": {"year": w.key_messages.year},
        "publications:key_messages_publish": {"year": w.key_messages.year},
        "publications:key_messages_unpublish": {"year": w.key_messages.year},
        **{
            f"publications:{name}": {"pk": w.link.pk}
            for name in ("link_edit", "link_publish", "link_unpublish", "link_remove", "link_hit_mark")
        },
        "publications:key_messages_hit_mark": {"year": w.key_messages.year},
        "publications:key_messages_hit_confirm": {"year": w.key_messages.year, "mark_id": w.mark.pk},
        "publications:key_messages_hit_unmark": {"year": w.key_messages.year, "mark_id": w.mark.pk},
        "publications:link_hit_confirm": {"pk": w.link.pk, "mark_id": w.mark.pk},
        "publications:link_hit_unmark": {"pk": w.link.pk, "mark_id": w.mark.pk},
        "reports:detail": {"slug": w.live_publication.slug},
        "reports:report_pdf": {"slug": w.live_publication.slug},
        "reports:briefing_pdf": {"slug": w.live_publication.slug},
    }
