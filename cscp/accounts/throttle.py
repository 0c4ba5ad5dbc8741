"""What sign-in lockouts and the email-sending forms' rate limits count by (issue 18 §1): the
address in its one spelling, and the client's address.

The client's address: behind N reverse proxies (CSCP_PROXY_COUNT, from AXES_PROXY_COUNT) each
proxy appends the address it received the request from to X-Forwarded-For, so the N-th entry
from the right is the address the outermost trusted proxy saw. Everything left of it was
written by the client and is never trusted. With no proxy configured, or a request that did not
come through them (too few entries), the socket's address (REMOTE_ADDR) is used.
"""

import ipaddress

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from .emails import lenient_email


def client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE, and the rate limits' client key."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.CSCP_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count <= 0 or len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: failures counted on the address in its one spelling, so a change
    of case or spacing is the same account, not five fresh tries."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = (credentials or {}).get(field) or request.POST.get(field, "")
    return lenient_email(raw)


def too_many_emails(request, email: str) -> bool:
    """Count a request that would send an email against the address and against the client
    (the two counts are shared by registration, the new link and the password reset); True once
    either has had its share this hour. Both are counted whichever is over."""
    address = lenient_email(email)
    by_address = is_ratelimited(
        request,
        group="accounts-email-address",
        key=lambda group, request: address,
        rate=settings.CSCP_EMAIL_RATE_PER_ADDRESS,
        increment=True,
    )
    by_client = is_ratelimited(
        request,
        group="accounts-email-client",
        key=lambda group, request: client_ip(request),
        rate=settings.CSCP_EMAIL_RATE_PER_CLIENT,
        increment=True,
    )
    return by_address or by_client
