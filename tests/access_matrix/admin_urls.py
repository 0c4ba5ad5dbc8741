"""The Django admin, covered by a rule rather than a line per URL: the admin gets each page
(200, or a redirect such as the bare object URL's to its change page); everyone else is sent
to sign in. Model pages are requested on the first row of the model (most have one in the
world: its users, referral, agency, device, audit entries...)."""

import re

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

ADMIN_ROW = {"admin": (200, 302), "*": ("login",)}  # the rule

# Admin patterns answered otherwise, for a reason.
SIGN_IN = ("login",)
SPECIAL = {
    # /admin/login/ is shadowed by cscp/urls.py's redirect to the one sign-in page, for everyone.
    "admin:login": {"*": SIGN_IN},
    # GET: the admin is refused (logout is POST only); anyone else is sent to /admin/ (and from
    # there to sign in).
    "admin:logout": {"admin": (405,), "*": (302,)},
    # Without the field it completes, the autocomplete endpoint refuses the admin too.
    "admin:autocomplete": {"admin": (403,), "*": SIGN_IN},
    # A referral has no public page to view "on site".
    "admin:view_on_site": {"admin": (404,), "*": SIGN_IN},
    # The catch-all: an admin URL that does not exist is a 404, once signed in as the admin.
    "admin/(?P<url>.*)$": {"admin": (404,), "*": SIGN_IN},
}
# Read-only in the admin by design (403 to the admin too): login records and the audit trail
# are written by the system only; domains, referrals and triage change only through the app's
# pages and services (which keep the events and the audit trail); sent emails are a record.
READ_ONLY = {
    "admin:axes_accessattempt_add", "admin:axes_accesslog_add", "admin:axes_accessfailurelog_add",
    "admin:auditlog_logentry_add", "admin:auditlog_logentry_delete",
    "admin:accounts_alloweddomain_add", "admin:accounts_alloweddomain_delete",
    "admin:notifications_outgoingemail_add", "admin:notifications_outgoingemail_delete",
    "admin:referrals_referral_add", "admin:referrals_referral_delete",
    "admin:reviews_triage_add", "admin:reviews_triage_delete",
    "admin:reviews_rapidreview_add", "admin:reviews_rapidreview_delete",
}  # fmt: skip
SPECIAL.update({name: {"admin": (403,), "*": SIGN_IN} for name in READ_ONLY})

_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def planned(pattern, world):
    """[(label, url, row)] for one admin pattern."""
    row = SPECIAL.get(pattern.key, ADMIN_ROW)
    if pattern.name == "admin:app_list":
        labels = sorted({model._meta.app_label for model in admin.site._registry})
        return [
            (f"{pattern.key}[{label}]", reverse(pattern.name, kwargs={"app_label": label}), row)
            for label in labels
        ]
    if pattern.name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(world.referral)
        url = reverse(
            pattern.name, kwargs={"content_type_id": content_type.pk, "object_id": world.referral.pk}
        )
        return [(pattern.key, url, row)]
    if pattern.key == "admin/(?P<url>.*)$":
        return [(pattern.key, "/admin/no-such-page/", row)]
    names = [match["name"] for match in _CONVERTER.finditer(pattern.route)]
    kwargs = {}
    if names:
        instance = _model(pattern)._default_manager.order_by("pk").first()
        kwargs = dict.fromkeys(names, instance.pk if instance is not None else 0)
    if pattern.name:
        return [(pattern.key, reverse(pattern.name, kwargs=kwargs), row)]
    # Unnamed: the bare object URL, which redirects to the object's change page.
    return [(pattern.key, "/" + _CONVERTER.sub(lambda m: str(kwargs[m["name"]]), pattern.route), row)]


def _model(pattern):
    if pattern.route.startswith("admin/accounts/user/"):
        return get_user_model()
    for model in admin.site._registry:
        if pattern.route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    raise LookupError(f"No admin model for {pattern.route}")
