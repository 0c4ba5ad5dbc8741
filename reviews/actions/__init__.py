"""Recommendations and action plans (issue 5 §5; domain.md §5.4, and §2.1 T: action plans drawn
up and followed through after reviews): a case's recommendations, the actions that answer them
with their owner, due date, RAG and evidence, the list of every action across the plans, and
the reminders of actions overdue.

- services.py: one service per change to a plan (coordinators only, the case locked)
- selectors.py: the list of every action and its filters
- forms.py, views.py, urls.py: the pages under /reviews/actions/ and /reviews/<reference>/
- reminders.py: the coordinators reminded once of each action newly overdue (reviews/tasks.py)
- demo.py: the demo case in action monitoring

The plan belongs to a review case (reviews/cases/) and is shown on its page."""
