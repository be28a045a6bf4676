"""site_conoceles.precompiled: a query's SQL compiled once, its answers the ORM's own."""

import datetime

from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

import pytest

from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from site_conoceles.precompiled import PrecompiledQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def compilations(monkeypatch):
    calls = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    return calls


@pytest.fixture
def page(tree, offices):
    _, actors = tree
    return CandidacyPageFactory(
        parent=actors["PAN"],
        office=offices["gubernatura"],
        title="Persona Precompilada",
        proposals=[("proposal", {"title": "Agua", "description": "Para todos"})],
    )


def by_slug_and_depth(**values):
    return CandidacyPage.objects.filter(**values).order_by("pk")


def test_instances_are_the_orms_with_their_converters_applied(page, compilations):
    query = PrecompiledQuery("candidates.CandidacyPage", by_slug_and_depth)
    first = query.instances(slug=page.slug, depth=page.depth)
    compiled_at_first = len(compilations)
    with CaptureQueriesContext(connection) as captured:
        again = query.instances(slug=page.slug, depth=page.depth)
    assert len(compilations) == compiled_at_first  # not compiled again
    assert len(captured.captured_queries) == 1  # seen by Django's query hooks
    orm = CandidacyPage.objects.get(pk=page.pk)
    for found in (first, again):
        assert found == [orm] and isinstance(found[0], CandidacyPage)
        found = found[0]
        assert found.title == "Persona Precompilada"
        assert found.first_published_at == orm.first_published_at
        # A StreamField is read through its converter: blocks, not the stored JSON text.
        assert found.proposals[0].value["title"] == "Agua"
        assert found._state.adding is False and found._state.db == "default"
    assert query.instances(slug="no-existe", depth=page.depth) == []


def test_rows_follow_a_date_parameter_as_the_orm_does(page):
    process = page.office.process
    today = datetime.date(2026, 6, 1)

    def unblocked(**values):
        from identity.lifecycle import not_blocked_q

        day = values.pop("today")
        return (
            CandidacyPage.objects.filter(not_blocked_q("", today=day), **values)
            .values_list("pk", "title")
            .order_by()
        )

    query = PrecompiledQuery(CandidacyPage, unblocked)
    process.block_at = today
    process.save(update_fields=["block_at"])
    assert query.rows(pk=page.pk, today=today) == []
    assert query.rows(pk=page.pk, today=today - datetime.timedelta(days=1)) == [
        (page.pk, "Persona Precompilada")
    ]
    assert query.rows(pk=page.pk, today=today) == list(unblocked(pk=page.pk, today=today))


def test_a_lookup_that_transforms_its_value_runs_through_the_orm(page, compilations):
    """`icontains` wraps the value in wildcards: the marker is not the parameter, so nothing is
    kept and the ORM answers, compiled each time."""
    query = PrecompiledQuery(
        CandidacyPage, lambda **values: CandidacyPage.objects.filter(**values).order_by("pk")
    )
    assert query.instances(title__icontains="precompilada") == [page]
    before = len(compilations)
    assert query.instances(title__icontains="PRECOMPILADA") == [page]
    assert len(compilations) > before
    assert query._compiled and all(value is None for value in query._compiled.values())


def test_a_boolean_value_runs_through_the_orm(page):
    query = PrecompiledQuery(
        CandidacyPage, lambda **values: CandidacyPage.objects.filter(**values).order_by("pk")
    )
    assert query.instances(pk=page.pk, live=page.live) == [page]
    assert query.instances(pk=page.pk, live=not page.live) == []
    assert query._compiled and all(value is None for value in query._compiled.values())


def test_a_query_with_select_related_gives_instances_through_the_orm(page):
    query = PrecompiledQuery(
        CandidacyPage,
        lambda **values: CandidacyPage.objects.select_related("office").filter(**values),
    )
    found = query.instances(pk=page.pk)
    assert found == [page] and found[0].office.pk == page.office_id


def test_a_none_value_is_not_run_through_sql_compiled_for_a_value(page):
    """`district_id=None` is `IS NULL` in SQL, not a parameter: each shape is compiled apart."""
    query = PrecompiledQuery(
        CandidacyPage, lambda **values: CandidacyPage.objects.filter(**values).order_by("pk")
    )
    assert page.district_id is None
    assert query.instances(pk=page.pk, district_id=page.office_id) == []  # compiled for ints
    assert query.instances(pk=page.pk, district_id=None) == [page]
    assert query.instances(pk=page.pk, district_id=page.office_id) == []
