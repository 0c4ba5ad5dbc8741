"""The public site (domain.md §5.5, the national repository's lists and facets mirrored here, and
§7.3, the publication item on the public site): /reports/ with its search and facets
(search.py), a report's page and its PDFs, /learning/ and the Atom feed (views.py, feeds.py,
urls.py), read as plain data (selectors.py) through the public cache that every change the
public can see makes stale at once (cache.py). No sign-in, only live publications, nothing of
the review case."""
