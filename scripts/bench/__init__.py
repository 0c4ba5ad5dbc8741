"""The benchmark's own app (issue 8), installed only by cscp.bench_settings: the reference page
(`/bench/reference/`: 50 rows of a 10,000-row table with one join, no authentication) and the
marker row that says which version of the seed the bench database holds (app label `bench`).
Beside it, the benchmark itself: run.py (`make bench`), seed.py and profile_page.py."""
