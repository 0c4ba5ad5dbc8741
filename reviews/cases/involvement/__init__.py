"""Who took part in a review (issue 5 §2-§3; domain.md §7.2, in_progress: agency reports,
practitioner events, family engagement): the contributions asked of agencies and their
reminders, practitioner events, and the family's involvement."""
