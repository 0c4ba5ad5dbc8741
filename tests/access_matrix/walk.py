"""Every URL pattern of the project, found by walking the resolver through its includes."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route for an unnamed pattern
    name: str | None  # for reverse(); None when unnamed
    route: str
    admin: bool  # under the Django admin site


def all_patterns() -> list[Pattern]:
    found: list[Pattern] = []
    _walk(get_resolver(), "", None, False, found)
    return found


def _walk(resolver, prefix, namespace, admin, found):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            under_admin = admin or entry.app_name == "admin"
            _walk(entry, prefix + str(entry.pattern), inner, under_admin, found)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            found.append(Pattern(key=name or route, name=name, route=route, admin=admin))
