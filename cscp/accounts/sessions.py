"""A user's signed-in sessions (issue 18 §3): the index written at sign-in, the "Your sessions"
list read from it and the session store, and signing out everywhere else."""

import datetime
import re
from dataclasses import dataclass
from importlib import import_module

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.utils import timezone

from .middleware import RENEWED_AT, SIGNED_IN_AT
from .models import UserSession

_BROWSERS = [("Edg", "Edge"), ("Firefox", "Firefox"), ("Chrome", "Chrome"), ("Safari", "Safari")]
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
]


def short_user_agent(header: str) -> str:
    """ "Firefox on Windows": enough to recognise a device, no version or build to fingerprint."""
    browser = next((name for token, name in _BROWSERS if re.search(token, header)), "")
    system = next((name for token, name in _SYSTEMS if token in header), "")
    return " on ".join(part for part in (browser, system) if part) or "Unknown browser"


def session_record(request) -> None:
    """At sign-in: index the new session under its user."""
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": request.user,
            "user_agent": short_user_agent(request.headers.get("User-Agent", "")),
        },
    )


def session_forget(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


@dataclass(frozen=True)
class SignedInSession:
    device: str
    signed_in_at: datetime.datetime
    last_seen: datetime.datetime | None
    is_current: bool


def sessions_for(request) -> list[SignedInSession]:
    """The user's live sessions, this one first; index rows whose session has ended (expired,
    signed out, or invalidated by a password change) are dropped."""
    user, current = request.user, request.session.session_key
    if current and not UserSession.objects.filter(session_key=current).exists():
        session_record(request)  # signed in before the index was kept
    listed = []
    for row in UserSession.objects.filter(user=user):
        data = request.session if row.session_key == current else _live_data(row.session_key, user)
        if data is None:
            row.delete()
            continue
        listed.append(_listed(row, data, is_current=row.session_key == current))
    return sorted(listed, key=lambda s: not s.is_current)


def _listed(row, data, *, is_current) -> SignedInSession:
    signed_in = data.get(SIGNED_IN_AT)
    seen = data.get(RENEWED_AT)
    return SignedInSession(
        device=row.user_agent,
        signed_in_at=_when(signed_in) if signed_in else row.created_at,
        last_seen=_when(seen) if seen else None,
        is_current=is_current,
    )


def _when(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def _live_data(session_key: str, user):
    """The session's data if it is still signed in as `user` with the current password."""
    data = _store(session_key).load()
    if data.get(SESSION_KEY) != str(user.pk) or data.get(HASH_SESSION_KEY) != user.get_session_auth_hash():
        return None
    age = timezone.now().timestamp() - data.get(SIGNED_IN_AT, timezone.now().timestamp())
    return data if age < settings.CSCP_SESSION_ABSOLUTE_HOURS * 3600 else None


def sessions_end_others(*, request) -> int:
    """Signs the user out of every session but this one; audited. Returns how many ended."""
    user, current = request.user, request.session.session_key
    with transaction.atomic():
        others = list(UserSession.objects.select_for_update().filter(user=user).exclude(session_key=current))
        for row in others:
            _store(row.session_key).delete()
        UserSession.objects.filter(pk__in=[row.pk for row in others]).delete()
        LogEntry.objects.log_create(
            user,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"sessions": ["", "signed out everywhere else"]},
            actor=user,
            actor_email=user.email,
            additional_data={"event": "sessions_end_others", "ended": len(others)},
        )
    return len(others)
