"""Following a referral once submitted: the referrer's list (My referrals), the confirmation
after submitting, and one referral's page with its status, its timeline and, once decided, the
outcome written for the referrer; staff open the same page (logged) with the whole history.
domain.md §7.1 (the referral's states) and §4.3 (who is told the decision)."""
