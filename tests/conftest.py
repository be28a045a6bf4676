"""Fixtures shared by every test module: a process with its page tree, built by the factories."""

import pytest

from candidates.factories import build_process_tree
from elections.factories import DistrictFactory, ElectoralProcessFactory, OfficeFactory


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
