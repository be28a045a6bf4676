"""Search documents: typo tolerance, shortcuts to the filtered listing, unhappy input, query
counts, and on PostgreSQL the GIN plans."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from candidates.factories import CandidacyPageFactory
from elections.factories import OfficeFactory
from search.models import SearchDocument
from search.text import sound_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office(process):
    return OfficeFactory(process=process, governorship=True)


def publish(tree, office, title, **kwargs):
    _, actors = tree
    return CandidacyPageFactory(
        parent=actors["PAN"], office=office, title=title, complete=True, publish=True, **kwargs
    )


@pytest.fixture
def people(tree, office):
    return {
        "briseno": publish(tree, office, "María Briseño Treviño"),
        "jaquez": publish(tree, office, "Luis Jáquez Ramos"),
        "other": publish(tree, office, "Ana López Garzalde"),
    }


def found(client, query):
    return client.get("/buscar/", {"q": query})


def test_spelling_by_ear_shares_a_key():
    assert sound_key("Briseño") == sound_key("brisenio")
    assert sound_key("Jáquez") == sound_key("jakez")
    assert sound_key("Gerardo Vázquez") == sound_key("jerardo basques")
    assert sound_key("Guerra") != sound_key("jerra")


@pytest.mark.parametrize(("query", "who"), [("brisenio", "briseno"), ("jakez", "jaquez")])
def test_misspelt_names_find_the_candidacy_and_are_suggested(client, people, query, who):
    response = found(client, query)
    titles = [c.title for c in response.context["candidacies"]]
    assert titles == [people[who].title]
    assert response.context["suggestions"] == [people[who].title]
    assert "¿Quisiste decir" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize(("query", "who"), [("brisenio", "briseno"), ("jakez", "jaquez")])
def test_misspelt_names_on_postgresql_through_trigrams(client, people, query, who):
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm needs PostgreSQL")
    from search.engine import similar_names

    assert [name for _, name in similar_names(query)] == [people[who].title]
    # A typo the sound key does not absorb: the trigram similarity still finds her.
    assert [name for _, name in similar_names("brisseño trebiño")] == [people["briseno"].title]


def test_documents_follow_publication(tree, office):
    page = publish(tree, office, "Rosa Quintanilla Peña")
    assert SearchDocument.objects.filter(pk=page.pk).exists()
    page.unpublish()
    assert not SearchDocument.objects.filter(pk=page.pk).exists()


def test_pages_published_in_bulk_are_indexed_together(
    tree, office, django_capture_on_commit_callbacks
):
    """candidates.bulk announces its pages in a bulk change: their documents are written when
    it ends, in a fixed number of queries, instead of three queries per page."""
    from candidates.bulk import add_live_children
    from candidates.choices import FormulaRole
    from candidates.models import CandidacyPage

    _, actors = tree

    def load(names):
        pages = [
            CandidacyPage(
                title=name,
                slug=name.lower().replace(" ", "-"),
                office=office,
                party=actors["PAN"].party,
                formula_role=FormulaRole.OWNER,
                registered_age=40,
            )
            for name in names
        ]
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            pages = add_live_children([(actors["PAN"], pages)])
        writes = [q["sql"] for q in captured if '"search_searchdocument"' in q["sql"]]
        return pages, writes

    few, few_writes = load(["Rosa Quintanilla", "Luis Jáquez"])
    many, many_writes = load([f"Persona Cargada {n}" for n in range(6)])
    assert SearchDocument.objects.filter(pk__in=[p.pk for p in few + many]).count() == 8
    assert len(many_writes) == len(few_writes) == 2  # one DELETE, one INSERT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_bulk_load_forgets_the_kept_searches_after_its_documents_are_written(
    tree, office, monkeypatch
):
    """In autocommit the publication batch (publishing.pipeline) runs as the bulk change ends,
    in the same signal as the documents' write: if it ran first, a search answered in between
    would be kept, from the old documents, until the next publication. The documents are
    written first (search's receiver is connected before publishing's)."""
    from candidates.bulk import add_live_children
    from candidates.choices import FormulaRole
    from candidates.models import CandidacyPage
    from publishing import pipeline

    seen = []
    forget = pipeline._forget_public_figures
    monkeypatch.setattr(
        pipeline,
        "_forget_public_figures",
        lambda: seen.append(SearchDocument.objects.count()) or forget(),
    )
    _, actors = tree
    pages = [
        CandidacyPage(
            title=f"Persona Cargada {n}",
            slug=f"persona-cargada-{n}",
            office=office,
            party=actors["PAN"].party,
            formula_role=FormulaRole.OWNER,
            registered_age=40,
        )
        for n in range(3)
    ]
    add_live_children([(actors["PAN"], pages)])
    assert seen == [3]


def test_a_failed_bulk_index_is_logged_not_raised(tree, office, monkeypatch, caplog):
    from django.db import DatabaseError

    from candidates.events import bulk_change
    from search import documents

    def broken(pks):
        raise DatabaseError("conexión perdida")

    page = publish(tree, office, "Rosa Quintanilla Peña")
    monkeypatch.setattr(documents, "refresh", broken)
    with bulk_change():
        documents.candidacy_visibility_changed(None, page)
    assert "rebuild_search_documents" in caplog.text


def test_drafts_are_never_indexed(tree, office, client):
    _, actors = tree
    CandidacyPageFactory(parent=actors["PAN"], office=office, title="Borrador Zafiro")
    assert not SearchDocument.objects.exists()
    assert found(client, "zafiro").context["total"] == 0


def test_a_party_a_district_or_a_municipality_offers_the_filtered_listing(client, people):
    from candidates.filters import public_catalog

    catalog = public_catalog()
    party = catalog["parties"][0]
    links = found(client, party.acronym.lower()).context["filter_links"]
    assert {
        "url": f"/candidaturas/?partido={party.slug}",
        "label": f"Candidaturas de {party.name}",
    } in links
    if catalog["districts"]:
        district = catalog["districts"][0]
        links = found(client, f"Distrito {district.number}").context["filter_links"]
        assert links[0]["url"] == f"/candidaturas/?distrito={district.number}"
    if catalog["municipalities"]:
        municipality, _ = catalog["municipalities"][0]
        links = found(client, f"municipio de {municipality.name}").context["filter_links"]
        assert links[0]["url"] == f"/candidaturas/?municipio={municipality.inegi_code}"
    assert found(client, "Briseño").context["filter_links"] == []


@pytest.mark.parametrize("query", ["", " ", "a", "é", "x" * 500, "!!! & | :* <-> ()", "'\\"])
def test_unhappy_input(client, people, query):
    for url in ("/buscar/", "/buscar/autocompletar/"):
        assert client.get(url, {"q": query}).status_code == 200, (url, query)
    response = found(client, query)
    assert response.context["total"] == 0
    assert len(response.context["search_query"]) <= 200


def test_one_letter_asks_for_more(client, people):
    assert "al menos dos letras" in found(client, "a").content.decode()


def test_query_counts_do_not_grow_with_results(client, tree, office, people):
    def count(url):
        cache.clear()
        # The cached catalog, site root and the like; another query, since a search's hits are
        # kept until the next publication (test_a_search_is_kept_until_the_next_publication).
        client.get("/buscar/?q=calentamiento")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    # Past FEW_RESULTS no sound-alike names are looked for: measure on both sides of it.
    # «Garzalde», not «Garza»: the factories' random Spanish prose can name a Garza (it did in CI).
    urls = ["/buscar/?q=garzalde", "/buscar/?q=brisenio", "/buscar/autocompletar/?q=garzal"]
    before = [count(url) for url in urls]
    for n in range(6):
        publish(tree, office, f"Persona {n} Garzalde Briseño")
    cache.clear()
    middle = [count(url) for url in urls]
    for n in range(6, 30):
        publish(tree, office, f"Persona {n} Garzalde Briseño")
    cache.clear()
    after = [count(url) for url in urls]
    assert found(client, "garzalde").context["total"] == 31
    assert middle == after
    # A query with few results makes one more: the sound-alike names ("¿Quisiste decir…?").
    assert before[0] == after[0] + 1 and before[1:] == after[1:]


@pytest.mark.postgres
def test_search_autocomplete_and_suggestions_use_the_gin_indexes(people):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of GIN indexes needs PostgreSQL")
    from search import engine

    plans = []

    def explain(execute, sql, params, many, context):
        if sql.startswith(("SELECT", "(SELECT", "WITH")) and "search_searchdocument" in sql:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        return execute(sql, params, many, context)

    # Three rows would be read sequentially; the planner is told what 20,000 rows tell it.
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        with connection.execute_wrapper(explain):
            engine.search_ids("seguridad")
            engine.autocomplete_ids("bri", 8)
            engine.similar_names("brisenio")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    assert len(plans) == 3
    # Search: the GIN indexes, or the name order's index walked until the limit (a common
    # word); autocomplete: the shortest names' index first (a common prefix), the GIN index of
    # names when the first ones do not hold enough; suggestions: the trigram index.
    for plan, indexes in zip(
        plans,
        [
            ("search_document_gin", "search_name_vector_gin", "search_document_name_order"),
            ("search_document_short_name_order", "search_name_vector_gin"),
            ("search_name_key_trgm",),
        ],
        strict=True,
    ):
        assert "Seq Scan on search_searchdocument" not in plan, plan
        assert any(index in plan for index in indexes), plan


def searched(client, query):
    return [c.title for c in found(client, query).context["candidacies"]]


def test_a_search_is_kept_until_the_next_publication(
    client, tree, office, people, django_capture_on_commit_callbacks
):
    from candidates.models import CandidacyPage
    from search.documents import refresh

    assert searched(client, "zamarripa") == []
    # A document rewritten with no publication announced is not found by a kept search...
    CandidacyPage.objects.filter(pk=people["jaquez"].pk).update(title="Luis Zamarripa Ramos")
    refresh([people["jaquez"].pk])
    assert searched(client, "zamarripa") == []
    # ...until the next publication, of any candidacy, renews every kept search.
    with django_capture_on_commit_callbacks(execute=True):
        publish(tree, office, "Otra Persona Publicada")
    assert searched(client, "zamarripa") == ["Luis Zamarripa Ramos"]


def test_rebuilt_documents_renew_the_kept_searches(
    client, people, django_capture_on_commit_callbacks
):
    from candidates.models import CandidacyPage
    from search.documents import rebuild

    assert searched(client, "zamarripa") == []
    CandidacyPage.objects.filter(pk=people["jaquez"].pk).update(title="Luis Zamarripa Ramos")
    assert searched(client, "zamarripa") == []
    with django_capture_on_commit_callbacks(execute=True):
        rebuild()
    assert searched(client, "zamarripa") == ["Luis Zamarripa Ramos"]
