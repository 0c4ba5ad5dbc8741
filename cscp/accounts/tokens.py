"""Signed, expiring links for email verification.

The token carries the user's id and a hash of their address and verification state, so it
stops working once the address is verified or changed: a link works once. No personal
detail appears in the link.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

_SALT = "cscp.accounts.email-verification"


def _state(user) -> str:
    return salted_hmac(_SALT, f"{user.pk}|{user.email}|{user.email_verified_at}").hexdigest()[:20]


def make_verification_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=_SALT, compress=True)


def user_for_verification_token(token: str):
    """The user the token was made for, or None if it is forged, expired or already used."""
    from .models import User

    max_age = settings.CSCP_EMAIL_VERIFICATION_DAYS * 24 * 60 * 60
    try:
        payload = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    user = User.objects.filter(pk=payload.get("u")).first()
    if user is None or payload.get("s") != _state(user):
        return None
    return user


def verification_url(user) -> str:
    return settings.CSCP_SITE_URL + reverse("accounts:verify_email", args=[make_verification_token(user)])
