import factory
from django.contrib.auth.models import Group

from cscp.accounts.models import Agency, AllowedDomain, User


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.LOCAL_AUTHORITY


class AllowedDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllowedDomain
        django_get_or_create = ("domain",)

    domain = factory.Sequence(lambda n: f"agency{n}.example")
    agency = factory.SubFactory(AgencyFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@agency.example")
    full_name = factory.Faker("name", locale="en_GB")
    agency = factory.SubFactory(AgencyFactory)
    email_verified_at = factory.Faker("past_datetime", tzinfo=__import__("datetime").UTC)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in extracted))
        if create:
            self.save()


PASSWORD = "correct-horse-battery"


# --- Referrals (issue 3). Models by label and imports kept local so this block only appends. ---


def _past(days: int):
    import datetime

    return datetime.date.today() - datetime.timedelta(days=days)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A draft with the referrer's details filled in, as referral_start leaves it."""

    class Meta:
        model = "referrals.Referral"

    created_by = factory.SubFactory(UserFactory, roles=["referrer"])
    referrer_name = factory.LazyAttribute(lambda o: o.created_by.full_name)
    referrer_job_title = "Senior Social Worker"
    referrer_agency = factory.LazyAttribute(lambda o: o.created_by.agency)
    referrer_email = factory.LazyAttribute(lambda o: o.created_by.email)
    referrer_phone = "020 7946 0000"


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.Child"

    referral = factory.SubFactory(ReferralFactory)
    full_name = "Child A"
    date_of_birth = factory.LazyFunction(lambda: _past(5 * 365))
    sex = "not_known"
    ethnicity = "Not known"
    # A home each: the same address would make every referral a likely duplicate of the others.
    home_address = factory.Sequence(lambda n: f"Flat {n}, Example House, Croydon")
    school_or_setting = "Example Primary School"
    legal_status = "child_in_need"


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.FamilyMember"

    referral = factory.SubFactory(ReferralFactory)
    full_name = "Parent A"
    relationship = "Mother"
    date_of_birth = factory.LazyFunction(lambda: _past(30 * 365))
    address = "Flat 0, Example House, Croydon"
    household_member = "yes"
    alleged_perpetrator = "unknown"


class AgencyInvolvedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.AgencyInvolved"

    referral = factory.SubFactory(ReferralFactory)
    agency = factory.SubFactory(AgencyFactory)
    contact_name = "Duty manager"
    contact_details = "duty@agency.example"
    involvement = "Health visiting since birth"
    still_involved = "yes"


class ReferralDocumentFactory(factory.django.DjangoModelFactory):
    """Tests that create documents point MEDIA_ROOT at a temporary directory first."""

    class Meta:
        model = "referrals.ReferralDocument"

    referral = factory.SubFactory(ReferralFactory)
    file = factory.django.FileField(data=b"%PDF-1.4\n% chronology\n", filename="chronology.pdf")
    original_name = "chronology.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    uploaded_by = factory.LazyAttribute(lambda o: o.referral.created_by)


class ReferralEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.ReferralEvent"

    referral = factory.SubFactory(ReferralFactory)
    action = "referral.started"
    to_status = "draft"
    actor = factory.LazyAttribute(lambda o: o.referral.created_by)


# Every section of the form answered (domain.md §3), with nothing that makes it urgent.
COMPLETE_REFERRAL = {
    "lead_name": "Jo Safeguarding-Lead",
    "lead_job_title": "Head of Safeguarding",
    "lead_contact": "safeguarding.lead@agency.example",
    "lead_agreed": "yes",
    "incident_description": "A description of the incident.",
    "criteria": ["serious_harm", "agencies_working_together"],
    "abuse_or_neglect": "suspected",
    "care_status": "neither",
    "reasons_criteria_met": "Why the referrer thinks the criteria are met.",
    "learning_anticipated": "What the referrer thinks could be learned.",
    "requested_review_type": "not_sure",
    "immediate_concerns": "no",
    "actions_taken": "A strategy meeting was held.",
    "parallel_processes": ["police_investigation"],
    "parallel_processes_details": "Police investigation open.",
    "family_informed": "yes",
    "family_informed_by": "The allocated social worker",
    "media_interest": "no",
    "declaration_confirmed": True,
}


def complete_referral_factory(*, children=1, family_members=1, agencies=1, **fields):
    """A draft that can be submitted: every section answered, one child, family member and
    agency each (pass 0 to leave a section out, or field values to override)."""
    values = {
        **COMPLETE_REFERRAL,
        "incident_date": _past(20),
        "aware_date": _past(18),
        "family_informed_date": _past(10),
        **fields,
    }
    referral = ReferralFactory(**values)
    ChildFactory.create_batch(children, referral=referral)
    FamilyMemberFactory.create_batch(family_members, referral=referral)
    AgencyInvolvedFactory.create_batch(agencies, referral=referral)
    return referral


def submitted_referral_factory(*, status="submitted", **fields):
    """A complete referral taken through referral_submit, then (for later states) moved on the
    way triage will, with an event row."""
    from referrals.models import ReferralEvent, ReferralStatus
    from referrals.services import referral_submit

    referral = complete_referral_factory(**fields)
    referral = referral_submit(referral=referral, by=referral.created_by)
    if status != ReferralStatus.SUBMITTED:
        ReferralEvent.objects.create(
            referral=referral, action="referral.status_changed", from_status=referral.status, to_status=status
        )
        referral.status = status
        referral.save(update_fields=["status", "updated_at"])
    return referral


# --- Review cases (issue 5). ---


