"""Service navigation: the links each role sees in the header."""

from dataclasses import dataclass

from django.urls import reverse

from cscp.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone, signed in or not


# Later features add their entries here, in the order they appear.
NAV_ITEMS = [
    NavItem("Home", "home"),
    NavItem("Reports", "reports:list"),
    NavItem("Learning", "reports:learning"),
    NavItem("My referrals", "referrals:list", frozenset({Role.REFERRER})),
    NavItem("Triage", "reviews:queue", frozenset({Role.MEMBER, Role.COORDINATOR})),
    NavItem("Dashboard", "reviews:dashboard", frozenset({Role.MEMBER, Role.COORDINATOR})),
    NavItem("Review cases", "reviews:case_list", frozenset({Role.MEMBER, Role.COORDINATOR, Role.REVIEWER})),
    NavItem("Actions", "reviews:action_list", frozenset({Role.MEMBER, Role.COORDINATOR})),
    NavItem("Publications", "publications:list", frozenset({Role.MEMBER, Role.COORDINATOR})),
    NavItem("Search", "reviews:search", frozenset({Role.MEMBER, Role.COORDINATOR})),
    NavItem("Themes", "reviews:themes", frozenset({Role.COORDINATOR})),
    NavItem("Allowed email domains", "accounts:domain_list", frozenset({Role.COORDINATOR})),
    NavItem("Admin", "admin:index", frozenset({Role.ADMIN})),
]


def navigation_for(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    items = []
    for item in NAV_ITEMS:
        if item.roles is not None and not (signed_in and user.has_role(*item.roles)):
            continue
        url = reverse(item.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": item.label, "url": url, "current": current})
    # One current item: the closest match (/triage/themes/ is Themes, not also Triage).
    closest = max((entry for entry in items if entry["current"]), key=lambda e: len(e["url"]), default=None)
    for entry in items:
        entry["current"] = entry is closest
    return items
