"""Hostile input on every coordinator form of a review case (issue 7 §4): moving it with a
note, appointing a reviewer, the details, progress checks, agency contributions, practitioner
events, the family's involvement, documents (hostile names and contents), recommendations and
actions (updates, closing, carrying forward), and hostile filters on the lists and exports.
Never a 5xx; a stored value shows escaped on the case page and the pages that list it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import (
    ActionItemFactory,
    AgencyContributionFactory,
    AgencyFactory,
    CaseDocumentFactory,
    FamilyEngagementFactory,
    PractitionerEventFactory,
    RecommendationFactory,
    ReviewCaseFactory,
    UserFactory,
)
from tests.hostile.conftest import rolled_back
from tests.hostile.strategies import HOSTILE, PAYLOADS, assert_escaped, date_parts, get, hostile_posts, post

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_MONTH = TODAY - datetime.timedelta(days=30)


def case_url(case, path=""):
    return f"/reviews/{case.reference}/{path}"


def world(status="in_progress"):
    """A case commissioned last month, with an agency, a reviewer and a document."""
    case = ReviewCaseFactory(status=status, commissioned_on=LAST_MONTH)
    agency = AgencyFactory()
    reviewer = UserFactory(roles=["reviewer"])
    return case, agency, reviewer


# name: (case status, path on the case (given the world), valid post (given the world)).
FORMS = {
    "move": (
        "commissioned",
        lambda w: "move/scoping/",
        lambda w: {"expected": "commissioned", "note": "Ready."},
    ),
    "move-on-hold": (
        "in_progress",
        lambda w: "move/on_hold/",
        lambda w: {"expected": "in_progress", "note": "Criminal trial."},
    ),
    "appoint": (
        "commissioned",
        lambda w: "reviewers/",
        lambda w: {"reviewer": str(w[2].pk), **date_parts("appointed_on", TODAY)},
    ),
    "details": (
        "in_progress",
        lambda w: "details/",
        lambda w: {
            "pseudonym": "Child Q",
            "methodology": "other",
            "methodology_other": "Hybrid",
            **date_parts("scope_from", LAST_MONTH),
            **date_parts("scope_to", TODAY),
            "terms_of_reference": "What happened and why.",
            **date_parts("panel_informed_on", TODAY),
        },
    ),
    "progress": (
        "in_progress",
        lambda w: "progress/",
        lambda w: {
            **date_parts("checked_on", TODAY),
            "rag": "amber",
            "notes": "Reports late.",
            **date_parts("info_requested_in_writing_on", TODAY),
        },
    ),
    "contribution-add": (
        "in_progress",
        lambda w: "contributions/add/",
        lambda w: {
            "agency": str(w[1].pk),
            "kind": "chronology",
            "contact": "Records team",
            **date_parts("requested_on", TODAY),
            **date_parts("due_on", TODAY + datetime.timedelta(days=28)),
            "notes": "By email.",
        },
    ),
    "contribution-change": (
        "in_progress",
        lambda w: f"contributions/{AgencyContributionFactory(case=w[0]).pk}/",
        lambda w: {"contact": "Records", "notes": "Chased.", **date_parts("due_on", TODAY)},
    ),
    "contribution-received": (
        "in_progress",
        lambda w: f"contributions/{AgencyContributionFactory(case=w[0]).pk}/received/",
        lambda w: {**date_parts("received_on", TODAY), "document": str(CaseDocumentFactory(case=w[0]).pk)},
    ),
    "event-add": (
        "in_progress",
        lambda w: "practitioner-events/add/",
        lambda w: {
            "kind": "workshop",
            **date_parts("held_on", TODAY),
            "agencies": str(w[1].pk),
            "attendees": "12",
            "notes": "Good turnout.",
        },
    ),
    "event-change": (
        "in_progress",
        lambda w: f"practitioner-events/{PractitionerEventFactory(case=w[0]).pk}/",
        lambda w: {"kind": "feedback", **date_parts("held_on", TODAY), "attendees": "3", "notes": "Changed."},
    ),
    "family-add": (
        "in_progress",
        lambda w: "family/add/",
        lambda w: {
            "relationship": "Grandmother",
            **date_parts("invited_on", LAST_MONTH),
            "response": "accepted",
            **date_parts("contributed_on", TODAY),
            "support_offered": "Advocate.",
            "notes": "Met at home.",
        },
    ),
    "family-change": (
        "in_progress",
        lambda w: f"family/{FamilyEngagementFactory(case=w[0]).pk}/",
        lambda w: {
            "relationship": "Father",
            **date_parts("invited_on", LAST_MONTH),
            "response": "declined",
            "not_told_reason": "",
            "notes": "Declined.",
        },
    ),
    "recommendation-add": (
        "action_monitoring",
        lambda w: "recommendations/add/",
        lambda w: {
            "text": "Share information",
            "addressed_to": "agency",
            "agency": str(w[1].pk),
            "accepted": "yes",
        },
    ),
    "recommendation-change": (
        "action_monitoring",
        lambda w: f"recommendations/{RecommendationFactory(case=w[0]).number}/",
        lambda w: {
            "text": "Changed",
            "addressed_to": "partnership",
            "accepted": "no",
            "response": "Declined.",
        },
    ),
    "action-add": (
        "action_monitoring",
        lambda w: f"actions/add/?recommendation={RecommendationFactory(case=w[0]).number}",
        lambda w: {
            "action": "Train staff",
            "owner_agency": str(w[1].pk),
            "owner_name": "Head of service",
            **date_parts("due_on", TODAY),
        },
    ),
    "action-update": (
        "action_monitoring",
        lambda w: f"actions/{ActionItemFactory(recommendation=RecommendationFactory(case=w[0])).pk}/",
        lambda w: {"note": "Slipping.", "rag": "red"},
    ),
    "action-change": (
        "action_monitoring",
        lambda w: f"actions/{ActionItemFactory(recommendation=RecommendationFactory(case=w[0])).pk}/change/",
        lambda w: {
            "action": "Audit",
            "owner_agency": str(w[1].pk),
            "owner_name": "Lead",
            **date_parts("due_on", TODAY),
        },
    ),
    "action-close": (
        "action_monitoring",
        lambda w: f"actions/{ActionItemFactory(recommendation=RecommendationFactory(case=w[0])).pk}/close/",
        lambda w: {"evidence": "Audit done.", **date_parts("closed_on", TODAY)},
    ),
    "action-carry-forward": (
        "action_monitoring",
        lambda w: (
            f"actions/{ActionItemFactory(recommendation=RecommendationFactory(case=w[0])).pk}/carry-forward/"
        ),
        lambda w: {"reason": "Into the next plan."},
    ),
}


@given(data=st.data(), name=st.sampled_from(sorted(FORMS)))
def test_every_form_on_a_review_case(as_coordinator, data, name):
    status, path, valid = FORMS[name]
    with rolled_back():
        w = world(status)
        url = case_url(w[0], path(w))
        values = data.draw(hostile_posts(valid(w)), label="post")
        response = post(as_coordinator, url, values)
        pages = [response, get(as_coordinator, case_url(w[0]))]
        if response.status_code == 302:
            pages.append(get(as_coordinator, response.url))
        if name.startswith("action"):
            pages.append(get(as_coordinator, "/reviews/actions/"))
        assert_escaped(values, *pages)


FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "<script>alert(1)</script>.pdf",
            '"><img src=x onerror=alert(1)>.pdf',
            "../../../../etc/passwd.pdf",
            "report\x00.exe.pdf",
            "\u202efdp.exe",
            "b" * 10_000 + ".pdf",
            "javascript:alert(1).pdf",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n'), max_size=40
    ).map(lambda name: f"QZX{name}XZQ.pdf"),
)
CONTENTS = st.sampled_from(
    [
        b"%PDF-1.4\n% draft report\n",
        b"",
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00" + b"\x00" * 64,
        b"%PDF-1.7\n<script>alert(1)</script>\x00\xff",
    ]
) | st.binary(max_size=100)


def no_surrogates(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@given(
    name=FILE_NAMES,
    content=CONTENTS,
    fields=st.fixed_dictionaries(
        {"kind": st.sampled_from(["draft", "final"]) | HOSTILE, "title": HOSTILE, "note": HOSTILE}
    ),
    new_version=st.booleans(),
)
def test_documents_with_hostile_names_contents_and_titles(as_coordinator, name, content, fields, new_version):
    fields = {key: no_surrogates(value) for key, value in fields.items()}
    with rolled_back():
        case, _, _ = world()
        if new_version:
            document = CaseDocumentFactory(case=case)
            url = case_url(case, f"documents/{document.pk}/add-version/")
            fields = {"note": fields["note"]}
        else:
            url = case_url(case, "documents/add/")
        response = as_coordinator.post(url, {**fields, "file": SimpleUploadedFile(name, content)})
        assert response.status_code < 500
        pages = [
            response,
            get(as_coordinator, case_url(case, "documents/")),
            get(as_coordinator, case_url(case)),
        ]
        for document in case.documents.all():
            pages.append(get(as_coordinator, case_url(case, f"documents/{document.pk}/")))
            download = get(
                as_coordinator, case_url(case, f"documents/{document.pk}/v{document.latest_version}/")
            )
            b"".join(download.streaming_content)  # reading it to the end closes the file
            assert download.status_code == 200 and "\n" not in download["Content-Disposition"]
        assert_escaped({**fields, "file": name}, *pages)


FILTERS = [
    "status",
    "rag",
    "review_type",
    "year",
    "reviewer",
    "contributions",
    "q",
    "page",
    "overdue",
    "state",
    "agency",
    "owner_agency",
    "due",
    "sort",
    "o",
]


LISTS = [
    "/reviews/",
    "/reviews/export.csv",
    "/reviews/actions/",
    "/triage/",
    "/triage/export.csv",
    "/dashboard/",
    "/dashboard/annual/",
    "/dashboard/annual.csv",
    "/publications/",
]


@given(
    url=st.sampled_from(LISTS),
    params=st.dictionaries(
        st.sampled_from(FILTERS) | HOSTILE, HOSTILE | st.sampled_from(PAYLOADS), max_size=5
    ),
)
def test_hostile_filters_on_the_lists_and_exports(as_coordinator, url, params):
    assert_escaped(params, get(as_coordinator, url, params))
