"""The access matrix (issue 7 §2): every URL pattern of the project, with every role, by GET.

tests/access_matrix/expectations.py says what each role gets from each pattern; a pattern with
no entry there fails this test, and so does an entry for a pattern that no longer exists. The
Django admin is covered by a rule (tests/access_matrix/admin_urls.py). The world
(tests/access_matrix/world.py) holds one object of everything a URL needs. One test per role,
one request per pattern (plus the variants), every mismatch listed at once.

It also checks that no page a role may not see shows the world referral's child's name (a 403
or 404 page included), and that no anonymous response, the public site's included, ever does.

ACCESS_MATRIX_PRINT=/tmp/matrix writes what each role got to /tmp/matrix.<role> (patterns
without an entry are requested too), to help write the row of a new pattern."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.access_matrix import admin_urls
from tests.access_matrix.expectations import (
    EXCLUDED,
    EXPECTED,
    MAY_SEE_THE_CHILD,
    POST_EXPECTED,
    POST_ONLY,
    VARIANTS,
    expected_for,
)
from tests.access_matrix.walk import Pattern, all_patterns
from tests.access_matrix.world import CHILD_NAME, QUERY, ROLES, STAFF, build_world, url_kwargs

pytestmark = pytest.mark.django_db

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
UNLISTED = {"*": ()}  # what an unlisted pattern is expected to answer: nothing passes


def outcome(response):
    """200, 403, 404, 405, 410, ...; "login" for a redirect to sign in; 302 for any other."""
    if response.status_code in (301, 302):
        return "login" if response["Location"].startswith(LOGIN_PATHS) else 302
    return response.status_code


def body(response) -> str:
    # Reading a streamed response to the end closes it (and its file) through the test client.
    # Never response.close() here: that fires request_finished, which closes the connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


@pytest.fixture
def world(settings, referrer, member, coordinator, reviewer, admin_user):
    # Sessions in the (local memory) cache: two fewer queries for each of ~2,000 requests. The
    # matrix tests who gets what, not where a session is kept.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    cache.clear()  # the public site's cache too: nothing from another test's publications
    yield build_world(
        referrer=referrer, member=member, coordinator=coordinator, reviewer=reviewer, admin_user=admin_user
    )
    cache.clear()


def matrix_problems(patterns) -> list[str]:
    """A pattern without an entry, or an entry (or exclusion) for a pattern that is gone."""
    keys = {pattern.key for pattern in patterns}
    unlisted = [p.key for p in patterns if not p.admin and p.key not in EXPECTED and p.key not in EXCLUDED]
    return (
        [
            f"no entry in the matrix for {key!r}: add its row to tests/access_matrix/expectations.py"
            for key in unlisted
        ]
        + [
            f"matrix entry for a pattern that no longer exists: {key!r}"
            for key in EXPECTED
            if key not in keys
        ]
        + [f"excluded pattern that no longer exists: {key!r}" for key in EXCLUDED if key not in keys]
        + [
            f"no POST row for {key!r}, which answers GET with 405"
            for key in POST_ONLY
            if key not in POST_EXPECTED
        ]
        + [
            f"POST row for a pattern that no longer exists: {key!r}"
            for key in POST_EXPECTED
            if key not in keys
        ]
        + [
            f"variant of a pattern that no longer exists: {label!r}"
            for label, v in VARIANTS.items()
            if v[0] not in keys
        ]
    )


def requests_to_make(world, patterns):
    """(label, url, row) for every pattern, the variants and the admin site."""
    kwargs = url_kwargs(world)
    discovering = bool(os.environ.get("ACCESS_MATRIX_PRINT"))
    planned = []
    for pattern in patterns:
        if pattern.key in EXCLUDED:
            continue
        if pattern.admin:
            planned += admin_urls.planned(pattern, world)
        elif pattern.key in EXPECTED or discovering:
            url = (
                reverse(pattern.name, kwargs=kwargs.get(pattern.name))
                if pattern.name
                else "/" + pattern.route
            )
            url += f"?{QUERY[pattern.key]}" if pattern.key in QUERY else ""
            planned.append((pattern.key, url, EXPECTED.get(pattern.key, UNLISTED)))
    for label, (name, variant_kwargs, row) in VARIANTS.items():
        planned.append((label, reverse(name, kwargs=variant_kwargs(world)), row))
    return planned


def posts_to_make(world, patterns):
    """(label, url, row) for the views that answer POST only: their access checks run on POST.
    Last, in the order of POST_EXPECTED (a POST acts: one that signs out or resets the second
    factor comes last)."""
    kwargs = url_kwargs(world)
    by_key = {pattern.key: pattern for pattern in patterns}
    return [
        (f"POST {key}", reverse(by_key[key].name, kwargs=kwargs.get(key)), row)
        for key, row in POST_EXPECTED.items()
        if key in by_key
    ]


def sign_in(client, staff_client_for, world, role):
    if role in STAFF:
        return staff_client_for(world.users[role])  # with a verified second factor
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_url_pattern_answers_each_role_as_the_matrix_says(client, staff_client_for, world, role):
    patterns = all_patterns()
    problems = matrix_problems(patterns)
    client = sign_in(client, staff_client_for, world, role)
    observed = {}
    shown_the_name = []
    for label, url, row in requests_to_make(world, patterns) + posts_to_make(world, patterns):
        response = client.post(url) if label.startswith("POST ") else client.get(url)
        got = observed[label] = outcome(response)
        text = body(response)
        expected = expected_for(row, role)
        if got not in expected:
            problems.append(f"{label} {url}: expected {' or '.join(map(str, expected))}, got {got}")
        if CHILD_NAME in text:
            shown_the_name.append(label)
            if not (role in MAY_SEE_THE_CHILD and got == 200):
                problems.append(f"{label} {url}: the child's name is in the response ({got}) to {role}")
        if role != "anonymous" and "_auth_user_id" not in client.session and label != "POST accounts:logout":
            problems.append(f"{label} {url}: a GET signed {role} out")
            sign_in(client, staff_client_for, world, role)
    if role in MAY_SEE_THE_CHILD and not shown_the_name:
        problems.append(f"no page showed {role} the child's name: the leak check looks for the wrong text")
    if os.environ.get("ACCESS_MATRIX_PRINT"):
        with open(f"{os.environ['ACCESS_MATRIX_PRINT']}.{role}", "w") as out:
            out.writelines(f"{label}\t{got}\n" for label, got in observed.items())
    assert not problems, f"{len(problems)} problem(s) for {role}:\n" + "\n".join(problems)


def test_a_new_pattern_without_a_row_or_a_row_for_a_removed_pattern_fails():
    patterns = all_patterns()
    assert matrix_problems(patterns) == []

    added = Pattern(key="reviews:brand_new", name="reviews:brand_new", route="brand-new/", admin=False)
    assert matrix_problems([*patterns, added]) == [
        "no entry in the matrix for 'reviews:brand_new': add its row to tests/access_matrix/expectations.py"
    ]
    removed = [pattern for pattern in patterns if pattern.key not in ("home", "reviews:close")]
    assert matrix_problems(removed) == [
        "matrix entry for a pattern that no longer exists: 'home'",
        "matrix entry for a pattern that no longer exists: 'reviews:close'",
        "POST row for a pattern that no longer exists: 'reviews:close'",
    ]


# Paths a member of staff reaches before the second factor (cscp/accounts/middleware.py).
BEFORE_THE_SECOND_FACTOR = ("/accounts/login/", "/accounts/logout/", "/accounts/2fa/", "/healthz")


def test_staff_who_have_not_passed_the_second_factor_reach_nothing_else(client, world):
    """Signed in with the password alone: every page but sign-in, sign-out, the second factor
    and the health check sends them to the code page (the admin's included), and none shows
    the child's name."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    coordinator = world.users["coordinator"]
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client.force_login(coordinator)
    problems = []
    for label, url, _row in requests_to_make(world, all_patterns()):
        response = client.get(url)
        text = body(response)
        if CHILD_NAME in text:
            problems.append(f"{label} {url}: the child's name is in the response")
        if url.startswith(BEFORE_THE_SECOND_FACTOR):
            continue
        location = response.get("Location", "") if response.status_code == 302 else ""
        if not location.startswith(reverse("accounts:two_factor_verify") + "?next="):
            problems.append(f"{label} {url}: {response.status_code} {location}, not the code page")
    assert not problems, "\n".join(problems)
