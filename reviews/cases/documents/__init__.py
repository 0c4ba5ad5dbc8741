"""A review case's documents (issue 5 §3; domain.md §8 Document, §7.2): the terms of
reference, agency reports, drafts, the final report... each kept in every version, uploaded by
coordinators and the appointed reviewer, downloaded only through the case."""
