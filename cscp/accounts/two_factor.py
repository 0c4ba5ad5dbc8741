"""TOTP second factor for staff (django-otp): enrolment with a QR code, sign-in codes and
single-use recovery codes."""

import base64
import io
import secrets

import qrcode
from django.db import transaction
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
APP_DEVICE_NAME = "Authenticator app"


def confirmed_app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app_device(user) -> TOTPDevice:
    """The device being enrolled: kept between the page showing the QR code and the code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_for_manual_entry(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class CodeRejected(Exception):
    """The code was not accepted; the message says why, as an instruction."""


def check_app_code(device: TOTPDevice, token: str) -> None:
    """Raise CodeRejected with a specific message unless the code verifies."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise CodeRejected("You have entered too many wrong codes. Wait a minute, then try again.")
    if device.verify_token(token):
        return
    if _was_last_used_code(device, token):
        raise CodeRejected(
            "That code has already been used. Wait for your app to show a new code, then enter it."
        )
    raise CodeRejected(
        "Enter the code currently shown in your authenticator app. The code you entered is wrong."
    )


def _was_last_used_code(device: TOTPDevice, token: str) -> bool:
    # django-otp refuses a code from a time step at or before the last accepted one; tell the
    # person that the code was right but spent, rather than that it was wrong.
    if device.last_t < 0:
        return False
    counter = device.last_t
    return str(hotp(device.bin_key, counter, digits=device.digits)).zfill(device.digits) == token


@transaction.atomic
def app_device_confirm(device: TOTPDevice) -> list[str]:
    """Confirm an enrolled app, drop any older one, and issue fresh recovery codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_issue(device.user)


@transaction.atomic
def recovery_codes_issue(user) -> list[str]:
    """Replace the user's recovery codes with new ones; return them to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code.replace("-", "")) for code in codes)
    return codes


def recovery_code_device(user, code: str) -> StaticDevice | None:
    """The recovery device if `code` is one of the user's unused codes (it is then spent)."""
    code = code.replace("-", "")
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            return device
    return None


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def app_device_reset(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
