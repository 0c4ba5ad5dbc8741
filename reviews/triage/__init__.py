"""Triage: the Review Group's work on a submitted referral before its decision (domain.md §2.1
steps B to I and §2.2 the local-only track; §3 "Rapid review record fields"; §7.1 the referral's
states from submitted to awaiting decision, withdrawn and merged). The queue with its filters
and CSV export, the triage page, the serious incident notification and its clock, the rapid
review, themes, conflicts of interest, requests for more information, withdrawal and merger,
and the reminders when a clock comes due."""
