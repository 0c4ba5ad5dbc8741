"""Review cases: tracking a commissioned review from the decision that opens it to its close
(domain.md §7.2, the review case's state machine, and the timelines of §2.1 L-N).

- services.py: opening a case, appointing a reviewer, the case's details, progress checks
- transitions.py: the stages and the one way to move between them
- clocks.py: the 6-month target, the earliest publication date and the stored RAG
- selectors.py: who sees which case, the case list's filters, the case page's rows
- forms.py, views.py, urls.py: the case list (and its CSV, export.py), the case page and the
  coordinator's forms; pages.py: what every page under a case shares
- documents/: a case's documents and their versions
- involvement/: agency contributions, practitioner events and the family's involvement
- demo.py: the demo cases for `manage.py seed_demo`

The action plan on a case is reviews/actions/."""