class ReviewCaseFactory(factory.django.DjangoModelFactory):
    """A commissioned case, decided today unless told otherwise."""

    class Meta:
        model = "reviews.ReviewCase"

    reference = factory.Sequence(lambda n: f"REV-2026-{n + 500:03d}")
    review_type = "spr"
    status = "commissioned"
    title = factory.Sequence(lambda n: f"Review {n}")
    commissioned_on = factory.LazyFunction(lambda: _past(0))
    target_publication_on = factory.LazyAttribute(
        lambda case: __import__("reviews.cases.clocks", fromlist=["add_months"]).add_months(
            case.commissioned_on, 6
        )
    )
    created_by = factory.SubFactory(UserFactory, roles=["coordinator"])


class ReviewerAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ReviewerAppointment"

    case = factory.SubFactory(ReviewCaseFactory)
    reviewer = factory.SubFactory(UserFactory, roles=["reviewer"])
    appointed_on = factory.LazyFunction(lambda: _past(0))


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.Recommendation"

    case = factory.SubFactory(ReviewCaseFactory, status="action_monitoring")
    number = factory.Sequence(lambda n: n + 1)
    text = "Agencies should share information at the strategy discussion."
    addressed_to = "partnership"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.ActionItem"

    recommendation = factory.SubFactory(RecommendationFactory)
    action = "Audit strategy discussions quarterly"
    owner_agency = factory.SubFactory(AgencyFactory)
    owner_name = "Head of service"
    due_on = factory.LazyFunction(lambda: _past(-30))


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    """A case document with its first version (a small PDF). Tests that create one point
    MEDIA_ROOT at a temporary directory first."""

    class Meta:
        model = "reviews.CaseDocument"
        skip_postgeneration_save = True

    case = factory.SubFactory(ReviewCaseFactory)
    kind = "draft"
    title = "Draft report"
    latest_version = 1
    created_by = factory.SelfAttribute("case.created_by")
    version = factory.RelatedFactory(
        "tests.factories.CaseDocumentVersionFactory", factory_related_name="document", number=1
    )


class CaseDocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.CaseDocumentVersion"

    document = factory.SubFactory(CaseDocumentFactory, version=None)
    number = 1
    file = factory.django.FileField(data=b"%PDF-1.4\n% draft report\n", filename="report.pdf")
    original_name = "report.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    uploaded_by = factory.SelfAttribute("document.created_by")


# --- Who took part in a review (issue 5 §3). ---


class AgencyContributionFactory(factory.django.DjangoModelFactory):
    """A chronology asked of an agency on the day of the decision, due in 20 working days."""

    class Meta:
        model = "reviews.AgencyContribution"

    case = factory.SubFactory(ReviewCaseFactory, status="in_progress")
    agency = factory.SubFactory(AgencyFactory)
    kind = "chronology"
    requested_on = factory.LazyAttribute(lambda contribution: contribution.case.commissioned_on)
    due_on = factory.LazyAttribute(
        lambda contribution: __import__("cscp.calendar", fromlist=["add_working_days"]).add_working_days(
            contribution.requested_on, 20
        )
    )
    created_by = factory.LazyAttribute(lambda contribution: contribution.case.created_by)


class PractitionerEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.PractitionerEvent"

    case = factory.SubFactory(ReviewCaseFactory, status="in_progress")
    kind = "learning_event"
    held_on = factory.LazyAttribute(lambda event: event.case.commissioned_on)
    attendees = 12
    recorded_by = factory.LazyAttribute(lambda event: event.case.created_by)


class FamilyEngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reviews.FamilyEngagement"

    case = factory.SubFactory(ReviewCaseFactory, status="in_progress")
    relationship = "Mother"
    invited_on = factory.LazyAttribute(lambda engagement: engagement.case.commissioned_on)
    response = "accepted"
    updated_by = factory.LazyAttribute(lambda engagement: engagement.case.created_by)


# --- Publications (issue 6). ---


class PublicationFactory(factory.django.DjangoModelFactory):
    """A draft standalone publication in full-report mode, written in sections (add some with
    PublicationSectionFactory), by one coordinator. Pass case=... for a review's publication."""

    class Meta:
        model = "publications.Publication"

    kind = "review"
    title = factory.Sequence(lambda n: f"Child {chr(65 + n % 26)}{n}")
    pseudonym = factory.LazyAttribute(lambda publication: publication.title)
    slug = factory.Sequence(lambda n: f"child-{n}")
    review_type = "spr"
    summary = "Agencies did not share what they knew at the strategy discussion."
    learning = "Professional curiosity about who lives in the home\nEscalation when a plan drifts"
    recommendations = "Strategy discussions include every agency that knows the family"
    year = 2026
    created_by = factory.SubFactory(UserFactory, roles=["coordinator"])
    last_edited_by = factory.SelfAttribute("created_by")


class PublicationSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publications.PublicationSection"

    publication = factory.SubFactory(PublicationFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Section heading {n + 1}")
    body = "What happened, and what the agencies knew.\n\nWhat the review found."


# --- Publications: renders (issue 6, the public site). ---


class RenderFactory(factory.django.DjangoModelFactory):
    """A finished render with a small PDF. Tests that create one point MEDIA_ROOT at a temporary
    directory first (tests/conftest.py does)."""

    class Meta:
        model = "publications.Render"

    publication = factory.SubFactory(PublicationFactory)
    kind = "briefing"
    state = "done"
    content_version = factory.SelfAttribute("publication.content_version")
    file = factory.django.FileField(data=b"%PDF-1.7\n% a test render\n%%EOF\n", filename="render.pdf")
    size = factory.LazyAttribute(lambda render: render.file.size if render.file else None)
    pages = 1
