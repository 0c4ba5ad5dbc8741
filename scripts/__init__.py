"""Scripts run from the project root (`python scripts/...`): the asset build, the PDF timing, and
the benchmark (scripts/bench/, which is also the bench settings' Django app)."""
