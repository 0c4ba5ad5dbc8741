"""Helpers for tests of emails sent through the outbox (django.core.mail.outbox messages)."""

from html import unescape


def html_body(message) -> str:
    """The text/html alternative of an EmailMultiAlternatives message."""
    htmls = [content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"]
    assert len(htmls) == 1, f"expected one HTML alternative, found {len(htmls)}"
    return htmls[0]


def assert_in_both_bodies(message, text: str) -> None:
    """`text` appears in the plain-text body and in the HTML alternative (compared after
    unescaping entities, so "Children's" matches "Children&#x27;s")."""
    assert text in message.body, f"{text!r} not in the text body:\n{message.body}"
    html = html_body(message)
    assert text in html or text in unescape(html), f"{text!r} not in the HTML body:\n{html}"


def assert_not_in_either_body(message, text: str) -> None:
    assert text not in message.body, f"{text!r} unexpectedly in the text body"
    html = html_body(message)
    assert text not in html and text not in unescape(html), f"{text!r} unexpectedly in the HTML body"
