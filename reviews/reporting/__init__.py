"""Reporting: where the casework stands and the figures for the partnership's yearly report
(domain.md §2.1 S: the yearly report, which must cover child safeguarding practice reviews, and
§5.4: action on them; the clocks it shows are §2.1 C, F and M).

- dashboard.py, selectors.py: /dashboard/, the statutory clocks due and overdue, the review
  cases near their target, the counts by state, outcome, stage and RAG, the actions and agency
  contributions overdue; kept by reviews/casework_cache.py
- annual.py: the yearly figures (counts and medians by calendar year)
- views.py, urls.py: the dashboard and /dashboard/annual/ with its CSV

The lists' own CSV exports stay with their lists: the queue's in reviews/triage/, the case
list's in reviews/cases/export.py."""
