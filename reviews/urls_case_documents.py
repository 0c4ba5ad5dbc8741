"""Being written this session."""

urlpatterns = []
