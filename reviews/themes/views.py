"""/triage/themes/: coordinators list, add, rename and retire themes (never delete them)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from ..models import Theme
from . import services
from .forms import ThemeForm


@require_safe
@role_required(Role.COORDINATOR)
def theme_list(request):
    themes = Theme.objects.annotate(uses=Count("triages", distinct=True)).order_by("-is_active", "name")
    return render(request, "reviews/themes/list.html", {"themes": themes})


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def theme_add(request):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(**form.cleaned_data)
        except services.ThemeError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Theme {theme.name} added.")
            return redirect("reviews:themes")
    return render(request, "reviews/themes/form.html", {"form": form, "title": "Add a theme"})


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def theme_change(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    form = ThemeForm(request.POST or None, theme=theme)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(theme=theme, **form.cleaned_data)
        except services.ThemeError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Theme {theme.name} saved.")
            return redirect("reviews:themes")
    return render(
        request, "reviews/themes/form.html", {"form": form, "title": f"Change {theme.name}", "theme": theme}
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def theme_retire(request, slug):
    theme = get_object_or_404(Theme, slug=slug, is_active=True)
    if request.method == "POST":
        services.theme_set_active(theme=theme, active=False)
        messages.success(request, f"Theme {theme.name} retired. Referrals already tagged keep it.")
        return redirect("reviews:themes")
    return render(request, "reviews/themes/retire.html", {"theme": theme})


@require_POST
@role_required(Role.COORDINATOR)
def theme_reinstate(request, slug):
    theme = get_object_or_404(Theme, slug=slug, is_active=False)
    services.theme_set_active(theme=theme, active=True)
    messages.success(request, f"Theme {theme.name} reinstated.")
    return redirect("reviews:themes")
