"""Live content re-checked (issue 14 §5): what the public can read is checked again; a new hit
emails the coordinators once (what and a link, never the term or a title) and shows on the
dashboard; nothing is withdrawn automatically."""

import pytest
from django.core.management import call_command

from cscp.accounts.models import User
from cscp.notifications.models import OutgoingEmail
from publications.guard import live
from publications.models import KeyMessages, LiveCheck, Publication
from reviews.models import Theme
from tests.factories import UserFactory, submitted_referral_factory
from tests.publications.helpers import live as live_publication

pytestmark = pytest.mark.django_db

NAME = "Priya Natarajan"


@pytest.fixture
def coordinators(db):
    return [UserFactory(roles=["coordinator"]) for _ in range(2)]


def outbox_for_live_hits():
    return OutgoingEmail.objects.filter(template=live.EMAIL_TEMPLATE)


def test_a_name_that_enters_the_register_after_publishing_is_found_and_told_once(coordinators, settings):
    publication = live_publication(
        summary=f"{NAME} helped the review.", mode="summary", mode_reason="Summary only"
    )
    assert live.recheck_all() == 0  # not yet a registered name
    submitted_referral_factory(referrer_name=NAME)
    assert live.recheck_all() == 1
    state = LiveCheck.objects.get(object_id=publication.pk, content_type__model="publication")
    assert state.blocking == 1
    emails = outbox_for_live_hits()
    everyone = User.objects.filter(groups__name="coordinator").count()  # the report's author too
    assert emails.count() == everyone >= len(coordinators)
    email = emails.first()
    text = email.subject + email.body_text + email.body_html
    assert "Priya" not in text and publication.title not in text
    assert f"/publications/{publication.pk}/" in email.body_text
    # Once per hit: the next night says nothing new.
    live.recheck_all()
    assert outbox_for_live_hits().count() == everyone
    # Nothing was taken down.
    publication.refresh_from_db()
    assert publication.status == Publication.Status.LIVE


def test_key_messages_are_checked_as_the_public_reads_them_and_a_theme_too(coordinators):
    submitted_referral_factory(referrer_name=NAME)
    messages = KeyMessages.objects.create(
        year=2026, title="Learning", body=f"Draft naming {NAME}", live_title="Learning", live_body="Approved.",
        is_published=True,
    )  # fmt: skip
    Theme.objects.create(name=f"{NAME} theme", slug="named-theme")  # past the form's check (the admin)
    assert live.recheck_all() == 1  # the theme; the key messages' draft is not public
    KeyMessages.objects.filter(pk=messages.pk).update(live_body=f"Approved, naming {NAME}.")
    assert live.recheck_all() == 2


def test_the_dashboard_lists_live_content_with_hits(coordinators, staff_client_for):
    publication = live_publication(summary=f"{NAME} helped.", mode="summary", mode_reason="Summary only")
    submitted_referral_factory(referrer_name=NAME)
    body = staff_client_for(coordinators[0]).get("/dashboard/").content.decode()
    assert 'data-testid="live-guard"' not in body
    call_command("recheck_live")
    body = staff_client_for(coordinators[0]).get("/dashboard/").content.decode()
    assert 'data-testid="live-guard"' in body and f"Publication {publication.pk}" in body
    assert NAME not in body


def test_the_dashboards_list_costs_the_same_queries_however_many_items_have_hits(
    coordinators, django_assert_num_queries
):
    """Asked on every dashboard request: one query for the checks, one for each kind of item
    (it was one per item: 965 queries a dashboard on the bench's data)."""
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Publication)
    made = [
        live_publication(summary=f"Summary {n}.", mode="summary", mode_reason="Summary only")
        for n in range(6)
    ]
    for publication in made:
        LiveCheck.objects.create(content_type=kind, object_id=publication.pk, blocking=2)
    LiveCheck.objects.create(content_type=kind, object_id=999_999, blocking=1)  # gone since
    with django_assert_num_queries(2):
        listed = live.with_hits()
    assert sorted(item["what"] for item in listed) == sorted(f"Publication {p.pk}" for p in made)


def test_the_dashboard_names_ten_and_counts_the_rest(coordinators, staff_client_for):
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Publication)
    for n in range(12):
        publication = live_publication(summary=f"Summary {n}.", mode="summary", mode_reason="Summary only")
        LiveCheck.objects.create(content_type=kind, object_id=publication.pk, blocking=1)
    body = staff_client_for(coordinators[0]).get("/dashboard/").content.decode()
    assert body.count("protected term (checked") == 10
    assert "And 2 more:" in body and 'href="/publications/"' in body


def test_a_change_of_terms_queues_a_recheck(coordinators, django_capture_on_commit_callbacks, settings):
    live_publication(summary=f"{NAME} helped.", mode="summary", mode_reason="Summary only")
    with django_capture_on_commit_callbacks(execute=True):
        submitted_referral_factory(referrer_name=NAME)  # eager Celery: the queued re-check runs
    assert LiveCheck.objects.filter(blocking=1).exists()


def test_the_guard_has_a_rule_for_every_model_it_is_given():
    from publications.guard import checks
    from publications.models import Render

    with pytest.raises(TypeError):
        checks.check(Render())


def test_a_deployment_with_a_newer_matcher_rechecks_live_content(
    coordinators, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from publications.guard import checks

    publication = live_publication(summary="A review.", mode="summary", mode_reason="Summary only")
    live.recheck_all()
    state = LiveCheck.objects.get(object_id=publication.pk, content_type__model="publication")
    assert state.matcher_version == checks.MATCHER_VERSION
    LiveCheck.objects.update(matcher_version=checks.MATCHER_VERSION - 1)  # checked by the old code
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live.recheck_if_the_matcher_changed()  # what migrate's post_migrate signal calls
    state.refresh_from_db()
    assert state.matcher_version == checks.MATCHER_VERSION
    # Up to date: nothing is queued.
    with django_capture_on_commit_callbacks() as callbacks:
        live.recheck_if_the_matcher_changed()
    assert callbacks == []
