"""The replica router: a visitor's reads go to the `replica` alias, everything else to the
primary, and nothing is routed anywhere when no replica is configured."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import RequestFactory, override_settings

from wagtail.models import Page

import pytest

from candidates.models import CandidacyPage
from site_conoceles.db_routers import (
    PublicReadMiddleware,
    ReplicaRouter,
    is_public_request,
    public_read,
)

ROUTERS = ["site_conoceles.db_routers.ReplicaRouter"]
# A second alias for the same test database: what the router picks is what is being tested.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def two_aliases():
    replica = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    with override_settings(
        DATABASES={**settings.DATABASES, "replica": replica}, DATABASE_ROUTERS=ROUTERS
    ):
        yield


def test_public_reads_go_to_the_replica(two_aliases):
    with public_read():
        assert CandidacyPage.objects.all().db == "replica"
        assert Page.objects.all().db == "replica"


def test_reads_outside_a_public_request_stay_on_the_primary(two_aliases):
    # The task worker, management commands and the admin run outside public_read().
    assert CandidacyPage.objects.all().db == "default"


def test_sessions_and_accounts_are_read_from_the_primary_even_on_public_pages(two_aliases):
    from django.contrib.auth import get_user_model

    from django_tasks_db.models import DBTaskResult

    with public_read():
        assert Session.objects.all().db == "default"
        assert get_user_model().objects.all().db == "default"
        assert DBTaskResult.objects.all().db == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_see_the_primary(two_aliases):
    with public_read(), transaction.atomic():
        assert CandidacyPage.objects.all().db == "default"


def test_writes_and_migrations_go_to_the_primary(two_aliases):
    router = ReplicaRouter()
    with public_read():
        assert router.db_for_write(CandidacyPage) == "default"
    assert router.allow_migrate("default", "candidates") is True
    assert router.allow_migrate("replica", "candidates") is False


def test_without_a_replica_everything_reads_the_primary():
    assert "replica" not in settings.DATABASES
    with override_settings(DATABASE_ROUTERS=ROUTERS), public_read():
        assert CandidacyPage.objects.all().db == "default"


@pytest.mark.parametrize(
    ("method", "path", "public"),
    [
        ("GET", "/candidaturas/?partido=PAN", True),
        ("HEAD", "/buscar/?q=agua", True),
        ("GET", "/api/v2/candidaturas/", True),
        ("POST", "/candidaturas/", False),
        ("GET", "/admin/pages/", False),
        ("POST", "/admin/login/", False),
        ("GET", "/salud/", False),
    ],
)
def test_which_requests_are_public_reads(method, path, public):
    request = RequestFactory().generic(method, path)
    assert is_public_request(request) is public


def test_middleware_marks_only_the_request_it_wraps(two_aliases):
    seen = []

    def view(request):
        seen.append(CandidacyPage.objects.all().db)
        return None

    middleware = PublicReadMiddleware(view)
    middleware(RequestFactory().get("/candidaturas/"))
    middleware(RequestFactory().get("/admin/"))
    middleware(RequestFactory().post("/candidaturas/"))
    assert seen == ["replica", "default", "default"]
    assert CandidacyPage.objects.all().db == "default"
