"""Coordinators manage the email domains whose holders may register as referrers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from . import services
from .decorators import role_required
from .forms import AllowedDomainForm
from .models import AllowedDomain
from .roles import Role

coordinator_required = role_required(Role.COORDINATOR, Role.ADMIN)


@require_safe
@coordinator_required
def domain_list(request):
    domains = AllowedDomain.objects.select_related("agency", "added_by")
    return render(request, "accounts/domain_list.html", {"domains": domains})


@require_http_methods(["GET", "POST"])
@coordinator_required
def domain_add(request):
    return _domain_form(request, AllowedDomain(), "Add an email domain")


@require_http_methods(["GET", "POST"])
@coordinator_required
def domain_change(request, pk):
    return _domain_form(request, get_object_or_404(AllowedDomain, pk=pk), "Change an email domain")


def _domain_form(request, domain, title):
    form = AllowedDomainForm(request.POST if request.method == "POST" else None, instance=domain)
    if request.method == "POST" and form.is_valid():
        saved = services.allowed_domain_save(domain=form.save(commit=False), by=request.user)
        messages.success(request, f"{saved.domain} is on the allow-list.")
        return redirect("accounts:domain_list")
    return render(request, "accounts/domain_form.html", {"form": form, "title": title, "domain": domain})


@require_http_methods(["GET", "POST"])
@coordinator_required
def domain_remove(request, pk):
    domain = get_object_or_404(AllowedDomain, pk=pk)
    if request.method == "POST":
        disabled = services.allowed_domain_remove(domain=domain, by=request.user)
        messages.success(
            request,
            f"{domain.domain} was removed from the allow-list. {disabled} referrer account(s) disabled.",
        )
        return redirect("accounts:domain_list")
    affected = services.referrers_affected_by_removal(domain)
    return render(request, "accounts/domain_remove.html", {"domain": domain, "affected": affected})
