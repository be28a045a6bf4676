"""HTTP as a headless client expects (validators, 304, CORS, purge of the new URLs) and no
private data in any new resource."""

import json

from django.core.cache import cache

import pytest

from publishing.purge import open_data_batch, shared_paths
from tests.opendata.factories_helpers import answer_identity

from .test_resources import build_site

pytestmark = pytest.mark.django_db

NEW_RESOURCES = [
    "procesos/", "cargos/", "distritos/", "municipios/", "secciones/?limit=100", "partidos/",
    "coaliciones/", "independientes/", "boleta/?seccion=101", "boleta/?municipio=05002",
    "boleta/?municipio=05035&distrito=8", "estadisticas/", "estadisticas/?partido=morena",
    "datos-abiertos/",
]  # fmt: skip


@pytest.fixture
def site(process):
    cache.clear()
    yield build_site(process)
    cache.clear()


def test_conditional_get_answers_304(client, site):
    first = client.get("/api/v2/cargos/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    again = client.get("/api/v2/cargos/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get("/api/v2/cargos/", HTTP_IF_NONE_MATCH='"otro"').status_code == 200
    by_date = client.get("/api/v2/candidaturas/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_etag_changes_when_the_answer_does(client, site):
    before = client.get("/api/v2/boleta/?seccion=101")["ETag"]
    site.rival_d1.unpublish()
    cache.clear()
    after = client.get("/api/v2/boleta/?seccion=101")
    assert after["ETag"] != before
    assert site.rival_d1.title not in after.content.decode()


def test_cors_allows_any_origin_without_credentials_on_the_api_only(client, site):
    origin = "https://redaccion.example"
    response = client.get("/api/v2/partidos/", HTTP_ORIGIN=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v2/partidos/", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    page = client.get("/candidaturas/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in page


def test_publication_purges_the_new_api_urls():
    paths = shared_paths()
    assert "/api/v2/boleta/" in paths and "/api/v2/estadisticas/" in paths
    assert any(url.endswith("/api/v2/datos-abiertos/") for url in open_data_batch().urls)


def test_no_new_resource_leaks_private_data(client, site):
    """Income, unconsented identity, birth date and drafts: nowhere (a candidacy has no private
    contact field; its public e-mail and phone are public by the projection)."""
    answer_identity(site.propietaria, publication=False, statistics=True)
    answer_identity(site.rival_d1, publication=False, statistics=False)
    cache.clear()
    forbidden = [
        site.draft.title,
        site.propietaria.birth_date.isoformat(),
        "fecha_nacimiento",
        "birth",
        "ingreso_mensual",
        "income",
        "autoadscripcion",  # no consented self-identification exists in this site
    ]
    for path in NEW_RESOURCES:
        response = client.get(f"/api/v2/{path}")
        assert response.status_code == 200, path
        body = json.dumps(response.json(), ensure_ascii=False)
        for marker in forbidden:
            assert marker not in body, (path, marker)
    statistics = client.get("/api/v2/estadisticas/").json()
    income = [c for c in statistics["graficas"] if c["slug"] in ("ingresos", "fuente-ingresos")]
    for chart in income:  # two answers: below the threshold, never a figure
        assert all(row["valor"] in (None, 0) for row in chart["filas"]), chart
