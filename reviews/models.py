"""The Review Group's work on a referral (domain.md §2, §4, §7.1): triage with its statutory
clocks, the serious incident notification, the rapid review, requests for information, the
decision and who was told; and the review case a decision opens (§7.2, built on later)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from referrals.models import Referral


class Theme(models.Model):
    """The controlled vocabulary of themes (neglect, domestic abuse...), managed by
    coordinators, tagged on referrals at triage and reused by review cases and publications."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClockState(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"


class Triage(models.Model):
    """One per submitted referral: themes, the serious incident notification and the clocks,
    held as indexed due dates so that the queue sorts and filters in SQL."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="triage")
    themes = models.ManyToManyField(Theme, blank=True, related_name="triages")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Serious incident notification (SIN): only the local authority notifies the Panel.
    sin_required = models.BooleanField(
        null=True, help_text="Does the case meet the criteria to notify the Panel?"
    )
    la_aware_on = models.DateField(null=True, blank=True, help_text="When the local authority became aware.")
    sin_due = models.DateField(null=True, blank=True, db_index=True)
    sin_sent_on = models.DateField(null=True, blank=True)
    panel_reference = models.CharField(max_length=50, blank=True)
    lac_death_notified_on = models.DateField(
        null=True,
        blank=True,
        help_text="Looked-after child's death notified to the Secretary of State and Ofsted.",
    )

    # Rapid review clock (the record itself is RapidReview).
    rapid_review_due = models.DateField(null=True, blank=True, db_index=True)

    # The earliest open clock, for "most urgent first" in SQL; kept by the clock service.
    next_due = models.DateField(null=True, blank=True, db_index=True)
    # What reminders have been sent, so a reminder goes once per change of a clock's state.
    reminders_sent = models.JSONField(default=dict, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Triage of {self.referral}"


class RapidReview(models.Model):
    """The rapid review record (domain.md §3 "Rapid review record fields")."""

    class Recommendation(models.TextChoices):
        SPR = "spr", "A local child safeguarding practice review"
        OTHER_LEARNING = "other_learning", "Other learning (learning review, near-miss inquiry, audit)"
        NONE = "none", "No further review"
        NATIONAL = "national", "A national review may be appropriate"

    class PanelResponse(models.TextChoices):
        AGREES = "agrees", "Agrees with the recommendation"
        DISAGREES = "disagrees", "Disagrees with the recommendation"
        NATIONAL_REVIEW = "national_review", "Will carry out a national review"

    triage = models.OneToOneField(Triage, on_delete=models.CASCADE, related_name="rapid_review")
    started_on = models.DateField()
    due = models.DateField(db_index=True)
    meeting_dates = models.CharField(max_length=200, blank=True)
    agencies_asked = models.TextField(blank=True)
    returns_received = models.TextField(blank=True)
    key_practice_episodes = models.TextField(blank=True)
    context_and_inequalities = models.TextField(blank=True)
    good_practice = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    immediate_actions = models.TextField(blank=True)
    reg11_improvements = models.BooleanField(default=False, help_text="(a) highlights improvements needed")
    reg11_recurrent_themes = models.BooleanField(default=False, help_text="(b) highlights recurrent themes")
    reg11_agencies_working_together = models.BooleanField(
        default=False, help_text="(c) concerns about two or more agencies working together"
    )
    reg11_panel_suggested = models.BooleanField(
        default=False,
        help_text="(d) the Panel considered it and concluded a local review may be more appropriate",
    )
    reg11_notes = models.TextField(blank=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    recommendation_rationale = models.TextField(blank=True)
    la_signed_off_by = models.CharField(max_length=150, blank=True)
    icb_signed_off_by = models.CharField(max_length=150, blank=True)
    police_signed_off_by = models.CharField(max_length=150, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    panel_response_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(max_length=20, choices=PanelResponse.choices, blank=True)
    panel_response_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Rapid review of {self.triage.referral}"


class InformationRequest(models.Model):
    """The Review Group asks the referrer for more; the referrer answers in their portal."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="information_requests")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self):
        return f"Information request {self.pk} on {self.referral}"


class ConflictOfInterest(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "member"], name="one_conflict_per_member")]

    def __str__(self):
        return f"Conflict of interest on {self.referral}"


class ReviewType(models.TextChoices):
    SPR = "spr", "Safeguarding Practice Review"
    LEARNING_REVIEW = "learning_review", "Learning review"
    NEAR_MISS_INQUIRY = "near_miss_inquiry", "Near-miss inquiry"
    THEMATIC = "thematic", "Thematic review"


