"""The slowest tests are handed out first (tests/conftest.py, longest_first)."""

import pytest

from tests.conftest import longest_first


class Item:
    def __init__(self, name, longest=False, browser=False):
        self.name, self.longest = name, longest
        self.fixturenames = ["live_server"] if browser else ["db"]

    def get_closest_marker(self, name):
        return pytest.mark.longest if name == "longest" and self.longest else None


def test_marked_tests_come_first_among_their_kind_and_the_rest_keep_their_order():
    items = [
        Item("a"),
        Item("b", longest=True),
        Item("page", browser=True),
        Item("journey", longest=True, browser=True),
        Item("c"),
    ]
    assert [item.name for item in longest_first(items)] == ["b", "a", "c", "journey", "page"]


def test_in_the_collected_session_no_transactional_test_runs_before_a_plain_one(request):
    from tests.conftest import _transactional

    kinds = [_transactional(item) for item in request.session.items]
    assert kinds == sorted(kinds)
