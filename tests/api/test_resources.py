"""The catalog, ballot, statistics and open-data resources: what they answer, and that the ballot
and statistics agree with their pages. Query counts per request: tests/api/test_query_counts.py
(the one table of expected counts)."""

import importlib
import re
from html import unescape

from django.core.cache import cache

import pytest

from candidates.queries import public_candidacies
from elections.factories import IndependentCandidacyFactory
from elections.models import Section, SigladoEntry
from tests.public.conftest import add_candidacies, build_public_site

pytestmark = pytest.mark.django_db

API = "/api/v2/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def build_site(process):
    site = build_public_site(process)
    site.s1 = Section.objects.create(
        process=process, number=101, district=site.d1, municipality=site.acuna
    )
    site.s8 = Section.objects.create(
        process=process, number=802, district=site.d8, municipality=site.torreon
    )
    site.independent = IndependentCandidacyFactory(
        process=process, name="Rosa Independiente", office=site.mr, district=site.d9
    )
    SigladoEntry.objects.create(
        coalition=site.coalition, office=site.mr, district=site.d1, party=site.parties["PAN"]
    )
    return site


@pytest.fixture
def site(process):
    return build_site(process)


def get(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, (path, response.content[:500])
    return response.json()


def test_catalogs_carry_the_keys_candidacies_use(client, site):
    offices = get(client, "cargos/")
    assert offices["meta"]["total_count"] == 3 == len(offices["items"])
    assert {o["id"] for o in offices["items"]} == {site.governorship.pk, site.mr.pk, site.rp.pk}
    mr = next(o for o in offices["items"] if o["id"] == site.mr.pk)
    assert mr["principio"] == "MR" and mr["ambito"] == "distrito"

    districts = get(client, "distritos/")["items"]
    assert [d["numero"] for d in districts] == [1, 8, 9]
    assert districts[0]["municipios"] == [site.acuna.pk]

    municipalities = {m["clave_inegi"]: m for m in get(client, "municipios/")["items"]}
    assert municipalities["05035"]["distritos"] == sorted([site.d8.pk, site.d9.pk])

    coalition = get(client, "coaliciones/")["items"][0]
    assert coalition["partidos"] == sorted(site.parties[p].pk for p in ("PAN", "PRI"))
    assert coalition["siglado"] == [
        {"cargo": site.mr.pk, "distrito": site.d1.pk, "partido": site.parties["PAN"].pk}
    ]
    independent = get(client, "independientes/")["items"][0]
    assert independent == {
        "id": site.independent.pk,
        "nombre": "Rosa Independiente",
        "slug": site.independent.slug,
        "cargo": site.mr.pk,
        "distrito": site.d9.pk,
        "proceso": site.process.pk,
    }
    assert {p["siglas"] for p in get(client, "partidos/")["items"]} >= {"PAN", "PRI", "MORENA"}

    detail = get(client, f"candidaturas/{site.propietaria.pk}/?fields=claves")
    assert detail["claves"] == {
        "proceso": site.process.pk,
        "cargo": site.mr.pk,
        "distrito": site.d1.pk,
        "municipio": None,
        "partido": site.parties["PAN"].pk,
        "coalicion": site.coalition.pk,
        "independiente": None,
    }


def test_processes_give_dates_and_status(client, site):
    processes = get(client, "procesos/")
    assert processes["meta"]["total_count"] == 1
    process = processes["items"][0]
    assert process["id"] == site.process.pk
    assert process["fechas"]["jornada"] == site.process.election_day.isoformat()
    assert isinstance(process["captura_abierta"], bool)
    assert isinstance(process["en_publicacion"], bool)


def test_sections_are_paged_and_filterable(client, site):
    for number in range(900, 930):
        Section.objects.create(
            process=site.process, number=number, district=site.d9, municipality=site.torreon
        )
    page = get(client, "secciones/?limit=5&offset=1")
    assert page["meta"]["total_count"] == 32
    assert [s["numero"] for s in page["items"]] == [802, 900, 901, 902, 903]
    assert page["items"][0]["distrito"] == {"id": site.d8.pk, "numero": 8}
    assert page["items"][0]["municipio"]["clave_inegi"] == "05035"
    only = get(client, f"secciones/?distrito={site.d1.pk}")
    assert [s["numero"] for s in only["items"]] == [101]
    assert get(client, "secciones/?numero=802")["items"][0]["id"] == site.s8.pk
    assert get(client, "secciones/?offset=1000")["items"] == []


@pytest.mark.parametrize(
    "path",
    ["secciones/?distrito=abc", "secciones/?limit=1000", "secciones/?distrito=99999999999",
     "cargos/?limit=2", "partidos/?orden=nombre", "boleta/?seccion=1&x=2",
     "estadisticas/?cargo=no-existe", "datos-abiertos/?format=xml"],
)  # fmt: skip
def test_refusals_are_spanish_json(client, site, path):
    body = get(client, path, status=400)
    assert set(body) == {"message"} and body["message"]


def test_unknown_section_is_a_spanish_404(client, site):
    assert get(client, "boleta/?seccion=4242", status=404) == {
        "message": "No encontramos la sección 4242."
    }


def page_contests(html):
    """[(office id, [card names], total or None)] as the ballot page shows them, in order; the
    total is the one the page prints when it shows only the first cards."""
    contests = []
    for section in re.split(r'<section class="contest" ', html)[1:]:
        office = int(re.search(r'aria-labelledby="contest-(\d+)"', section).group(1))
        names = re.findall(r'class="card__name"[^>]*>\s*<a[^>]*>([^<]+)</a>', section)
        summary = re.search(r"(\d+) candidaturas registradas; aquí están las primeras", section)
        link = re.search(r'<a href="([^"]+)">Ver las', section)
        contests.append(
            (
                office,
                [unescape(name).strip() for name in names],
                int(summary.group(1)) if summary else None,
                unescape(link.group(1)) if link else None,
            )
        )
    return contests


@pytest.mark.parametrize("limit", [24, 1])  # the page's cap, and a cap that truncates
@pytest.mark.parametrize(
    "query",
    [
        "municipio=05002",
        "seccion=101",
        "seccion=802",
        "municipio=05035&distrito=8",
        "",  # nothing chosen yet: the statewide contests
        "municipio=05035",  # the district still to choose: the same
    ],
)
def test_ballot_matches_the_page(client, site, monkeypatch, query, limit):
    """Same contests in the same order, the same first candidacies in the same order, the same
    totals; when the page shows only the first cards, the API says so and its `listado_api`
    gives the rest (the same total)."""
    monkeypatch.setattr(importlib.import_module("candidates.views.ballot"), "CONTEST_LIMIT", limit)
    add_candidacies(site, 3, parties=("PRI",))  # a fourth formula in districts 1, 8 and 9
    cache.clear()
    api = get(client, f"boleta/?{query}")
    html = client.get(f"/mi-boleta/?{query}").content.decode()
    page = page_contests(html)
    assert api["maximo_por_contienda"] == limit
    assert [c["cargo"]["id"] for c in api["contiendas"]] == [office for office, *_ in page]
    assert page, query
    truncated = 0
    for contest, (_office, names, page_total, link) in zip(api["contiendas"], page, strict=True):
        assert [c["nombre"] for c in contest["candidaturas"]] == names
        assert len(names) == min(limit, contest["total"])
        assert contest["completa"] is (page_total is None)
        if page_total is None:
            assert contest["total"] == len(names)
            continue
        truncated += 1
        assert contest["total"] == page_total and link == contest["listado"]
        rest = get(client, contest["listado_api"].removeprefix(API) + "&limit=100&fields=tipo")
        owners = [item for item in rest["items"] if item["tipo"] != "Suplente"]  # as the ballot
        assert len(owners) == page_total
        assert set(names) <= {item["nombre"] for item in owners}
    assert truncated or limit == 24  # the small cap does truncate the district contest
    shown = {c.title for c in public_candidacies()}
    names = [c["nombre"] for contest in api["contiendas"] for c in contest["candidaturas"]]
    assert set(names) <= shown
    assert site.draft.title not in str(api)


def test_ballot_gives_the_substitute_and_asks_for_a_district(client, site):
    ballot = get(client, "boleta/?seccion=101")
    assert ballot["municipio"]["id"] == site.acuna.pk
    assert ballot["distrito"] == {"id": site.d1.pk, "numero": 1}
    district = next(c for c in ballot["contiendas"] if c["cargo"]["id"] == site.mr.pk)
    owner = next(c for c in district["candidaturas"] if c["id"] == site.propietaria.pk)
    assert owner["suplente"]["id"] == site.suplente.pk
    assert owner["claves"]["cargo"] == site.mr.pk
    choice = get(client, "boleta/?municipio=05035")
    assert choice["requiere_distrito"] is True
    assert [d["numero"] for d in choice["distritos"]] == [8, 9]
    assert site.mr.pk not in [c["cargo"]["id"] for c in choice["contiendas"]]
    statewide = get(client, "boleta/")
    assert statewide["municipio"] is None and statewide["distrito"] is None
    assert statewide["requiere_distrito"] is False
    assert [c["cargo"]["id"] for c in statewide["contiendas"]] == [
        c["cargo"]["id"] for c in choice["contiendas"]
    ]
    assert site.mr.pk not in [c["cargo"]["id"] for c in statewide["contiendas"]]


@pytest.mark.parametrize("query", ["", "cargo=gubernatura", "partido=morena"])
def test_statistics_match_the_page(client, site, query):
    from stats.views import _csv_rows  # noqa: PLC2701 - the page's own CSV, the reference

    add_candidacies(site, 12)
    api = get(client, f"estadisticas/?{query}")
    html = client.get(f"/estadisticas/?{query}").content.decode()
    figures = client.get(f"/estadisticas/?{query}").context
    compared = 0
    for chart in api["graficas"]:
        for row in chart["filas"]:
            assert row["reservada"] == (row["valor"] is None)
        if chart["slug"] == "identidad":  # its CSV is the whole table, compared below
            continue
        rows = _csv_rows(figures, chart["slug"])
        assert [[r["etiqueta"], r["mostrado"]] for r in chart["filas"]] == rows[1:]
        compared += 1
    assert compared >= 3
    if api["identidad"]:
        cells = ("si", "no", "prefiero_no_contestar", "sin_respuesta")
        table = [
            [g["etiqueta"]] + [g[c]["mostrado"] for c in cells] for g in api["identidad"]["grupos"]
        ]
        assert table == _csv_rows(figures, "identidad")[1:]
    progress = _csv_rows(figures, "avance")[1:]
    assert progress == [
        [cut, row["etiqueta"], row["registradas"], row["curricular_completo"], row["publicadas"]]
        for cut, key in (("partido", "por_partido"), ("cargo", "por_cargo"))
        for row in api["avance"][key]
    ]
    for key in ("registradas", "curricular_completo", "publicadas"):
        assert f'figure__value">{api["totales"][key]}<' in html


def test_statistics_never_give_a_hidden_value(client, site):
    api = get(client, "estadisticas/")
    sex = next(c for c in api["graficas"] if c["slug"] == "sexo")
    minimum = api["minimo_celda"]
    for row in sex["filas"]:
        if row["valor"] is not None:
            assert row["valor"] == 0 or row["valor"] >= minimum
        else:
            assert row["mostrado"] in (f"< {minimum}", "Reservada")


def test_open_data_index_follows_the_manifest(client, site, settings, tmp_path):
    from opendata.publication import publish_open_data

    assert get(client, "datos-abiertos/")["items"] == [] or True
    settings.MEDIA_ROOT = str(tmp_path)
    manifest = publish_open_data()
    index = get(client, "datos-abiertos/")
    assert index["meta"]["total_count"] == len(manifest["files"]) == len(index["items"])
    for item, entry in zip(index["items"], manifest["files"], strict=True):
        assert item["sha256"] == entry["sha256"] and item["bytes"] == entry["bytes"]
        assert item["url"] == f"/datos-abiertos/archivos/{entry['name']}"
        assert client.get(item["url"]).status_code == 200
