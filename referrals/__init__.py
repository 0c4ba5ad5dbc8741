"""Referrals, from the referrer's first draft to a referral the Review Group can triage: the
form (draft/), its supporting documents (documents/), following a submitted referral
(tracking/), answering requests for more information (information/) and withdrawal
(withdrawal/). The referral's own tables, its submission (services.py) and who may read which
referral (selectors.py) are here at the top. domain.md §3 and §7.1."""
