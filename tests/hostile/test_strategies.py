"""The checks the hostile-input tests rely on: a raw value is caught, an escaped one passes,
and hostile posts keep the form's field names."""

import pytest
from django.http import HttpResponse
from django.utils.html import escape
from hypothesis import given

from tests.hostile.strategies import assert_escaped, encode, hostile_posts

VALUE = "QZX<script>alert(1)</script>XZQ"


def test_a_value_shown_raw_is_caught_and_an_escaped_one_passes():
    with pytest.raises(AssertionError, match="unescaped"):
        assert_escaped({"name": VALUE}, HttpResponse(f"<p>{VALUE}</p>"))
    assert_escaped({"name": VALUE}, HttpResponse(f"<p>{escape(VALUE)}</p>"))


def test_a_lone_surrogate_is_sent_as_the_bytes_a_careless_client_would_send():
    assert encode({"a": "\ud800<"}) == "a=%ED%A0%80%3C"


@given(post=hostile_posts({"title": "ok", "due_0": "1", "due_1": "2", "due_2": "2026"}))
def test_hostile_posts_keep_the_field_names(post):
    assert set(post) == {"title", "due_0", "due_1", "due_2"}
