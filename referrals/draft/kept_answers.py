"""Answers posted to a draft page after the session expired are kept across signing in again.

The POST arrives signed out (sessions end after a period of inactivity), so it cannot be saved
to the draft yet. Its fields are kept in the visitor's session, which survives signing in
(django.contrib.auth.login cycles the session key but keeps its data), and the page applies
them, as if posted, once the owner comes back to it signed in.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict

_KEY = "referrals_kept_answers"


def keep_answers_when_signed_out(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            answers = request.POST.copy()
            answers.pop("csrfmiddlewaretoken", None)
            request.session[_KEY] = {"path": request.path, "answers": answers.urlencode()}
            messages.info(
                request, "You were signed out. Sign in again to save what you typed: we have kept it."
            )
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def kept_answers(request) -> QueryDict | None:
    """The answers kept for this page, once (they are then the page's POST)."""
    kept = request.session.get(_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[_KEY]
    messages.info(request, "We have saved what you typed before you were signed out.")
    return QueryDict(kept["answers"])


def posted_answers(request) -> QueryDict | None:
    """What the page should act on: this POST, answers kept from an expired session, or None."""
    if request.method == "POST":
        return request.POST
    return kept_answers(request)
