"""The referral form: a referrer starts a draft, fills it in one topic per page (their details,
the safeguarding lead, the children, family members and agencies, what happened, the criteria,
parallel processes, the family, the media, the declaration), can leave and come back, checks
their answers and submits. Answers typed after the session expired are kept across signing in.
domain.md §3 (the referral form's fields) and §7.1 (draft ─submit→ submitted; the submission
itself is referrals/services.py). Also the demo referrals seeded by `manage.py seed_demo`
(demo.py), written as the form would fill them in."""
