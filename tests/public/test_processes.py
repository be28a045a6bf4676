"""Public pages with two processes in one database: the current one by default at the bare
paths, every process under its own (`/<proceso>/candidaturas/`…, where `?proceso=` redirects),
and a visible notice on every page of the concluded process."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from candidates.factories import CandidacyPageFactory
from candidates.filters import public_catalog
from elections.models import District, Municipality
from tests.elections.several_processes import COAHUILA, SECOND, load_two_processes

pytestmark = pytest.mark.django_db

NOTICE = "Proceso concluido — archivo"


@pytest.fixture
def site():
    """Coahuila 2023 (publication ended in 2023) and the synthetic 2027 process, each with
    published candidacies."""
    two = load_two_processes()
    coahuila_offices = {o.slug: o for o in two.coahuila.offices.all()}
    second_offices = {o.slug: o for o in two.second.offices.all()}
    two.archived = CandidacyPageFactory(
        parent=two.coahuila_actors["MORENA"],
        office=coahuila_offices["gubernatura"],
        title="Archivada Gubernatura Coahuila",
        complete=True,
        publish=True,
    )
    two.current_mr = CandidacyPageFactory(
        parent=two.second_actors["PAN"],
        office=second_offices["diputacion-mr"],
        district=District.objects.get(process=two.second, number=2),
        title="Vigente Diputación Puerto Sur",
        complete=True,
        publish=True,
    )
    two.current_mayor = CandidacyPageFactory(
        parent=two.second_actors["PES"],
        office=second_offices["presidencia-municipal"],
        municipality=Municipality.objects.get(inegi_code="32001"),
        title="Vigente Presidencia Villa Norte",
        complete=True,
        publish=True,
    )
    return two


def test_the_default_listing_is_the_current_process_only(client, site):
    html = client.get("/candidaturas/").content.decode()
    assert "Vigente Diputación Puerto Sur" in html
    assert "Vigente Presidencia Villa Norte" in html
    assert "Archivada Gubernatura Coahuila" not in html
    assert NOTICE not in html
    # Its filters offer the current process's offices, not Coahuila's governorship.
    assert 'value="presidencia-municipal"' in html
    assert 'value="gubernatura"' not in html
    # The switcher links to the archive, marked as such.
    assert f'href="/{COAHUILA}/candidaturas/"' in html
    assert "archivo</span>" in html


def test_the_archive_is_listed_on_request_with_its_notice_and_own_filters(client, site):
    response = client.get(f"/{COAHUILA}/candidaturas/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Archivada Gubernatura Coahuila" in html
    assert "Vigente" not in html
    assert NOTICE in html
    assert 'value="gubernatura"' in html
    assert 'value="presidencia-municipal"' not in html
    # Its form and links stay under the process's path; the switcher leads to the other one's.
    assert f'action="/{COAHUILA}/candidaturas/"' in html
    assert 'name="proceso"' not in html
    assert f'href="/{SECOND}/candidaturas/"' in html
    # Filters apply within the process asked for.
    filtered = client.get(f"/{COAHUILA}/candidaturas/?cargo=gubernatura")
    assert "Archivada Gubernatura Coahuila" in filtered.content.decode()
    assert f'href="/{COAHUILA}/candidaturas/"' in filtered.content.decode()  # «Limpiar filtros»
    foreign = client.get(f"/{COAHUILA}/candidaturas/?cargo=presidencia-municipal")
    assert "Algún filtro no es válido" in foreign.content.decode()


def test_an_unknown_process_is_a_404_never_another_process(client, site):
    assert client.get("/candidaturas/?proceso=no-existe").status_code == 404
    assert client.get("/mi-boleta/?proceso=no-existe").status_code == 404
    assert client.get("/partidos/pan/?proceso=no-existe").status_code == 404
    assert client.get("/no-existe/candidaturas/").status_code == 404
    assert client.get("/no-existe/mi-boleta/").status_code == 404
    assert client.get("/no-existe/estadisticas/").status_code == 404
    assert client.get("/no-existe/partidos/pan/").status_code == 404


def test_unknown_process_paths_leave_nothing_in_the_cache(client, site):
    """A crawler or an attacker walking /<anything>/candidaturas/ must not grow the list of
    cached catalogs (it never expires)."""
    from django.core.cache import cache

    from candidates.filters import CATALOG_KEYS_KEY

    client.get(f"/{COAHUILA}/candidaturas/")
    known = cache.get(CATALOG_KEYS_KEY)
    for n in range(5):
        assert client.get(f"/no-existe-{n}/candidaturas/").status_code == 404
    assert cache.get(CATALOG_KEYS_KEY) == known


def test_the_query_parameter_redirects_to_the_process_path(client, site):
    """`?proceso=` (the form of earlier links) answers with the one URL of that page."""
    cases = {
        f"/candidaturas/?proceso={COAHUILA}&cargo=gubernatura": (
            f"/{COAHUILA}/candidaturas/?cargo=gubernatura"
        ),
        f"/mi-boleta/?municipio=05002&proceso={COAHUILA}": (
            f"/{COAHUILA}/mi-boleta/?municipio=05002"
        ),
        f"/partidos/pan/?proceso={COAHUILA}": f"/{COAHUILA}/partidos/pan/",
        f"/buscar/?q=agua&proceso={SECOND}": f"/{SECOND}/buscar/?q=agua",
        f"/estadisticas/sexo.csv?proceso={COAHUILA}": f"/{COAHUILA}/estadisticas/sexo.csv",
    }
    for old, new in cases.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new


def test_the_current_process_answers_under_its_path_too(client, site):
    bare = client.get("/candidaturas/").content.decode()
    scoped = client.get(f"/{SECOND}/candidaturas/").content.decode()
    for title in ("Vigente Diputación Puerto Sur", "Vigente Presidencia Villa Norte"):
        assert title in bare and title in scoped
    assert f'action="/{SECOND}/candidaturas/"' in scoped
    assert 'action="/candidaturas/"' in bare


def test_the_process_page_and_profiles_link_to_their_own_process(client, site):
    """Links from an archive's pages lead to the archive's listing and party pages, not to the
    current process's pages with the same slug."""
    html = client.get(site.coahuila_page.url).content.decode()
    assert f'href="/{COAHUILA}/candidaturas/"' in html
    assert f'href="/{COAHUILA}/mi-boleta/"' in html
    assert f'href="/{COAHUILA}/estadisticas/"' in html
    actor = client.get(site.coahuila_actors["MORENA"].url).content.decode()
    assert f'href="/{COAHUILA}/partidos/morena/"' in actor
    index = client.get(f"/{COAHUILA}/partidos/").content.decode()
    assert f'href="/{COAHUILA}/partidos/udc/"' in index
    # The main menu stays in the archive, and says where the visitor is.
    assert f'href="/{COAHUILA}/partidos/" aria-current="page"' in index
    assert f'href="/{COAHUILA}/mi-boleta/"' in index
    # The current process's pages keep the bare paths.
    current = client.get(site.current_mr.url).content.decode()
    assert 'href="/candidaturas/"' in current
    assert f'href="/{SECOND}/' not in current and f'href="/{COAHUILA}/' not in current
    assert 'href="/partidos/" aria-current="page"' in client.get("/partidos/").content.decode()
    assert client.get(f"/{COAHUILA}/partidos/udc/").status_code == 200


