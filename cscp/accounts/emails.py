"""Email addresses taken strictly (issue 18 §1): one plain form, one spelling.

Django's EmailValidator accepts what RFC 5322 allows, including quoted local parts
(`"x@evil.example"@croydon.gov.uk`), and the allow-list reads the domain after the last @, so an
odd form could pass for an address at an allowed domain. Here only a dot-atom local part of ASCII
letters, digits and the usual punctuation is taken, never a quoted string, a comment or an IP
literal; the domain is lower-cased and written in its IDNA (punycode) form, so `bücher.example`
and `xn--bcher-kva.example` are one domain. The whole address is lower-cased, as accounts store it.
"""

import re

from django.core.exceptions import ValidationError

_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
INVALID = "Enter an email address in the correct format, like name@example.org"


def normalise_email(value: str) -> str:
    """The address in its one accepted spelling, or ValidationError."""
    local, at, domain = (value or "").strip().rpartition("@")
    if not at or len(local) > 64 or not _LOCAL.match(local):
        raise ValidationError(INVALID, code="invalid")
    domain = normalise_domain(domain)
    if domain is None:
        raise ValidationError(INVALID, code="invalid")
    address = f"{local.lower()}@{domain}"
    if len(address) > 254:
        raise ValidationError(INVALID, code="invalid")
    return address


def normalise_domain(domain: str) -> str | None:
    """A host name lower-cased in IDNA form, or None for an IP literal or anything malformed."""
    try:
        ascii_domain = domain.strip().rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        return None
    return ascii_domain


def lenient_email(value: str) -> str:
    """The key a typed address is counted under (sign-in failures, rate limits): the strict
    spelling when it has one, else the text trimmed and case-folded, so no change of case or
    spacing makes a new key."""
    try:
        return normalise_email(value)
    except ValidationError:
        return (value or "").strip().casefold()
