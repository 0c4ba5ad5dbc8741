from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from cscp.accounts.roles import Role


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration (run manage.py makemigrations):\n{out.getvalue()}")


class OneMigration:
    """Reverses and reapplies one migration on its own. `migrate app 0001` would also reverse and
    reapply every migration that depends on it (most of the schema, about half a minute), which is
    not what these tests are about."""

    def __init__(self, app: str, name: str):
        self.executor = MigrationExecutor(connection)
        self.key = (app, name)
        self.migration = self.executor.loader.get_migration(app, name)

    def _state_before(self):
        # Both directions take the project state as it was before the migration (Migration.apply
        # and Migration.unapply say so).
        return self.executor.loader.project_state(self.key, at_end=False)

    def unapply(self):
        self.executor.unapply_migration(self._state_before(), self.migration)

    def apply(self):
        self.executor.apply_migration(self._state_before(), self.migration)

    def recorded(self) -> bool:
        app, name = self.key
        return MigrationRecorder(connection).migration_qs.filter(app=app, name=name).exists()


@pytest.mark.django_db(transaction=True)
def test_the_role_groups_migration_reverses_and_reapplies():
    # No assertion on the starting rows: an earlier transactional test may have flushed them.
    migration = OneMigration("accounts", "0002_role_groups")
    migration.unapply()
    assert not migration.recorded()
    assert not Group.objects.filter(name__in=Role.values).exists()

    migration.apply()
    assert migration.recorded()
    assert set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True)) == set(Role.values)


@pytest.mark.django_db(transaction=True)
def test_the_casework_version_migration_reverses_and_reapplies():
    from django.apps import apps

    from reviews import casework_triggers

    migration = OneMigration("reviews", "0007_caseworkversion")
    migration.unapply()
    assert not migration.recorded()
    assert casework_triggers.tables_with_trigger(connection) == set()

    migration.apply()
    assert migration.recorded()
    # Tables made by later migrations get theirs from post_migrate, as `migrate` sends it.
    from reviews.apps import casework_triggers_reinstalled

    casework_triggers_reinstalled(sender=None, using="default")
    assert set(casework_triggers.casework_tables(apps)) <= casework_triggers.tables_with_trigger(connection)


@pytest.mark.django_db(transaction=True)
def test_the_protected_term_kind_migration_gives_every_existing_term_its_kind():
    from publications.models import ProtectedTerm
    from tests.factories import ReviewCaseFactory

    case = ReviewCaseFactory()
    rows = {
        ("Jane Smith", "child_name"): "name",
        ("2019-03-27", "date_of_birth"): "date",
        ("St Mary's", "school"): "school",
        ("27/03/2019", "manual"): "date",
        ("CR0 1AB", "manual"): "address",
        ("5 Elm Road", "manual"): "address",
        ("Tyler Brooks", "manual"): "name",
    }
    made = {key: ProtectedTerm.objects.create(case=case, term=key[0], source=key[1]) for key in rows}
    migration = OneMigration("publications", "0003_protected_term_kind")
    migration.unapply()
    assert not migration.recorded()
    migration.apply()
    assert migration.recorded()
    for key, kind in rows.items():
        assert ProtectedTerm.objects.get(pk=made[key].pk).kind == kind, key


@pytest.mark.django_db(transaction=True)
def test_the_next_due_migration_gives_every_running_referral_its_earliest_clock():
    from datetime import date

    from cscp.calendar import add_working_days
    from referrals.models import Referral
    from reviews.models import Triage
    from tests.factories import submitted_referral_factory

    # Aware on the Friday before the summer bank holiday.
    untriaged = submitted_referral_factory(incident_date=date(2026, 8, 27), aware_date=date(2026, 8, 28))
    triaged = submitted_referral_factory(status="screening")
    Triage.objects.create(referral=triaged, next_due=date(2027, 1, 4))
    closed = submitted_referral_factory(status="closed")
    Referral.objects.update(next_due=None)  # as before the migration

    OneMigration("reviews", "0008_referral_next_due").apply()

    due = dict(Referral.objects.values_list("pk", "next_due"))
    assert due[untriaged.pk] == add_working_days(date(2026, 8, 28), 5) == date(2026, 9, 7)
    assert due[triaged.pk] == date(2027, 1, 4)
    assert due[closed.pk] is None


@pytest.mark.django_db(transaction=True)
def test_the_step_lateness_migration_dates_each_case_by_its_first_publication():
    from datetime import UTC, date, datetime

    from reviews.models import ReviewCase, ReviewCaseEvent
    from tests.factories import ReviewCaseFactory

    def published(case, at):
        ReviewCaseEvent.objects.create(
            case=case, action="review.published", from_status="pre_publication", to_status="published", at=at
        )

    # 23:30 UTC on 31 May is 00:30 on 1 June in London (summer time): the case's own day.
    late_evening = ReviewCaseFactory(status="published")
    published(late_evening, datetime(2026, 5, 31, 23, 30, tzinfo=UTC))
    twice = ReviewCaseFactory(status="published")  # taken down and published again: the first
    published(twice, datetime(2026, 7, 1, 10, tzinfo=UTC))
    published(twice, datetime(2026, 3, 2, 10, tzinfo=UTC))
    never = ReviewCaseFactory(status="pre_publication")

    migration = OneMigration("reviews", "0009_step_lateness")
    migration.unapply()
    assert not migration.recorded()
    migration.apply()

    published_on = dict(ReviewCase.objects.values_list("pk", "published_on"))
    assert published_on[late_evening.pk] == date(2026, 6, 1)
    assert published_on[twice.pk] == date(2026, 3, 2)
    assert published_on[never.pk] is None
    assert ReviewCase.objects.get(pk=never.pk).final_report_late_reason == ""


@pytest.mark.django_db(transaction=True)
def test_the_approved_texts_migration_keeps_what_the_public_could_read():
    from publications.models import KeyMessages, NationalLearningLink
    from tests.factories import UserFactory

    coordinator = UserFactory(roles=["coordinator"])
    shown = KeyMessages.objects.create(
        year=2024, title="Shown", body="Public.", is_published=True, updated_by=coordinator
    )
    hidden = KeyMessages.objects.create(year=2025, title="Hidden", body="Draft.", updated_by=coordinator)
    link = NationalLearningLink.objects.create(
        title="Panel", url="https://www.gov.uk/panel", description="Reviews"
    )
    migration = OneMigration("publications", "0005_approved_public_texts")
    migration.unapply()
    migration.apply()
    shown, hidden, link = (
        model.objects.get(pk=row.pk)
        for model, row in ((KeyMessages, shown), (KeyMessages, hidden), (NationalLearningLink, link))
    )
    assert (shown.live_title, shown.live_body) == ("Shown", "Public.")
    assert (hidden.is_published, hidden.live_title) == (False, "")
    assert link.is_published and (link.live_title, link.live_url, link.live_description) == (
        "Panel",
        "https://www.gov.uk/panel",
        "Reviews",
    )


@pytest.mark.django_db
def test_every_migration_is_applied_and_none_is_missing():
    # The two tests above reverse one migration at a time; the whole plan must still end where
    # the models are (no migration unapplied, none left to run).
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