class ReviewStatus(models.TextChoices):
    """domain.md §7.2; the transitions between them come with review case tracking."""

    COMMISSIONED = "commissioned", "Commissioned"
    SCOPING = "scoping", "Scoping"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT_REVIEW = "draft_review", "Draft review"
    FINAL_APPROVED = "final_approved", "Final approved"
    PRE_PUBLICATION = "pre_publication", "Pre-publication"
    PUBLISHED = "published", "Published"
    NOT_PUBLISHED = "not_published", "Not published"
    PUBLICATION_DEFERRED = "publication_deferred", "Publication deferred"
    ACTION_MONITORING = "action_monitoring", "Action monitoring"
    CLOSED = "closed", "Closed"
    ON_HOLD = "on_hold", "On hold"


class Methodology(models.TextChoices):
    SYSTEMS = "systems", "Systems approach"
    SILP = "silp", "Significant Incident Learning Process (SILP)"
    APPRECIATIVE = "appreciative", "Appreciative inquiry"
    OTHER = "other", "Other"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class ReviewCase(models.Model):
    """A review the Review Group has commissioned. Opened by a decision in the same
    transaction; a thematic review links several referrals."""

    reference = models.CharField(max_length=20, unique=True)
    review_type = models.CharField(max_length=24, choices=ReviewType.choices)
    status = models.CharField(
        max_length=24, choices=ReviewStatus.choices, default=ReviewStatus.COMMISSIONED, db_index=True
    )
    referrals = models.ManyToManyField(Referral, related_name="review_cases", blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="review_cases")
    title = models.CharField(
        max_length=200, blank=True, help_text="Internal working title; never a child's name."
    )
    # The name the published report will use ('Child Q'), as agreed with the family.
    pseudonym = models.CharField(max_length=100, blank=True)
    commissioned_on = models.DateField()
    target_publication_on = models.DateField(db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Review case tracking (issue 5): the case's details, as the coordinator records them.
    methodology = models.CharField(max_length=24, choices=Methodology.choices, blank=True)
    methodology_other = models.CharField(max_length=200, blank=True)
    scope_from = models.DateField(null=True, blank=True)
    scope_to = models.DateField(null=True, blank=True)
    terms_of_reference = models.TextField(blank=True)
    panel_informed_on = models.DateField(null=True, blank=True)
    ofsted_informed_on = models.DateField(null=True, blank=True)
    dfe_informed_on = models.DateField(null=True, blank=True)
    final_report_sent_panel_on = models.DateField(null=True, blank=True)
    final_report_sent_sos_on = models.DateField(null=True, blank=True)
    final_report_sent_ofsted_on = models.DateField(null=True, blank=True)
    # The later of the Panel and Secretary of State dates + 7 working days; kept by the service.
    earliest_publication_on = models.DateField(null=True, blank=True, db_index=True)
    not_published_reason = models.TextField(blank=True)
    deferred_reason = models.TextField(blank=True)
    on_hold_reason = models.TextField(blank=True)
    on_hold_from_status = models.CharField(max_length=24, choices=ReviewStatus.choices, blank=True)
    # From the target clock and the latest progress check; stored so the list filters in SQL.
    rag = models.CharField(max_length=8, choices=Rag.choices, default=Rag.GREEN, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-commissioned_on", "-id"]

    def __str__(self):
        return self.reference


class ReviewCaseEvent(models.Model):
    """One move of a review case between states: the case timeline and its audit trail."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=60)
    from_status = models.CharField(max_length=24, choices=ReviewStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=ReviewStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} on {self.case}"

    @property
    def description(self) -> str:
        """'Reviewer appointed' for review.reviewer_appointed, for the timeline."""
        return self.action.removeprefix("review.").replace("_", " ").capitalize()


class ReviewerAppointment(models.Model):
    """An independent reviewer (a user with the reviewer role) appointed to a case."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="appointments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_appointments"
    )
    appointed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["appointed_on", "id"]
        indexes = [models.Index(fields=["reviewer", "ended_on"], name="appointment_reviewer_idx")]

    def __str__(self):
        return f"{self.reviewer} on {self.case}"


class ProgressCheck(models.Model):
    """A regular check on a case's progress, with its RAG rating."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="progress_checks")
    checked_on = models.DateField()
    rag = models.CharField(max_length=8, choices=Rag.choices)
    notes = models.TextField(blank=True)
    info_requested_in_writing_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"Progress check on {self.case} ({self.checked_on})"


class DecisionOutcome(models.TextChoices):
    SPR = "spr", "Full Safeguarding Practice Review"
    LEARNING_REVIEW = "learning_review", "Learning review"
    NEAR_MISS_INQUIRY = "near_miss_inquiry", "Near-miss inquiry"
    NO_REVIEW = "no_review", "No review"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred to another process"
    LINKED_TO_REVIEW = "linked_to_review", "Linked to an existing review"


# The outcomes that open a review case, and its type.
OUTCOME_REVIEW_TYPES = {
    DecisionOutcome.SPR: ReviewType.SPR,
    DecisionOutcome.LEARNING_REVIEW: ReviewType.LEARNING_REVIEW,
    DecisionOutcome.NEAR_MISS_INQUIRY: ReviewType.NEAR_MISS_INQUIRY,
}


class Decision(models.Model):
    """The Review Group's decision on a referral (domain.md §4.2). The rationale is internal;
    the referrer sees only the outcome and the message written for them."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=24, choices=DecisionOutcome.choices)
    referred_to = models.CharField(
        max_length=200, blank=True, help_text="Which process, when referred elsewhere."
    )
    linked_review = models.ForeignKey(
        ReviewCase, null=True, blank=True, on_delete=models.PROTECT, related_name="linked_decisions"
    )
    review_case = models.OneToOneField(
        ReviewCase, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    rationale = models.TextField()
    message_to_referrer = models.TextField()
    criteria_assessment = models.JSONField(default=dict, blank=True)
    similar_referrals = models.ManyToManyField(Referral, blank=True, related_name="+")
    similar_reviews = models.ManyToManyField(ReviewCase, blank=True, related_name="+")
    decided_on = models.DateField()
    members_present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    la_agreed_by = models.CharField(max_length=150, help_text="Local authority partner or delegate")
    icb_agreed_by = models.CharField(max_length=150, help_text="Integrated care board partner or delegate")
    police_agreed_by = models.CharField(max_length=150, help_text="Police partner or delegate")
    dissent = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["outcome", "decided_on"], name="decision_outcome_date_idx"),
            # The dashboard counts a year's decisions by outcome from this index alone.
            models.Index(fields=["decided_on", "outcome"], name="decision_date_outcome_idx"),
        ]

    def __str__(self):
        return f"Decision on {self.referral}"


