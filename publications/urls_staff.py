"""Coordinators' publication pages under /publications/ (being written)."""

app_name = "publications"
urlpatterns = []
