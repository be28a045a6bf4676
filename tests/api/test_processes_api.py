"""The API with two processes in one database: every resource answers for one process, the
current one by default and another with `?proceso=<slug>`; never both in one answer; an unknown
slug is a Spanish 404; `procesos` marks the current one and the archive."""

from django.core.cache import cache

import pytest

from candidates.factories import CandidacyPageFactory
from elections.models import District, Municipality, Office, Section
from tests.elections.several_processes import COAHUILA, SECOND, load_two_processes

pytestmark = pytest.mark.django_db

API = "/api/v2/"


@pytest.fixture
def site():
    """Coahuila 2023 (an archive) and the synthetic 2027 process (current), each with published
    candidacies and one electoral section."""
    cache.clear()
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
    for process, number in ((two.coahuila, 1), (two.second, 2)):
        district = District.objects.filter(process=process).order_by("number").first()
        Section.objects.create(
            process=process,
            number=number,
            district=district,
            municipality=district.municipalities.order_by("pk").first(),
        )
    yield two
    cache.clear()


def get(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, (path, response.content[:500])
    return response.json()


def test_processes_lists_both_marking_the_current_one_and_the_archive(client, site):
    items = {p["slug"]: p for p in get(client, "procesos/")["items"]}
    assert set(items) == {COAHUILA, SECOND}
    assert items[SECOND]["actual"] is True and items[SECOND]["archivo"] is False
    assert items[COAHUILA]["actual"] is False and items[COAHUILA]["archivo"] is True


CATALOGS = ["cargos", "distritos", "municipios", "secciones", "partidos", "coaliciones"]


def catalog_keys(process):
    """The keys of every catalog entry of one process, per resource, from the database."""
    districts = District.objects.filter(process=process)
    return {
        "cargos": set(Office.objects.filter(process=process).values_list("pk", flat=True)),
        "distritos": set(districts.values_list("pk", flat=True)),
        "municipios": set(
            Municipality.objects.filter(inegi_code__startswith=process.state_code).values_list(
                "pk", flat=True
            )
        ),
        "secciones": set(Section.objects.filter(process=process).values_list("pk", flat=True)),
        "partidos": set(process.parties.values_list("pk", flat=True)),
        "coaliciones": set(process.coalitions.values_list("pk", flat=True)),
    }


@pytest.mark.parametrize("resource", CATALOGS)
def test_every_catalog_answers_for_one_process(client, site, resource):
    current = catalog_keys(site.second)[resource]
    archive = catalog_keys(site.coahuila)[resource]
    assert current and archive and not current & archive  # the data can tell them apart

    paging = "limit=100&" if resource == "secciones" else ""

    def keys(process_query):
        return {item["id"] for item in get(client, f"{resource}/?{paging}{process_query}")["items"]}

    default, asked, other = keys(""), keys(f"proceso={SECOND}"), keys(f"proceso={COAHUILA}")
    assert default == asked == current
    assert other == archive


def test_catalog_cross_references_stay_within_the_process(client, site):
    districts = get(client, f"distritos/?proceso={COAHUILA}")["items"]
    municipality_keys = catalog_keys(site.coahuila)["municipios"]
    assert all(set(d["municipios"]) <= municipality_keys for d in districts)
    coahuila_districts = catalog_keys(site.coahuila)["distritos"]
    municipalities = get(client, f"municipios/?proceso={COAHUILA}")["items"]
    assert any(m["distritos"] for m in municipalities)
    assert all(set(m["distritos"]) <= coahuila_districts for m in municipalities)
    for office in get(client, f"cargos/?proceso={COAHUILA}")["items"]:
        assert office["proceso"] == site.coahuila.pk


def test_candidacies_are_the_current_process_unless_asked(client, site):
    default = get(client, "candidaturas/?fields=nombre,claves")
    assert {c["nombre"] for c in default["items"]} == {
        "Vigente Diputación Puerto Sur",
        "Vigente Presidencia Villa Norte",
    }
    assert default["meta"]["total_count"] == 2
    assert {c["claves"]["proceso"] for c in default["items"]} == {site.second.pk}

    archive = get(client, f"candidaturas/?proceso={COAHUILA}&fields=nombre,claves")
    assert [c["nombre"] for c in archive["items"]] == ["Archivada Gubernatura Coahuila"]
    assert archive["meta"]["total_count"] == 1
    # Filters apply within the process asked for; another process's office is refused.
    assert (
        get(client, f"candidaturas/?proceso={COAHUILA}&cargo=gubernatura")["meta"]["total_count"]
        == 1
    )
    refused = get(client, f"candidaturas/?proceso={COAHUILA}&cargo=presidencia-municipal", 400)
    assert refused["message"].startswith("Filtro inválido")


def test_search_stays_within_the_process(client, site):
    assert get(client, "candidaturas/?q=Archivada")["meta"]["total_count"] == 0
    found = get(client, f"candidaturas/?q=Archivada&proceso={COAHUILA}&fields=nombre")
    assert [c["nombre"] for c in found["items"]] == ["Archivada Gubernatura Coahuila"]
    assert get(client, "candidaturas/?q=Vigente")["meta"]["total_count"] == 2


def test_search_keeps_its_match_limit_within_the_process(client, site, monkeypatch):
    """The engine returns its first matches (1,000; one here): those of another process must
    not use them up, or a common word would find nothing in the process asked for."""
    import functools

    from api import views
    from search.engine import search_ids

    CandidacyPageFactory(
        parent=site.coahuila_actors["PAN"],
        office=Office.objects.get(process=site.coahuila, slug="gubernatura"),
        title="Aarón Vigente Archivo",  # first by name, in the archive
        complete=True,
        publish=True,
    )
    monkeypatch.setattr(views, "search_ids", functools.partial(search_ids, limit=1))
    found = get(client, "candidaturas/?q=Vigente&fields=nombre")
    assert found["meta"]["total_count"] == 1
    assert found["items"][0]["nombre"].startswith("Vigente")
    archive = get(client, f"candidaturas/?q=Vigente&proceso={COAHUILA}&fields=nombre")
    assert [c["nombre"] for c in archive["items"]] == ["Aarón Vigente Archivo"]


def test_the_ballot_is_the_current_process_unless_asked(client, site):
    current = get(client, "boleta/?municipio=32001")
    names = {c["nombre"] for contest in current["contiendas"] for c in contest["candidaturas"]}
    assert "Vigente Presidencia Villa Norte" in names
    assert "Archivada Gubernatura Coahuila" not in names
    # Coahuila's municipality is not on the current process's map…
    get(client, "boleta/?municipio=05002", 404)
    # …but is on the archive's, with the archive's contests only.
    archive = get(client, f"boleta/?municipio=05002&proceso={COAHUILA}")
    names = {c["nombre"] for contest in archive["contiendas"] for c in contest["candidaturas"]}
    assert names == {"Archivada Gubernatura Coahuila"}
    assert all(f"proceso={COAHUILA}" in c["listado_api"] for c in archive["contiendas"])


def test_statistics_answer_for_one_process_as_their_page(client, site):
    assert get(client, "estadisticas/")["proceso"] == site.second.pk
    assert get(client, f"estadisticas/?proceso={SECOND}")["proceso"] == site.second.pk
    archive = get(client, f"estadisticas/?proceso={COAHUILA}")
    assert archive["proceso"] == site.coahuila.pk
    assert archive["totales"]["publicadas"] == 1
    assert get(client, "estadisticas/")["totales"]["publicadas"] == 2
    # The archive has its statistics page too (stats.views, under its process's path).
    page = client.get(f"/{COAHUILA}/estadisticas/")
    assert page.status_code == 200
    # A filter of another process is refused, never applied to this one.
    assert get(client, f"estadisticas/?proceso={COAHUILA}&cargo=presidencia-municipal", 400)


@pytest.mark.parametrize(
    "resource",
    [*CATALOGS, "independientes", "candidaturas", "boleta", "estadisticas"],
)
def test_an_unknown_process_is_a_spanish_404_never_another_process(client, site, resource):
    query = "&municipio=32001" if resource == "boleta" else ""
    answer = get(client, f"{resource}/?proceso=no-existe{query}", 404)
    assert answer == {
        "message": "No existe un proceso electoral público «no-existe». "
        "Los procesos y sus «slug» están en /api/v2/procesos/."
    }


def test_a_publication_shows_at_once_in_the_cached_list(
    client, site, django_capture_on_commit_callbacks
):
    """The ordered keys, the total and Last-Modified are cached; the publishing pipeline
    forgets them after the publication commits."""
    before = client.get(API + "candidaturas/")
    assert before.json()["meta"]["total_count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        CandidacyPageFactory(
            parent=site.second_actors["PAN"],
            office=Office.objects.get(process=site.second, slug="diputacion-mr"),
            district=District.objects.get(process=site.second, number=1),
            title="Recién Publicada Norte",
            complete=True,
            publish=True,
        )
    after = client.get(API + "candidaturas/?fields=nombre")
    assert after.json()["meta"]["total_count"] == 3
    assert "Recién Publicada Norte" in {c["nombre"] for c in after.json()["items"]}
    assert after["ETag"] != before["ETag"]


def test_a_view_restriction_leaves_the_cached_list_at_once(
    client, site, django_capture_on_commit_callbacks
):
    """A restricted page is no longer public although nothing was unpublished: the cached keys
    and total are forgotten when the restriction commits (and the rows, read through the public
    projection on every request, never showed it meanwhile)."""
    from wagtail.models import PageViewRestriction

    assert get(client, "candidaturas/")["meta"]["total_count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=site.current_mr, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    answer = get(client, "candidaturas/?fields=nombre")
    assert answer["meta"]["total_count"] == 1
    assert [c["nombre"] for c in answer["items"]] == ["Vigente Presidencia Villa Norte"]
