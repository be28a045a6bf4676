"""Contract testing: schemathesis generates requests from docs/openapi.json (valid and invalid
parameters) for every operation; no answer may be a 500, every answer must match the schema
(status documented, body valid, Content-Type JSON)."""

import json
from pathlib import Path

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from candidates.choices import Sex
from tests.opendata.factories_helpers import published

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


APP = get_wsgi_application()
# Not `positive_data_acceptance`: the schema does not yet state every value rule (a filter's
# catalog slugs, `limit` at most 100), so a schema-valid value may rightly get a Spanish 400.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Per operation and mode (schema-valid, then schema-invalid parameters); 14 operations x 2 x 20
# examples keep the run near a minute.
EXAMPLES = 20


def world(tree, offices, district):
    _page, actors = tree
    published(actors["PAN"], offices["gubernatura"], title="Elena Fuzz", sex=Sex.WOMAN)
    published(actors["PRI"], offices["diputacion-mr"], district=district, sex=Sex.NON_BINARY)


def check(case):
    response = case.call(app=APP, base_url="http://testserver")
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"message"} and body["message"], body


@pytest.fixture(autouse=True)
def connection_kept_open():
    """The WSGI app would close the test's database connection after each answer (PostgreSQL
    then refuses the next query of the test's transaction); Django's test client disconnects
    the same handlers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_every_operation_honours_the_contract(tree, offices, district, mode):
    world(tree, offices, district)
    schema = schemathesis.openapi.from_dict(json.loads(COMMITTED.read_text(encoding="utf-8")))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 14
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            check(case)

        try:
            run()
        except Unsatisfiable:
            # An operation without parameters has no invalid request to make.
            assert mode is GenerationMode.NEGATIVE and not operation.definition.raw.get(
                "parameters"
            ), operation.label
