"""The staff search on PostgreSQL: a name typed without its accents or with a small mistake is
found, each way a name is matched uses an index of referrals/migrations/0005, and the migration
reverses and applies again."""

import pytest
from django.db import connection

from referrals.models import Child
from reviews.search.forms import Terms
from reviews.search.selectors import name_matches, staff_search
from tests.factories import submitted_referral_factory
from tests.test_migrations import OneMigration

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def referral_named(full_name, other_names=""):
    referral = submitted_referral_factory()
    referral.children.update(full_name=full_name, other_names=other_names)
    return referral


def found(text):
    return {hit.reference for hit in staff_search(Terms(text)).referrals}


def test_a_name_spelt_alike_says_so_and_one_found_as_typed_does_not():
    referral_named("Amara Ashworth", other_names="Amara Ashwerth")
    assert [hit.matched for hit in staff_search(Terms("ashwerth")).referrals] == [
        ["Child's name (spelt alike)", "Child's other names"]
    ]


@pytest.mark.parametrize("typed", ["Ashwerth", "Ashworht Amara", "amara ashwoth", "ASHWORTH"])
def test_a_name_with_a_small_typing_mistake_is_found(typed):
    referral = referral_named("Amara Ashworth")
    referral_named("Someone Else")
    assert found(typed) == {referral.reference}


def test_accents_are_ignored_both_ways():
    zoe = referral_named("Zoë Brontë")
    jose = referral_named("Jose Nuñez")
    assert found("zoe bronte") == {zoe.reference}
    assert found("José") == {jose.reference}
    assert found("nunez") == {jose.reference}


def test_other_names_are_matched_the_same_way():
    referral = referral_named("Amara Ashworth", other_names="Mimí Okafor")
    assert found("mimi okafr") == {referral.reference}


def test_a_name_unlike_the_one_typed_is_not_found():
    referral_named("Amara Ashworth")
    assert found("Wilson") == set()
    assert found("Ash Tree") == set()
    # A name that begins the same way is not one spelt alike.
    assert found("Ashwood") == found("Ashwick") == set()


@pytest.mark.parametrize("field", ["full_name", "other_names"])
def test_each_way_of_matching_a_name_uses_its_index(field):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    as_typed, alike = name_matches(field, "Ashworth Amara")
    plan = Child.objects.filter(as_typed | alike).order_by().explain()
    # A BitmapOr of the three: LIKE and strict word similarity on the trigram index, words on the
    # full-text one.
    assert "Seq Scan" not in plan, plan
    assert plan.count(f"child_{field}_trgm_idx") == 2 and f"child_{field}_fts_idx" in plan, plan


def test_the_migration_reverses_and_applies_again():
    migration = OneMigration("referrals", "0005_staff_search_indexes")
    migration.unapply()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'child_%%_idx'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT to_regprocedure('cscp_unaccent(text)')")
        assert cursor.fetchone()[0] is None
    migration.apply()
    referral = referral_named("Zoë Ashworth")
    assert found("zoe ashwrth") == {referral.reference}
