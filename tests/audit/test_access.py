import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.views.generic import DetailView

from cscp.accounts.models import Agency
from cscp.audit.access import AccessLoggedDetailMixin, log_access
from cscp.notifications.models import OutgoingEmail
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _request(user, **extra):
    request = RequestFactory().get("/somewhere/", **extra)
    request.user = user
    return request


def _accesses(obj):
    return LogEntry.objects.get_for_object(obj).filter(action=LogEntry.Action.ACCESS)


def test_it_records_the_actor_and_the_object(coordinator):
    agency = AgencyFactory()
    entry = log_access(_request(coordinator, REMOTE_ADDR="10.1.2.3"), agency)
    entry.refresh_from_db()
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.actor == coordinator
    assert entry.actor_email == coordinator.email
    assert entry.remote_addr == "10.1.2.3"
    assert entry.object_id == agency.pk
    assert entry.object_repr == str(agency)
    assert list(_accesses(agency)) == [entry]


def test_it_records_no_changes(coordinator):
    entry = log_access(_request(coordinator), AgencyFactory())
    assert entry.changes_dict == {}


def test_it_records_each_view(member):
    agency = AgencyFactory()
    log_access(_request(member), agency)
    log_access(_request(member), agency)
    assert _accesses(agency).count() == 2


def test_it_refuses_a_model_auditlog_does_not_record(coordinator):
    message = OutgoingEmail.objects.create(to="a@council.example", template="t", subject="s", body_text="b")
    with pytest.raises(ImproperlyConfigured):
        log_access(_request(coordinator), message)


class AgencyDetail(AccessLoggedDetailMixin, DetailView):
    model = Agency
    template_name = "audit/_history_link.html"


def test_the_detail_view_mixin_logs_each_view(coordinator):
    agency = AgencyFactory()
    response = AgencyDetail.as_view()(_request(coordinator), pk=agency.pk)
    response.render()
    (entry,) = _accesses(agency)
    assert entry.actor == coordinator


def test_the_detail_view_mixin_fetches_the_object_once(coordinator, django_assert_num_queries):
    agency = AgencyFactory()
    request = _request(coordinator)
    # The object, then the access entry (its content type is cached) - no second fetch.
    AgencyDetail.as_view()(request, pk=agency.pk)
    with django_assert_num_queries(2):
        AgencyDetail.as_view()(request, pk=agency.pk)


def test_the_detail_view_mixin_logs_nothing_for_a_missing_record(coordinator):
    from django.http import Http404

    with pytest.raises(Http404):
        AgencyDetail.as_view()(_request(coordinator), pk=999999)
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
