"""Public pages with two processes in one database: the current one by default, the archive
on request (`?proceso=`), and a visible notice on every page of the concluded process."""

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
    assert f'href="/candidaturas/?proceso={COAHUILA}"' in html
    assert "archivo</span>" in html


def test_the_archive_is_listed_on_request_with_its_notice_and_own_filters(client, site):
    response = client.get(f"/candidaturas/?proceso={COAHUILA}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Archivada Gubernatura Coahuila" in html
    assert "Vigente" not in html
    assert NOTICE in html
    assert 'value="gubernatura"' in html
    assert 'value="presidencia-municipal"' not in html
    assert f'<input type="hidden" name="proceso" value="{COAHUILA}">' in html
    assert f'href="/candidaturas/?proceso={SECOND}"' in html
    # Filters apply within the process asked for.
    filtered = client.get(f"/candidaturas/?proceso={COAHUILA}&cargo=gubernatura")
    assert "Archivada Gubernatura Coahuila" in filtered.content.decode()
    foreign = client.get(f"/candidaturas/?proceso={COAHUILA}&cargo=presidencia-municipal")
    assert "Algún filtro no es válido" in foreign.content.decode()


def test_an_unknown_process_is_a_404_never_another_process(client, site):
    assert client.get("/candidaturas/?proceso=no-existe").status_code == 404
    assert client.get("/mi-boleta/?proceso=no-existe").status_code == 404
    assert client.get("/partidos/pan/?proceso=no-existe").status_code == 404


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
    response = client.get(f"/mi-boleta/?proceso={COAHUILA}&municipio=05002")
    archive = response.content.decode()
    assert "Archivada Gubernatura Coahuila" in archive
    assert NOTICE in archive
    assert f'<input type="hidden" name="proceso" value="{COAHUILA}">' in archive
    # The listing links of an archived contest keep the process.
    assert [f"proceso={COAHUILA}" in c.more_url for c in response.context["contests"]] == [True]


def test_party_pages_show_the_party_of_the_process(client, site):
    current = client.get("/partidos/pan/").content.decode()
    assert "Partido Acción Nacional (Estado Sintético)" in current
    archive = client.get(f"/partidos/pan/?proceso={COAHUILA}").content.decode()
    assert "Partido Acción Nacional (Estado Sintético)" not in archive
    assert "Partido Acción Nacional" in archive and NOTICE in archive
    # A party that exists only in the archive is not in the current process.
    assert client.get("/partidos/udc/").status_code == 404
    assert client.get(f"/partidos/udc/?proceso={COAHUILA}").status_code == 200


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

    assert queries(f"/candidaturas/?proceso={COAHUILA}") == queries("/candidaturas/")
    assert queries(f"/mi-boleta/?proceso={COAHUILA}&municipio=05002") <= queries(
        "/mi-boleta/?municipio=32003"
    )


def test_search_finds_the_archive_only_when_asked(client, site):
    default = client.get("/buscar/?q=Archivada").content.decode()
    assert "Archivada Gubernatura Coahuila" not in default
    current = client.get("/buscar/?q=Vigente").content.decode()
    assert "Vigente Diputación Puerto Sur" in current
    archive = client.get(f"/buscar/?q=Archivada&proceso={COAHUILA}").content.decode()
    assert "Archivada Gubernatura Coahuila" in archive
    assert NOTICE in archive


def test_home_figures_count_the_current_process_only(site):
    from home.figures import headline_figures

    figures = headline_figures()
    assert figures["total"] == 2
    assert figures["offices"] == 2
