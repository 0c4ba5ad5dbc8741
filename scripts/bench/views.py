from django.shortcuts import render
from django.views.decorators.http import require_safe

from .models import BenchItem


@require_safe
def reference(request):
    """The bare Django page every measured page is compared with: no authentication, one query
    (50 rows joined to their group), the site's own base template around a table of 50 rows."""
    items = BenchItem.objects.select_related("group").order_by("-id")[:50]
    return render(request, "bench/reference.html", {"items": items})
