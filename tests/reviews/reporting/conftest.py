"""The signed-in clients of tests/reviews/staff_pages.py, for the tests of this folder."""

from tests.reviews.staff_pages import coordinator_client, member_client  # noqa: F401 (fixtures)
