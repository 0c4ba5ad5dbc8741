"""What the decision's text for the referrer must not hold (issue 17 §4), nor the reasons the
Panel is given for a late step or a case not notifiable, which the CSVs export (issue 16 §2): the referral's own
protected terms (its children's names and their parts, other names, family members' names,
dates of birth, death and due dates, addresses, schools), found by the anonymisation guard's
matcher in every way they are written: any case, accents, possessives, a name split across a
line, a date in words. What was found is shown to the staff member who typed it, on the form,
and never goes in a log line, a message kept in the session or an email."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    says: str  # "names the child"
    words: tuple[str, ...]  # as typed: "Jane", "27 March 2019"


# What each kind of term is, in the words of the refusal (by publications' ProtectedTerm.Source).
SAYS = {
    "child_name": "names the child",
    "family_name": "names a family member",
    "date_of_birth": "gives a date of birth",
    "key_date": "gives the child's date of death or due date",
    "address": "gives an address",
    "school": "names the child's school or setting",
}


def what_identifies(referral, text: str) -> list[Found]:
    """What in `text` identifies the referral's child or family, by kind, in the text's order."""
    # The publications app depends on reviews: imported here, never at the top.
    from publications.guard import checks
    from publications.guard.terms import key
    from publications.models import ProtectedTerm

    labels = {ProtectedTerm.Source(value).label: says for value, says in SAYS.items()}
    found: dict[str, list[str]] = {}
    for hit in checks.check_referral_text(referral, [checks.Place(text or "", "Message")]):
        words = found.setdefault(labels.get(hit.source, "identifies the child or family"), [])
        if key(hit.found) not in {key(word) for word in words}:  # Zoë and zoe are one
            words.append(hit.found)
    return [Found(says, tuple(words)) for says, words in found.items()]


def refusal(what: str, found: list[Found]) -> str:
    """'The message names the child: ‘Jane’, ‘Smith’; and gives a date of birth: ‘27 March
    2019’. Remove them.'"""
    parts = [f"{item.says}: " + ", ".join(f"‘{word}’" for word in item.words) for item in found]
    many = len(parts) > 1 or len(found[0].words) > 1
    return f"{what} {'; and '.join(parts)}. Remove {'them' if many else 'it'}, and anything else that identifies the child or family"


def reason_refusal(referrals, text: str, what: str = "The reason") -> str:
    """The error for a reason that identifies the child or family of any of `referrals` ('' when
    it does not): a reason goes to the Panel and into the coordinators' CSVs, which carry nothing
    personal."""
    if not (text or "").strip():
        return ""
    found = [item for referral in referrals for item in what_identifies(referral, text)]
    return refusal(what, found) if found else ""
