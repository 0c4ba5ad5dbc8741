"""The PDFs of a publication (domain.md §5.1, what a published report contains, and §5.3,
briefings): the full report and its one-page briefing typeset from the site's templates, or an
uploaded report copied with its metadata replaced (pdf_html.py); each render a Render row made by
the Celery worker, never on a web request, and queued again when its worker dies (services.py);
which PDF is served and whether the current content's are ready (selectors.py)."""
