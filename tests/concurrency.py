"""Running service calls at the same moment, each in its own thread and database connection
(PostgreSQL tests marked `django_db(transaction=True)`)."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from cscp.accounts.roles import Role


@pytest.fixture
def role_groups():
    # Transactional tests flush every table, the role groups of migration accounts/0002 too.
    for role in Role.values:
        Group.objects.get_or_create(name=role)


def run_at_once(calls):
    """Run each callable in its own thread, released together by a barrier. Returns what each
    returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported to the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
