"""Withdrawal: the referrer withdraws a referral before triage starts, or, once it has, asks the
coordinators to withdraw it (with a reason, which the coordinators see). domain.md §7.1 (any
pre-decision state → withdrawn); the coordinators act on a request from the triage page."""