class Communication(models.Model):
    """Who was told of the decision, how and when, or why not (domain.md §4.3)."""

    class Recipient(models.TextChoices):
        FAMILY = "family", "The family"
        PANEL = "panel", "The national Panel"
        REFERRER = "referrer", "The referrer"
        OFSTED = "ofsted", "Ofsted"
        DFE = "dfe", "Department for Education"
        AGENCY = "agency", "An agency"
        OTHER = "other", "Someone else"

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PHONE = "phone", "Telephone"
        MEETING = "meeting", "In person"
        PORTAL = "portal", "This service"
        NOTIFICATION_SYSTEM = "notification_system", "Child Safeguarding Online Notification System"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="communications")
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    channel = models.CharField(max_length=24, choices=Channel.choices, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    by_whom = models.CharField(max_length=150, blank=True)
    not_sent_reason = models.TextField(blank=True, help_text="Why they were not told, where they were not.")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"Communication to {self.get_recipient_display()} on {self.referral}"


class ReviewReferenceCounter(models.Model):
    """The last review case number issued in a year (REV-<year>-<nnn>); locked while the next
    is allocated."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


# --- Recommendations and action plans (issue 5 §5, domain.md §5.4). ---


class Recommendation(models.Model):
    """A numbered recommendation of a review, addressed to an agency, the partnership or a
    national body, with the addressee's response."""

    class AddressedTo(models.TextChoices):
        AGENCY = "agency", "An agency"
        PARTNERSHIP = "partnership", "The partnership"
        NATIONAL = "national", "A national body"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    addressed_to = models.CharField(max_length=16, choices=AddressedTo.choices)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted = models.BooleanField(null=True, blank=True)
    response = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="recommendation_number_per_case")
        ]

    def __str__(self):
        return f"Recommendation {self.number} of {self.case}"


