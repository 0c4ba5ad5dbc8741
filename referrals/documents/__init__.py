"""Supporting documents: what a referrer may attach to a referral (checked by content as well as
by name), adding and removing them on a draft, and downloading them once the referral is
submitted. domain.md §3 (the referral form's supporting evidence) and design.md §2 (files kept
private, served only through a view that checks who asks). The review cases' and the
publications' uploads use the same checks (checks.py)."""
