"""Search configuration: Spanish stemming and accents on PostgreSQL, a no-op elsewhere."""

from django.db import connection

import pytest

from candidates.factories import CandidacyPageFactory
from candidates.queries import public_candidacies
from elections.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(tree, process):
    _, actors = tree
    page = CandidacyPageFactory(
        parent=actors["PAN"],
        office=OfficeFactory(process=process, governorship=True),
        title="José Ángel Muñoz Íñiguez",
        complete=True,
        publish=True,
    )
    page.motivation = "Construiremos escuelas y hospitales para las comunidades. " * 8
    page.save_revision().publish()
    return page


def test_search_ignores_accents_and_case(client, candidacy):
    for query in ("jose angel munoz", "JOSÉ ÁNGEL", "iniguez"):
        ids = [c.pk for c in public_candidacies().search(query, operator="and")]
        assert ids == [candidacy.pk], query


def test_autocomplete_ignores_accents(client, candidacy):
    names = [r["name"] for r in client.get("/buscar/autocompletar/?q=jose an").json()["results"]]
    assert names == [candidacy.title]


@pytest.mark.postgres
def test_spanish_stemming_and_configurations_on_postgresql(candidacy):
    if connection.vendor != "postgresql":
        pytest.skip("Spanish stemming needs PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cfgname FROM pg_ts_config WHERE cfgname IN "
            "('spanish_unaccent', 'simple_unaccent') ORDER BY cfgname"
        )
        assert [row[0] for row in cursor.fetchall()] == ["simple_unaccent", "spanish_unaccent"]
    # "escuela" (singular) finds "escuelas"; "comunidad" finds "comunidades".
    for query in ("escuela", "comunidad", "hospital"):
        assert [c.pk for c in public_candidacies().search(query)] == [candidacy.pk], query


@pytest.mark.parametrize(("vendor", "executed"), [("sqlite", False), ("postgresql", True)])
def test_migration_runs_sql_only_on_postgresql(vendor, executed):
    from importlib import import_module
    from unittest import mock

    migration = import_module("search.migrations.0001_spanish_unaccent")
    editor = mock.Mock()
    editor.connection.vendor = vendor
    migration.forward(None, editor)
    migration.backward(None, editor)
    assert editor.execute.called is executed
