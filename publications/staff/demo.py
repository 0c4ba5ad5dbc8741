"""Demo publications for `manage.py seed_demo`: eight published reports with titles and
summaries written for the demo (the pseudonyms follow the partnership's published reviews; the
stories are invented), one year's key messages and links to national learning.

Rows are created directly, as the publishing service would leave them, and the PDFs are queued
after commit (rendered at once with eager Celery under `make run`; a worker renders them
otherwise). Idempotent: a publication is found by its slug and left alone once it exists."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import User
from reviews.cases.clocks import add_months
from reviews.models import ReviewCase, ReviewStatus, ReviewType, Theme

from ..models import (
    AgeBand,
    KeyMessages,
    NationalLearningLink,
    ProtectedTerm,
    Publication,
    PublicationEvent,
    PublicationSection,
)
from ..public import cache as public_cache
from ..rendering.services import request_renders

SECTIONS = [
    "Introduction and why this review was carried out",
    "Terms of reference and the period reviewed",
    "How the review was carried out",
    "Family involvement",
    "The child's lived experience",
    "Key practice episodes",
    "Findings and good practice",
]


@dataclass(frozen=True)
class DemoReport:
    slug: str
    title: str
    pseudonym: str
    review_type: str
    year: int
    month: int
    age_band: str
    themes: list[str]
    methodology: str
    summary: str
    learning: str
    recommendations: str
    kind: str = Publication.Kind.REVIEW
    mode: str = Publication.Mode.FULL
    mode_reason: str = ""
    sections: dict[str, str] = field(default_factory=dict)


REPORTS = [
    DemoReport(
        "emily-and-jack",
        "'Emily' & 'Jack'",
        "'Emily' & 'Jack'",
        ReviewType.SPR,
        2023,
        9,
        AgeBand.AGE_5_9,
        ["neglect", "parental-substance-misuse"],
        "Systems approach",
        "Two siblings aged six and eight lived with their mother, who misused alcohol, for three "
        "years while schools, health visitors and children's social care each held part of a "
        "picture of chronic neglect. The review looks at why the picture was never put together "
        "and why the children's own accounts were not heard.",
        "Neglect is cumulative: single incidents looked minor while the whole was serious.\n"
        "Children's views, given to school staff, were not recorded in assessments.\n"
        "Closing a case after short-term improvement left no one checking it lasted.",
        "Agencies should use the partnership's neglect screening tool at every assessment.\n"
        "Schools should record and share what children say about life at home.\n"
        "Children's social care should set a review point before closing a neglect case.",
    ),
    DemoReport(
        "child-q",
        "Child Q",
        "Child Q",
        ReviewType.SPR,
        2022,
        3,
        AgeBand.AGE_15_17,
        ["race-and-culture", "adolescent-safety"],
        "Systems approach",
        "A fifteen-year-old girl was searched at school by police officers in a way that exposed "
        "her intimate parts, without an appropriate adult and without her parents being told. "
        "The review examines how adultification and racism shaped the decisions made about her.",
        "Black children are too often seen as older and less in need of protection than they are.\n"
        "A child suspected of an offence is still a child to be safeguarded.\n"
        "School staff deferred to police officers instead of advocating for the child.",
        "Police should review the guidance on searches involving exposure of intimate parts.\n"
        "Schools should have a clear policy on police presence on their premises.\n"
        "The partnership should commission training on adultification bias for all agencies.",
    ),
    DemoReport(
        "child-y",
        "Child Y",
        "Child Y",
        ReviewType.LEARNING_REVIEW,
        2024,
        6,
        AgeBand.AGE_10_14,
        ["online-harm", "child-sexual-exploitation"],
        "Significant Incident Learning Process (SILP)",
        "A twelve-year-old boy was groomed online by adults he met through a gaming platform. "
        "His changed behaviour was seen at school and at home, but the online harm was found "
        "only when he went missing overnight.",
        "Changes in a child's behaviour need curiosity about their online life.\n"
        "Parents asked for help with online safety and did not know where to find it.\n"
        "Return home interviews worked best when a trusted adult carried them out.",
        "The partnership should publish practical online safety guidance for parents.\n"
        "Schools should include online activity in their pastoral conversations.",
    ),
    DemoReport(
        "vulnerable-adolescents-thematic-review",
        "Vulnerable adolescents thematic review",
        "Vulnerable adolescents",
        ReviewType.THEMATIC,
        2025,
        2,
        AgeBand.SEVERAL,
        ["criminal-exploitation", "adolescent-safety"],
        "Appreciative inquiry",
        "A thematic review of the help given to ten young people aged 14 to 17 who were "
        "criminally exploited, seriously harmed or killed over two years. It listened to young "
        "people, families and practitioners about what keeps adolescents safe outside the home.",
        "Exclusion from school was often the point at which exploitation escalated.\n"
        "Young people valued workers who stayed with them over time.\n"
        "Risk outside the home needs a different response from risk within the family.",
        "The partnership should adopt a contextual safeguarding approach across agencies.\n"
        "Schools should consult the exploitation panel before permanently excluding a child.\n"
        "Commissioners should fund youth work that can follow a young person between services.",
        kind=Publication.Kind.THEMATIC,
    ),
    DemoReport(
        "child-a-and-baby-n",
        "Child A & Baby N",
        "Child A & Baby N",
        ReviewType.SPR,
        2024,
        11,
        AgeBand.UNDER_1,
        ["perinatal-mental-health", "domestic-abuse"],
        "Systems approach",
        "A mother with severe perinatal mental illness and her two children, a toddler and a "
        "newborn, moved between two boroughs during pregnancy. Information about domestic abuse "
        "and her mental health did not follow the family, and the baby suffered serious injuries.",
        "Perinatal mental health services and midwifery held information that never met.\n"
        "Moves between local authorities broke the thread of support.\n"
        "Fathers and partners were rarely asked about or assessed.",
        "Midwifery and perinatal mental health services should share a single care plan.\n"
        "Transfers between local authorities should include a conversation, not only records.\n"
        "Agencies should routinely record and assess the role of fathers and partners.",
    ),
    DemoReport(
        "child-l",
        "Child 'L'",
        "Child 'L'",
        ReviewType.LEARNING_REVIEW,
        2023,
        4,
        AgeBand.AGE_1_4,
        ["physical-abuse"],
        "Significant Incident Learning Process (SILP)",
        "A three-year-old had bruising noticed at nursery on three occasions. Each was explained "
        "plausibly by the family and none led to a strategy discussion until a fracture was "
        "found at hospital.",
        "Bruising in young children must be looked at together, not episode by episode.\n"
        "Nursery staff lacked the confidence to challenge explanations from parents.",
        "Early years settings should use the partnership's bruising protocol and body maps.\n"
        "The partnership should offer early years staff training in professional challenge.",
        mode=Publication.Mode.SUMMARY,
        mode_reason="Criminal proceedings concluded with reporting restrictions; partners agreed "
        "to publish a summary with the learning and recommendations.",
    ),
    DemoReport(
        "child-joe",
        "Child 'Joe'",
        "Child 'Joe'",
        ReviewType.SPR,
        2025,
        10,
        AgeBand.AGE_15_17,
        ["disability", "parental-mental-health"],
        "Systems approach",
        "A sixteen-year-old autistic young man, cared for by a parent with long-term mental "
        "illness, became isolated at home after his school placement broke down. The review "
        "examines how the transition to adult services and the parent's needs were considered.",
        "Young carers' needs were hidden behind the needs of the person they cared for.\n"
        "Planning for adulthood started too late for a disabled young person.\n"
        "Being out of education was not treated as a safeguarding concern.",
        "Transition planning should begin at 14 for disabled young people.\n"
        "Adult mental health services should ask about children in the household.",
    ),
    DemoReport(
        "child-j-and-child-k",
        "Child J and Child K",
        "Child J and Child K",
        ReviewType.SPR,
        2026,
        5,
        AgeBand.SEVERAL,
        ["sexual-abuse", "domestic-abuse"],
        "Systems approach",
        "Two half-siblings, aged nine and thirteen, were sexually abused by a family member over "
        "several years. Both children made partial disclosures that were not followed up.",
        "A partial disclosure is a disclosure and needs a response.\n"
        "Professionals' focus on domestic abuse between adults overshadowed other risks.\n"
        "Children need a safe adult they can return to after a first attempt to tell.",
        "All agencies should follow the partnership's guidance on responding to disclosures.\n"
        "Domestic abuse assessments should ask directly about the children's experience.",
    ),
]

KEY_MESSAGES_YEAR = 2025
KEY_MESSAGES = (
    "See the child: in every review this year, the child's own experience was harder to find in "
    "the records than the adults' needs.\n\n"
    "Share and check: information held by one agency often answered another's question. Ask "
    "who else knows this family before you decide.\n\n"
    "Stay curious about life outside the home: exploitation, online harm and school exclusion "
    "came up again and again for adolescents.\n\n"
    "Think family: fathers, partners and young carers were too often invisible."
)

NATIONAL_LINKS = [
    ("Child Safeguarding Practice Review Panel: national reviews and reports",
     "https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel",
     "National reviews, annual reports and practice briefings from the Panel."),
    ("NSPCC national case review repository", "https://learning.nspcc.org.uk/case-reviews",
     "Published case reviews from across the UK, searchable by theme."),
    ("Working Together to Safeguard Children", "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
     "The statutory guidance for local safeguarding partners."),
]  # fmt: skip


DRAFT_CASE_TITLE = "Demo: waiting for the earliest publication date"
DRAFT_NAME = "Jordan"


def seed_publications(coordinator: User, publisher: User) -> int:
    """Create the demo publications that do not exist yet; returns how many it created."""
    created = _seed_published(coordinator, publisher)
    _seed_draft(coordinator)
    return created


def _seed_draft(coordinator: User) -> None:
    """A publication being prepared for the demo case in pre-publication, with a name left in
    its summary, so the anonymisation guard has something to show a coordinator."""
    from ..guard import services as guard_services
    from . import services

    case = ReviewCase.objects.filter(title=DRAFT_CASE_TITLE, publication__isnull=True).first()
    if case is None or case.status not in services.STARTABLE:
        return
    publication = services.publication_start(case, coordinator)
    guard_services.term_add(case, DRAFT_NAME, coordinator, kind=ProtectedTerm.Kind.NAME)
    services.publication_update(
        publication, coordinator,
        summary=f"Demo data: {DRAFT_NAME}'s nursery noticed bruising three times before a fracture was "
        "found in hospital. The review looks at how explanations from carers were accepted.",
        learning="Bruising in a young child must be looked at as a whole, not episode by episode.",
        recommendations="Early years settings should use the partnership's bruising protocol.",
        age_band=AgeBand.AGE_1_4, year=timezone.localdate().year,
    )  # fmt: skip
    services.section_add(
        publication, coordinator, "Introduction",
        "Demo data: the safeguarding partners agreed that the case met the criteria for a review.",
    )  # fmt: skip


def _seed_published(coordinator: User, publisher: User) -> int:
    existing = set(
        Publication.objects.filter(slug__in=[r.slug for r in REPORTS]).values_list("slug", flat=True)
    )
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    created = []
    with transaction.atomic():
        for report in REPORTS:
            if report.slug not in existing:
                created.append(_publication(report, coordinator, publisher, themes))
        _key_messages(coordinator, publisher)  # the second coordinator approved what is public
        _national_links(coordinator, publisher)
        public_cache.bump()
        for publication in created:
            request_renders(publication)
    return len(created)


def _published_at(report: DemoReport) -> datetime:
    return timezone.make_aware(datetime.combine(datetime(report.year, report.month, 15).date(), time(10)))


def _case_for(report: DemoReport) -> ReviewCase | None:
    """The demo thematic review case in `published` owns the thematic report."""
    if report.kind != Publication.Kind.THEMATIC:
        return None
    return ReviewCase.objects.filter(
        review_type=ReviewType.THEMATIC, status=ReviewStatus.PUBLISHED, publication__isnull=True
    ).first()


def _publication(report: DemoReport, coordinator: User, publisher: User, themes) -> Publication:
    published_at = _published_at(report)
    publication = Publication.objects.create(
        case=_case_for(report), kind=report.kind, status=Publication.Status.LIVE, title=report.title,
        pseudonym=report.pseudonym, slug=report.slug, review_type=report.review_type, mode=report.mode,
        mode_reason=report.mode_reason, summary=report.summary, learning=report.learning,
        recommendations=report.recommendations, methodology=report.methodology,
        age_band=report.age_band, year=report.year, published_at=published_at,
        family_told_on=published_at.date(), published_by=publisher,
        min_public_until=add_months(published_at.date(), 12), created_by=coordinator,
        created_at=published_at, last_edited_by=coordinator, last_edited_at=published_at,
    )  # fmt: skip
    publication.themes.set([themes[slug] for slug in report.themes if slug in themes])
    if report.mode == Publication.Mode.FULL:
        PublicationSection.objects.bulk_create(
            PublicationSection(publication=publication, position=position, heading=heading,
                               body=_section_body(report, heading))
            for position, heading in enumerate(SECTIONS, start=1)
        )  # fmt: skip
    PublicationEvent.objects.create(
        publication=publication, action="publication.published", from_status=Publication.Status.DRAFT,
        to_status=Publication.Status.LIVE, actor=publisher, at=published_at, note="Demo data: set directly.",
    )  # fmt: skip
    return publication


def _section_body(report: DemoReport, heading: str) -> str:
    """Demo text for a section: the report's own summary and learning, in the section's frame,
    long enough that the full report runs to several pages."""
    learning = report.learning.splitlines()
    frames = {
        SECTIONS[0]: f"{report.summary}\n\nThe safeguarding partners agreed that the case met the "
        "criteria for a local review and that there was learning for every agency involved.",
        SECTIONS[1]: "The review considered the period from the first involvement of agencies with "
        "the family to the incident, and asked how agencies understood the child's experience, "
        "how they shared information and how they worked with the family.",
        SECTIONS[2]: f"The review used the {report.methodology.lower()}. Agencies provided "
        "chronologies and reflective reports; practitioners took part in a learning event; the "
        "independent reviewer met the partnership's review group at each stage.",
        SECTIONS[3]: "Members of the family were invited to contribute. Their views are included "
        "with their agreement, and they agreed the pseudonym used in this report.",
        SECTIONS[4]: "Throughout the period reviewed, the child's daily life was more difficult "
        "than any single agency recognised. This section draws together what the child said and "
        "did, as recorded by the professionals who knew them.",
        SECTIONS[5]: "\n\n".join(
            f"Episode {number}. {point} Practitioners described the pressures they faced at the "
            "time and what would have helped them act differently."
            for number, point in enumerate(learning, start=1)
        ),
        SECTIONS[6]: "\n\n".join(learning)
        + "\n\nThe review also found good practice, including persistent and caring work by "
        "individual practitioners who kept the child in mind.",
    }
    return frames[heading]


def _key_messages(coordinator: User, publisher: User) -> None:
    title = f"Key messages from our reviews, {KEY_MESSAGES_YEAR}"
    messages, _ = KeyMessages.objects.get_or_create(
        year=KEY_MESSAGES_YEAR,
        defaults={
            "title": title,
            "body": KEY_MESSAGES,
            "live_title": title,
            "live_body": KEY_MESSAGES,
            "is_published": True,
            "updated_by": coordinator,
            "published_by": publisher,
            "published_at": timezone.now(),
        },
    )
    messages.publications.add(*Publication.objects.filter(year=KEY_MESSAGES_YEAR))


def _national_links(coordinator: User, publisher: User) -> None:
    for position, (title, url, description) in enumerate(NATIONAL_LINKS):
        NationalLearningLink.objects.get_or_create(
            url=url,
            defaults={
                "title": title,
                "description": description,
                "position": position,
                "live_title": title,
                "live_url": url,
                "live_description": description,
                "is_published": True,
                "updated_by": coordinator,
                "published_by": publisher,
                "published_at": timezone.now(),
            },
        )
