"""Enrolment by invitation (issue 18 §2): a staff account's second factor is set up only from a
single-use, expiring link sent to its email address, never with the password alone.

An invitation is an unconfirmed authenticator device made when the link is sent; the link is a
signed token naming the user, that device and a hash of its key. So the link stops working once
the app is confirmed (single use), once a newer invitation replaces the device (a new link voids
the old), after CSCP_ENROLMENT_LINK_HOURS (expiry), and for anyone signed in as someone else.
"""

from auditlog.models import LogEntry
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cscp.notifications.services import email_enqueue

from .roles import Role
from .two_factor import APP_DEVICE_NAME

_SALT = "cscp.accounts.enrolment-invitation"


class EnrolmentRefused(Exception):
    """The actor may not re-enrol this account, or it is not a staff account."""


def _state(device: TOTPDevice) -> str:
    return salted_hmac(_SALT, f"{device.user_id}|{device.pk}|{device.key}").hexdigest()[:24]


def make_token(device: TOTPDevice) -> str:
    return signing.dumps({"u": device.user_id, "d": device.pk, "s": _state(device)}, salt=_SALT)


def invited_device(token: str, user) -> TOTPDevice | None:
    """The device the invitation is for, if the token is genuine, in date, `user`'s, and still
    open (its device unconfirmed and the user with no confirmed app); otherwise None."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=settings.CSCP_ENROLMENT_LINK_HOURS * 3600)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if payload.get("u") != user.pk or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    device = TOTPDevice.objects.filter(pk=payload.get("d"), user=user, confirmed=False).first()
    if device is None or not constant_time_compare(payload.get("s", ""), _state(device)):
        return None
    return device


def enrolment_url(device: TOTPDevice) -> str:
    return settings.CSCP_SITE_URL + reverse("accounts:two_factor_enrol", args=[make_token(device)])


@transaction.atomic
def enrolment_invite(*, user, by=None, reason: str = "invited") -> str:
    """Make a new invitation for `user` (voiding any older one) and return its link. Callers
    send it (enrolment_invite_send) or print it (manage.py enrolment_link)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    _audit(user, by=by, event=f"enrolment_link_{reason}")
    return enrolment_url(device)


def enrolment_invite_send(*, user, by=None, reason: str = "invited") -> None:
    """A new invitation, emailed to the account's own address. The email holds only the link."""
    url = enrolment_invite(user=user, by=by, reason=reason)
    email_enqueue(
        to=user.email,
        template="accounts-enrolment-invitation",
        context={"enrol_url": url, "hours": settings.CSCP_ENROLMENT_LINK_HOURS},
        recipient=user,
    )


def may_reenrol(actor, user) -> bool:
    """Admins may re-enrol anyone on staff; coordinators members and reviewers (the accounts
    they work beside), not other coordinators or admins; nobody else, and nobody themselves."""
    if actor.pk == user.pk or not user.is_staff_role:
        return False
    if actor.is_superuser or actor.has_role(Role.ADMIN):
        return True
    return actor.has_role(Role.COORDINATOR) and not (
        user.is_superuser or user.has_role(Role.COORDINATOR, Role.ADMIN)
    )


@transaction.atomic
def enrolment_reset(*, user, by) -> None:
    """Re-enrolment: remove the account's app and recovery codes, and email a new invitation."""
    if not may_reenrol(by, user):
        raise EnrolmentRefused("You cannot send a new enrolment link to this account.")
    devices_remove(user=user)
    enrolment_invite_send(user=user, by=by, reason="reset")


def devices_remove(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _audit(user, *, by, event: str) -> None:
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"second factor": ["", event.replace("_", " ")]},
        actor=by,
        actor_email=getattr(by, "email", None),
        additional_data={"event": event},
    )
