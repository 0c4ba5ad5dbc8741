"""Likely duplicates, linked at intake (issue 17 §3). A second referral about the same child
must not go unnoticed: the triage page shows each other referral with a child whose name and
date of birth match one of this referral's children, or whose home address is the same, for the
Review Group to relate (each page then lists the other), dismiss ("not the same child") or merge
(the existing merge step). The answer is kept with its reason (ReferralLink, one row a pair) and
holds on both referrals' pages.

Compared folded: case, accents, punctuation and spacing do not matter ("Zoë O'Neil" is "zoe
o neil"); a child's other names count as names; an address is the same when its postcode and
first line are, or, with no postcode, the whole of it. A name alone, a date of birth alone, a
placeholder ("Child A") or an address of a few letters ("Not known") is not a match. Matches are worked out when the page
is asked for, so a referral arriving later shows on the earlier one's page too. Three queries
whatever the number of children: this referral's children, the candidates, the answers.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from cscp.accounts.models import User
from referrals.models import Child, Referral, ReferralStatus

from ..models import ReferralLink
from .services import STAFF_ROLES, ReferralStateError, referral_noted

S = ReferralStatus

# Referrals never offered as a match: a draft is its referrer's alone, a merged one lives on in
# the referral it was merged into.
NOT_MATCHED = (S.DRAFT, S.MERGED)
# The answers may be given whatever the referral's state, except on a draft.
ANSWER_STATES = tuple(state for state in S.values if state != S.DRAFT)

NAME_AND_BIRTH = "A child's name and date of birth"
ADDRESS = "A child's home address"

_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.IGNORECASE)
_NOT_LETTERS = re.compile(r"[^0-9a-z]+")
# Shorter than this once folded, an address says nothing ("n/a", "not known", "nfa").
MIN_ADDRESS_LETTERS = 12


def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, single spaces: how names and addresses are
    compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTERS.sub(" ", plain).strip()


def is_a_name(name: str) -> bool:
    """Not a placeholder: "Child A", "Baby N", "Unborn" are how referrals name a child they
    cannot name, so two of them say nothing about the same child. The anonymisation guard's
    rule (publications depends on reviews, so imported here, not at the top)."""
    from publications.guard.terms import name_terms

    return bool(name_terms(name))


def names_of(child: Child) -> set[str]:
    names = {child.full_name, *re.split(r"[,;/]| or ", child.other_names or "")}
    return {fold(name) for name in names if is_a_name(name) and len(fold(name)) >= 2}


def postcode_of(address: str) -> str:
    found = _POSTCODE.search(address or "")
    return (found.group(1) + found.group(2)).upper() if found else ""


def address_key(address: str) -> str:
    """The postcode and first line, or the whole address when it has no postcode; '' when it
    is too short to tell one home from another."""
    postcode = postcode_of(address)
    first_line = fold(re.split(r"[,\n]", address or "", maxsplit=1)[0])
    if postcode:
        return f"{postcode} {first_line}" if first_line and fold(postcode) != first_line else ""
    whole = fold(address or "")
    return whole if len(whole.replace(" ", "")) >= MIN_ADDRESS_LETTERS else ""


@dataclass(frozen=True)
class Match:
    other: Referral
    matched_on: tuple[str, ...]

    @property
    def matched_on_text(self) -> str:
        return " and ".join(self.matched_on)


# What a candidate child is compared by, and what the page shows of its referral.
CANDIDATE_FIELDS = (
    "full_name",
    "other_names",
    "date_of_birth",
    "home_address",
    "referral__reference",
    "referral__status",
    "referral__submitted_at",
)


def _candidates(children: list[Child], referral: Referral):
    births = {child.date_of_birth for child in children if child.date_of_birth}
    by_address = Q()
    for child in children:
        postcode = postcode_of(child.home_address)
        if postcode:
            spaced = f"{postcode[:-3]} {postcode[-3:]}"
            by_address |= Q(home_address__icontains=postcode) | Q(home_address__icontains=spaced)
        elif address_key(child.home_address):  # no postcode: the same words, as near as SQL can
            by_address |= Q(home_address__iexact=child.home_address.strip())
    wanted = Q(date_of_birth__in=births) | by_address if births else by_address
    if not wanted:
        return []
    return list(
        Child.objects.filter(wanted)
        .exclude(referral=referral)
        .exclude(referral__status__in=NOT_MATCHED)
        .select_related("referral")
        .only(*CANDIDATE_FIELDS)
    )


def _matched_on(ours: list[Child], theirs: Child) -> list[str]:
    found = []
    their_names = names_of(theirs)
    if theirs.date_of_birth and any(
        child.date_of_birth == theirs.date_of_birth and names_of(child) & their_names for child in ours
    ):
        found.append(NAME_AND_BIRTH)
    key = address_key(theirs.home_address)
    if key and any(address_key(child.home_address) == key for child in ours):
        found.append(ADDRESS)
    return found


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Duplicates:
    """What the triage page shows: matches not answered yet, the related referrals, and the
    matches looked at and dismissed (with why), for whoever reads the case afterwards."""

    open: list[Match]
    related: list[ReferralLink]
    dismissed: list[ReferralLink]


def _links(referral: Referral) -> list[ReferralLink]:
    return list(
        ReferralLink.objects.filter(Q(first=referral) | Q(second=referral))
        .select_related("first", "second", "decided_by")
        .order_by("decided_at", "id")
    )


def duplicates(referral: Referral) -> Duplicates:
    children = list(referral.children.all())
    found: dict[int, tuple[Referral, list[str]]] = {}
    for theirs in _candidates(children, referral):
        matched = _matched_on(children, theirs)
        if matched:
            _, already = found.setdefault(theirs.referral_id, (theirs.referral, []))
            already.extend(m for m in matched if m not in already)
    links = _links(referral)
    answered = {link.other(referral.pk) for link in links}
    open_matches = [
        Match(other, tuple(sorted(matched)))
        for other_id, (other, matched) in sorted(found.items(), key=lambda item: item[1][0].reference)
        if other_id not in answered
    ]
    return Duplicates(
        open=open_matches,
        related=[link for link in links if link.kind == ReferralLink.Kind.RELATED],
        dismissed=[link for link in links if link.kind == ReferralLink.Kind.DISMISSED],
    )


def likely_match(referral: Referral, other: Referral) -> Match | None:
    """The match between the two, if they match and no answer is kept yet."""
    return next((match for match in duplicates(referral).open if match.other.pk == other.pk), None)


def referral_link(*, referral: Referral, by: User, other: Referral, kind: str, reason: str) -> ReferralLink:
    """Keep the group's answer to a likely duplicate, on both referrals' timelines. Refused when
    the two no longer match, or an answer is kept already (someone answered meanwhile)."""
    if not by.has_role(*STAFF_ROLES):
        raise ReferralStateError("Only Review Group members and coordinators can do that.")
    if kind not in ReferralLink.Kind.values:
        raise ValueError(f"Not a kind of link: {kind}")
    if not reason.strip():
        raise ReferralStateError("Enter why")
    with transaction.atomic():
        first_id, second_id = _pair(referral.pk, other.pk)
        # Both referrals locked in id order, so two answers given at once cannot deadlock.
        locked = {r.pk: r for r in Referral.objects.select_for_update().filter(pk__in=(first_id, second_id))}
        if locked[referral.pk].status not in ANSWER_STATES:
            raise ReferralStateError("This referral has not been submitted.")
        match = likely_match(locked[referral.pk], locked[other.pk])
        if match is None:
            raise ReferralStateError(
                f"{other.reference} is no longer a likely duplicate of this referral, or has been answered already."
            )
        link = ReferralLink.objects.create(
            first_id=first_id, second_id=second_id, kind=kind, matched_on=match.matched_on_text,
            reason=reason.strip(), decided_by=by,
        )  # fmt: skip
        action = "triage.related" if kind == ReferralLink.Kind.RELATED else "triage.duplicate_dismissed"
        verb = "Related to" if kind == ReferralLink.Kind.RELATED else "Not the same child as in"
        for this, that in ((locked[referral.pk], locked[other.pk]), (locked[other.pk], locked[referral.pk])):
            referral_noted(this, action, by, note=f"{verb} {that.reference}: {reason.strip()}")
    return link
