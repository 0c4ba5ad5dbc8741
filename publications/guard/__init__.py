"""The anonymisation guard (domain.md §5.2, anonymisation conventions): the protected terms that
identify a child or family member (terms.py: filled from the referrals, added to by hand through
services.py) and the check that none of them appears in anything that would be published, its
fields, sections and PDFs (checks.py)."""
