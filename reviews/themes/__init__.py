"""Themes: the controlled vocabulary that triages, review cases and publications are tagged
with (domain.md §8, Theme: neglect, infants, exploitation, domestic abuse...), managed by
coordinators under /triage/themes/. A theme is never deleted, only retired.

- services.py: adding, renaming, retiring and reinstating a theme
- forms.py, views.py: the coordinators' pages (their URLs are in the queue's, under /triage/)"""
