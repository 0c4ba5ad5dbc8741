"""What a referrer types into each page of the referral form, as POST data: one valid answer
set per page, and helpers for dates and URLs. Shared by the draft, hostile-input and browser
tests."""

from datetime import date, timedelta

from django.urls import reverse


def days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def date_parts(name: str, value: date | None = None, *, day="", month="", year="") -> dict:
    """The three boxes of a GOV.UK date input."""
    if value:
        day, month, year = value.day, value.month, value.year
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def step_url(referral, slug: str, **query) -> str:
    url = reverse("referrals:step", args=[referral.public_id, slug])
    return url + ("?return=check" if query.get("back_to_check") else "")


def item_add_url(referral, section: str) -> str:
    return reverse("referrals:item_add", args=[referral.public_id, section])


def item_url(referral, section: str, item) -> str:
    return reverse("referrals:item_change", args=[referral.public_id, section, item.pk])


def post(client, url, data=None, button="continue"):
    """POST a page's answers with the button pressed ("continue", "later", "upload")."""
    return client.post(url, {**(data or {}), button: ""})


def check_url(referral) -> str:
    return reverse("referrals:check_answers", args=[referral.public_id])


INCIDENT = days_ago(20)
AWARE = days_ago(18)
CHILD_BORN = days_ago(3 * 365)


def section_posts(agency) -> dict[str, dict]:
    """A valid answer for every page of questions (not the repeatable ones)."""
    return {
        "about-you": {
            "referrer_name": "Sam Patel",
            "referrer_job_title": "Senior Social Worker",
            "referrer_agency": str(agency.pk),
            "referrer_email": "sam.patel@council.example",
            "referrer_phone": "020 7946 0000",
        },
        "safeguarding-lead": {
            "lead_name": "Jo Lead",
            "lead_job_title": "Head of Safeguarding",
            "lead_contact": "jo.lead@council.example",
            "lead_agreed": "yes",
        },
        "what-happened": {
            **date_parts("incident_date", INCIDENT),
            **date_parts("aware_date", AWARE),
            "incident_description": "The child was admitted to hospital with injuries.",
        },
        "criteria": {
            "criteria": ["serious_harm", "agencies_working_together"],
            "abuse_or_neglect": "suspected",
            "care_status": "neither",
            "reasons_criteria_met": "Serious harm, and agencies did not share information.",
            "learning_anticipated": "How referrals between health and social care are made.",
            "requested_review_type": "spr",
        },
        "concerns": {"immediate_concerns": "no", "actions_taken": "A strategy meeting was held."},
        "parallel-processes": {
            "parallel_processes": ["police_investigation"],
            "parallel_processes_details": "",
        },
        "family-told": {
            "family_informed": "yes",
            **date_parts("family_informed_date", days_ago(5)),
            "family_informed_by": "The allocated social worker",
        },
        "media": {"media_interest": "no"},
        "declaration": {"declaration_confirmed": "on"},
    }


def child_post(**changes) -> dict:
    return {
        "full_name": "Child A",
        "other_names": "",
        "is_unborn": "no",
        **date_parts("date_of_birth", CHILD_BORN),
        "sex": "female",
        "ethnicity": "White British",
        "home_address": "1 Example Road, Croydon",
        "school_or_setting": "Example Nursery",
        "legal_status": "child_in_need",
        **date_parts("date_of_death"),
        **changes,
    }


def family_post(**changes) -> dict:
    return {
        "full_name": "Parent A",
        "relationship": "Mother",
        **date_parts("date_of_birth", days_ago(30 * 365)),
        "address": "1 Example Road, Croydon",
        "household_member": "yes",
        "alleged_perpetrator": "unknown",
        **changes,
    }


def agency_post(listed=None, **changes) -> dict:
    """An agency from the list (`listed`), or else one named in the box."""
    return {
        "agency": str(listed.pk) if listed else "",
        "agency_name": "" if listed else "Example Community Health Trust",
        "contact_name": "Duty manager",
        "contact_details": "duty@agency.example",
        "involvement": "Health visiting since birth.",
        "still_involved": "yes",
        **changes,
    }
