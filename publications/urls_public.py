"""The public site: /reports/, /reports/<slug>/, its PDFs, the feed, /learning/ (being written)."""

app_name = "reports"
urlpatterns = []
