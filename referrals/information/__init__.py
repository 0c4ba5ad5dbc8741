"""Answering the Review Group's requests for more information: the referrer answers each
question once, on its own page (issue 4). domain.md §7.1 (local_triage ─info gathered→
awaiting_decision) and design.md §1 (what a referrer does); the Review Group asks, and reads the
answers, on the triage page (reviews)."""
