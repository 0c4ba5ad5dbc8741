"""State changes for accounts and the allow-list (style.md 1-3): one function each."""

import logging

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cscp.notifications.services import email_enqueue

from .models import AllowedDomain, User, email_domain
from .roles import Role
from .tokens import verification_url

logger = logging.getLogger(__name__)

DOMAIN_REMOVED = "Email domain removed from the allow-list"


@transaction.atomic
def referrer_register(
    *, email: str, full_name: str, job_title: str, phone: str, agency, password: str
) -> None:
    """Create an unverified referrer and send the verification link.

    If the address is already registered, the existing holder is told by email instead: the
    person registering sees the same page either way, so the form cannot be used to find out
    who has an account. Either way one password is hashed and one email queued, so the answer
    takes as long (issue 18 §1; tests/hostile/test_sign_in.py counts both).
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the work creating the account would have done, thrown away
        email_enqueue(to=existing.email, template="accounts-already-registered", recipient=existing)
        logger.info("registration attempt for existing account user_id=%s", existing.pk)
        return
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, job_title=job_title, phone=phone, agency=agency
    )
    user.groups.add(Group.objects.get(name=Role.REFERRER))
    _send_verification(user)
    logger.info("referrer registered user_id=%s", user.pk)


def referrer_resend_verification(*, email: str) -> None:
    """Send a fresh link if the address belongs to an unverified account; otherwise a notice
    that no link was sent (same page, same work either way)."""
    user = User.objects.filter(
        email__iexact=email.strip(), email_verified_at__isnull=True, is_active=True
    ).first()
    if user is not None:
        _send_verification(user)
    else:
        no_link_sent_notify(email=email)


def no_link_sent_notify(*, email: str) -> None:
    """Tell whoever holds the address that a link was asked for and none sent (no account to
    confirm or reset). Sent whether or not the address has an account, so that asking costs the
    same work and answers the same way for every address; the rate limits stop it being used
    to flood someone's inbox."""
    email_enqueue(to=email.strip().lower(), template="accounts-no-link-sent")


def password_changed_notify(*, user: User) -> None:
    """Tells the holder their password changed, so a change they did not make is noticed."""
    email_enqueue(to=user.email, template="accounts-password-changed", recipient=user)


def _send_verification(user: User) -> None:
    email_enqueue(
        to=user.email,
        template="accounts-verify-email",
        context={"verify_url": verification_url(user)},
        recipient=user,
    )


def user_verify_email(*, user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


# --- The allow-list ---------------------------------------------------------------------


@transaction.atomic
def allowed_domain_save(*, domain: AllowedDomain, by: User) -> AllowedDomain:
    """Add or change a domain, then bring referrer accounts in line with the new list: those
    it no longer admits are disabled; those disabled only because of the list are restored."""
    if domain.pk is None:
        domain.added_by = by
    domain.domain = domain.domain.strip().lower().rstrip(".")
    domain.save()
    _sync_referrers_with_allow_list(domain.domain)
    return domain


@transaction.atomic
def allowed_domain_remove(*, domain: AllowedDomain, by: User) -> int:
    """Remove a domain and disable the referrer accounts it alone admitted. Returns how many."""
    name = domain.domain
    domain.delete()
    disabled = _sync_referrers_with_allow_list(name)
    logger.info("allowed domain removed by user_id=%s; %s referrer accounts disabled", by.pk, disabled)
    return disabled


def referrers_affected_by_removal(domain: AllowedDomain) -> int:
    """How many active referrer accounts removing this domain would disable (for the confirm page)."""
    others = AllowedDomain.objects.exclude(pk=domain.pk)
    return sum(
        1
        for user in _referrers_under(domain.domain).filter(is_active=True)
        if domain.admits_domain(email_domain(user.email)) and not others.admits(user.email)
    )


def _referrers_under(domain: str):
    """Referrer accounts at this domain or any of its subdomains."""
    at_or_below = Q(email__iendswith="@" + domain) | Q(email__iendswith="." + domain)
    return User.objects.filter(at_or_below, groups__name=Role.REFERRER)


def _sync_referrers_with_allow_list(domain: str) -> int:
    disabled = 0
    for user in _referrers_under(domain).select_for_update(of=("self",)):
        admitted = AllowedDomain.objects.admits(user.email)
        if user.is_active and not admitted:
            user.is_active, user.deactivated_reason = False, DOMAIN_REMOVED
            user.save(update_fields=["is_active", "deactivated_reason"])
            disabled += 1
        elif not user.is_active and admitted and user.deactivated_reason == DOMAIN_REMOVED:
            user.is_active, user.deactivated_reason = True, ""
            user.save(update_fields=["is_active", "deactivated_reason"])
    return disabled
