"""Staff-wide search (issue 17 §2): members and coordinators find any submitted referral and any
review case, in every state (closed, withdrawn and merged included; never a draft, which is its
referrer's alone), by a part of a reference, a child's name or other names, a child's date of
birth, an agency or a theme, so that a second referral about the same child is noticed
(domain.md §2.1 J: similar issues in other current or recent reviews).

- forms.py: the search box, and what it understands (a date of birth, or text)
- selectors.py: the search, in a fixed number of queries (full-text and trigram on PostgreSQL,
  with the indexes of referrals/migrations/0005; a plain case-insensitive match on SQLite)
- views.py, urls.py: /search/, posted, never in an address (what is searched for is a name)"""
