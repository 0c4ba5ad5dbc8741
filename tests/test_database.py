"""Guarantees that only PostgreSQL gives: they run in CI, where DATABASE_URL is postgres."""

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from cscp.accounts.models import User

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_it_rejects_an_email_differing_only_in_case_at_the_database_level():
    User.objects.create(email="a@x.example", full_name="First")

    # objects.create bypasses the manager's lower-casing and the form's checks: only the
    # functional unique index accounts_user_email_ci_unique stands in the way.
    with pytest.raises(IntegrityError, match="accounts_user_email_ci_unique"), transaction.atomic():
        User.objects.create(email="A@x.example", full_name="Second")

    assert User.objects.filter(email__iexact="a@x.example").count() == 1


def test_it_keeps_database_connections_open_between_requests():
    assert connection.vendor == "postgresql"
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