def test_the_archived_candidacy_page_is_reachable_and_marked(client, site):
    archived = client.get(site.archived.url)
    assert archived.status_code == 200
    assert NOTICE in archived.content.decode()
    current = client.get(site.current_mr.url)
    assert current.status_code == 200
    assert NOTICE not in current.content.decode()
    process_page = client.get(site.coahuila_page.url)
    assert NOTICE in process_page.content.decode()


def test_the_ballot_is_the_current_process_unless_asked(client, site):
    html = client.get("/mi-boleta/").content.decode()
    assert "Villa Norte" in html and "Puerto Sur" in html
    assert "Torreón" not in html  # Coahuila's municipalities belong to the archive
    ballot = client.get("/mi-boleta/?municipio=32003").content.decode()
    assert "Vigente Diputación Puerto Sur" in ballot
    assert "Archivada" not in ballot
    response = client.get(f"/{COAHUILA}/mi-boleta/?municipio=05002")
    archive = response.content.decode()
    assert "Archivada Gubernatura Coahuila" in archive
    assert NOTICE in archive
    assert f'action="/{COAHUILA}/mi-boleta/"' in archive
    # The listing links of an archived contest keep the process.
    assert [
        c.more_url.startswith(f"/{COAHUILA}/candidaturas/?") for c in response.context["contests"]
    ] == [True]


def test_party_pages_show_the_party_of_the_process(client, site):
    current = client.get("/partidos/pan/").content.decode()
    assert "Partido Acción Nacional (Estado Sintético)" in current
    archive = client.get(f"/{COAHUILA}/partidos/pan/").content.decode()
    assert "Partido Acción Nacional (Estado Sintético)" not in archive
    assert "Partido Acción Nacional" in archive and NOTICE in archive
    # A party that exists only in the archive is not in the current process.
    assert client.get("/partidos/udc/").status_code == 404
    assert client.get(f"/{COAHUILA}/partidos/udc/").status_code == 200


def test_the_public_catalog_is_per_process(site):
    current = public_catalog()
    archive = public_catalog(COAHUILA)
    assert current["process"].slug == SECOND
    assert {p.process_id for p in current["parties"]} == {site.second.pk}
    assert {p.process_id for p in archive["parties"]} == {site.coahuila.pk}
    assert {m.inegi_code[:2] for m, _ in current["municipalities"]} == {"32"}
    assert [slug for slug, _, _ in current["processes"]] == [COAHUILA]
    assert archive["processes"] == [(SECOND, site.second.name, False)]


def test_an_archive_listing_costs_the_queries_of_the_current_one(client, site):
    def queries(url):
        client.get(url)  # warm the catalogs and counts
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(f"/{COAHUILA}/candidaturas/") == queries("/candidaturas/")
    assert queries(f"/{COAHUILA}/mi-boleta/?municipio=05002") <= queries(
        "/mi-boleta/?municipio=32003"
    )


def test_search_finds_the_archive_only_when_asked(client, site):
    default = client.get("/buscar/?q=Archivada").content.decode()
    assert "Archivada Gubernatura Coahuila" not in default
    current = client.get("/buscar/?q=Vigente").content.decode()
    assert "Vigente Diputación Puerto Sur" in current
    archive = client.get(f"/{COAHUILA}/buscar/?q=Archivada").content.decode()
    assert "Archivada Gubernatura Coahuila" in archive
    assert NOTICE in archive


def test_home_figures_count_the_current_process_only(site):
    from home.figures import headline_figures

    figures = headline_figures()
    assert figures["total"] == 2
    assert figures["offices"] == 2
