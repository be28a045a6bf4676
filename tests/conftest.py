"""Fixtures shared by every test module: a process with its page tree, built by the factories."""

from django.core.cache import cache

import pytest

from candidates.factories import build_process_tree
from elections.factories import DistrictFactory, ElectoralProcessFactory, OfficeFactory
from site_conoceles.cache import end_request_values


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Each test starts with an empty shared cache, as a server does after a deployment.

    A test's transaction is rolled back, never committed, so the publishing pipeline's
    on-commit invalidation never runs; without this, a value cached by one test (an API item
    under a primary key the next test's rows reuse) would be served to the next. Nor does it
    inherit the values read once per request by a request that an earlier test left open (one
    whose view raised through the test client): cache versions among them."""
    end_request_values()
    cache.clear()


@pytest.fixture
def process(db):
    return ElectoralProcessFactory()


@pytest.fixture
def tree(process):
    """(process_page, {"PAN": actor_page, "PRI": actor_page})"""
    return build_process_tree(process)


@pytest.fixture
def offices(process):
    return {
        "gubernatura": OfficeFactory(process=process, governorship=True),
        "diputacion-mr": OfficeFactory(process=process),
        "diputacion-rp": OfficeFactory(process=process, proportional=True),
    }


@pytest.fixture
def district(process):
    return DistrictFactory(process=process, number=1, head_town="Acuña")
