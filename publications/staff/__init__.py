"""The coordinators' publication pages and services (domain.md §7.3, the publication item's
states, and §5.1-§5.3, what is published): starting a publication from a review case or on its
own and editing it (services.py, editing.py), publishing it by a second coordinator after every
check, scheduling and withdrawing it (publishing.py), the year's key messages (key_messages.py);
the pages (views.py, editing.py, shortcuts.py, urls.py, namespace `publications`), their forms
and reads (forms.py, selectors.py), and the demo publications (demo.py)."""