class ActionItem(models.Model):
    """An action in a recommendation's plan. Whether it is overdue is derived (open and past
    its due date), never stored."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        CARRIED_FORWARD = "carried_forward", "Carried forward"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=150, blank=True)
    due_on = models.DateField(db_index=True)
    rag = models.CharField(max_length=8, choices=Rag.choices, default=Rag.GREEN)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    evidence = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    carried_forward_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When coordinators were told it is overdue (once per action; cleared if its due date moves).
    reminded_overdue_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"Action {self.pk} on {self.recommendation}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.state == self.State.OPEN and self.due_on < today


class ActionUpdate(models.Model):
    """A dated update on an action, with its RAG rating at the time."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    updated_on = models.DateField()
    note = models.TextField()
    rag = models.CharField(max_length=8, choices=Rag.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-updated_on", "-id"]

    def __str__(self):
        return f"Update on {self.action} ({self.updated_on})"


# --- The work of a review (issue 5 §3): documents, agency contributions, practitioner events
# and the family's involvement. ---


class DocumentKind(models.TextChoices):
    TERMS_OF_REFERENCE = "tor", "Terms of reference"
    AGENCY_REPORT = "agency_report", "Agency report"
    DRAFT = "draft", "Draft report"
    FINAL = "final", "Final report"
    EXEC_SUMMARY = "exec_summary", "Executive summary"
    IMPROVEMENTS_INFO = "improvements_info", "Improvements information"
    BRIEFING = "briefing", "Briefing"
    ACTION_PLAN = "action_plan", "Action plan"
    OTHER = "other", "Other"


class CaseDocument(models.Model):
    """A document of a review (a draft report, an agency report...) kept in every version.
    Private: served only through a view that checks the case is visible to the user."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    # Number of the newest version; kept by the upload service under the case lock.
    latest_version = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "title", "id"]
        indexes = [models.Index(fields=["case", "kind"], name="casedocument_case_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


def _case_document_path(version, filename):
    # Random name: the original name (which may identify a child) is kept only in the database.
    return f"reviews/{version.document.case_id}/{uuid.uuid4().hex}"


class CaseDocumentVersion(models.Model):
    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=_case_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this version.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="casedocument_version_number")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"


class AgencyContribution(models.Model):
    """What the review asked an agency for (a chronology, an agency report) and when it came
    back. Overdue is derived (not received and past its due date), never stored."""

    class Kind(models.TextChoices):
        CHRONOLOGY = "chronology", "Chronology"
        AGENCY_REPORT = "agency_report", "Agency report"
        RECORDS = "records", "Access to records"
        OTHER = "other", "Other information"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    contact = models.CharField(max_length=150, blank=True, help_text="Who at the agency is providing it.")
    requested_on = models.DateField()
    due_on = models.DateField(db_index=True)
    received_on = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        CaseDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    notes = models.TextField(blank=True)
    # When coordinators were told it is overdue (once; cleared if its due date moves).
    reminded_overdue_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.agency} for {self.case}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.received_on is None and self.due_on < today


class PractitionerEvent(models.Model):
    """A learning event, conversation or workshop with the practitioners involved."""

    class Kind(models.TextChoices):
        LEARNING_EVENT = "learning_event", "Practitioner learning event"
        CONVERSATION = "conversation", "Practitioner conversation"
        WORKSHOP = "workshop", "Reflective workshop"
        FEEDBACK = "feedback", "Feedback session on the findings"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="practitioner_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    held_on = models.DateField()
    agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    attendees = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.case} ({self.held_on})"


class FamilyEngagement(models.Model):
    """One family member's involvement in the review, recorded by relationship ('Mother'),
    never by name: invited, their answer, contributed, draft shared, pseudonym agreed, told
    before publication (or why not)."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Agreed to take part"
        DECLINED = "declined", "Declined"
        NO_RESPONSE = "no_response", "No response"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="family_engagements")
    relationship = models.CharField(max_length=100, help_text="Relationship to the child, not a name.")
    invited_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=16, choices=Response.choices, blank=True)
    contributed_on = models.DateField(null=True, blank=True)
    draft_shared_on = models.DateField(null=True, blank=True)
    pseudonym_agreed_on = models.DateField(null=True, blank=True)
    told_of_publication_on = models.DateField(null=True, blank=True)
    not_told_reason = models.TextField(blank=True)
    support_offered = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.relationship} on {self.case}"


class CaseworkVersion(models.Model):
    """A counter the database itself moves on whenever a row of casework changes: any table of
    the referrals and reviews apps, and the agencies, users and roles (groups) they name (triggers
    installed by migration reviews/0007; see reviews/casework_triggers.py). The staff list pages
    (triage queue, review cases, dashboard) cache what they render under it, so a change made by
    any code path (a service, a bulk update, the admin, a Celery task, the shell) makes every
    cached page stale at once, in every process. One row (id 1)."""

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Casework version {self.version}"
