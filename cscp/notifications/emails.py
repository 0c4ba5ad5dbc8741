"""The one email builder (style.md 8): every email is a named triplet of templates.

    templates/emails/<name>-subject.txt   one line (whitespace is collapsed)
    templates/emails/<name>-body.txt      the plain-text body; the builder appends _footer.txt
    templates/emails/<name>-body.html     extends emails/_base.html, which carries the footer

Emails carry a reference number and a link, never a child's or family member's name, date of
birth or address (design.md §2): pass references and URLs in the context, not records.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def email_context(context: dict | None = None) -> dict:
    """The caller's context plus what every email may use. The caller's keys win."""
    return {
        "site_url": settings.CSCP_SITE_URL,
        "service_name": settings.CSCP_SERVICE_NAME,
        "partnership_name": settings.CSCP_PARTNERSHIP_NAME,
        "partnership_short_name": settings.CSCP_PARTNERSHIP_SHORT_NAME,
        "contact_email": settings.CSCP_CONTACT_EMAIL,
        **(context or {}),
    }


def email_render(template: str, context: dict | None = None) -> RenderedEmail:
    """Render the triplet `template` names. Raises TemplateDoesNotExist for a missing part."""
    if not _NAME.match(template):
        raise ValueError(f"Not an email template name: {template!r}")
    full = email_context(context)
    subject = " ".join(_render_plain(f"emails/{template}-subject.txt", full).split())
    body = _render_plain(f"emails/{template}-body.txt", full).strip()
    footer = _render_plain("emails/_footer.txt", full).strip()
    html = render_to_string(f"emails/{template}-body.html", full)
    return RenderedEmail(subject=subject, body_text=f"{body}\n\n{footer}\n", body_html=html)


def _render_plain(name: str, context: dict) -> str:
    # Plain text must not be HTML-escaped ("Children's" stays readable), so render the
    # engine template directly with autoescaping off.
    return get_template(name).template.render(Context(context, autoescape=False))
