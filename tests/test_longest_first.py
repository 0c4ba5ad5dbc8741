"""The slowest tests are handed out first (tests/conftest.py, longest_first)."""

import pytest

from tests.conftest import longest_first


class Item:
    def __init__(self, name, longest=False):
        self.name, self.longest = name, longest

    def get_closest_marker(self, name):
        return pytest.mark.longest if name == "longest" and self.longest else None


def test_marked_tests_come_first_and_the_rest_keep_their_order():
    items = [Item("a"), Item("b"), Item("journey", longest=True), Item("c"), Item("other", longest=True)]
    assert [item.name for item in longest_first(items)] == ["journey", "other", "a", "b", "c"]


def test_in_the_collected_session_every_marked_test_precedes_every_other(request):
    marked = [item.get_closest_marker("longest") is not None for item in request.session.items]
    assert marked == sorted(marked, reverse=True)
