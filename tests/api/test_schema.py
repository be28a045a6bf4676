"""The OpenAPI schema: served at a stable URL, equal to the committed copy, valid, in Spanish;
the reference page loads only our own static files, without inline script."""

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders

import pytest
from openapi_spec_validator import validate

from public.projection import API_FIELDS

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
RESOURCES = [
    "procesos", "cargos", "distritos", "municipios", "secciones", "partidos", "coaliciones",
    "independientes", "boleta", "estadisticas", "datos-abiertos", "candidaturas",
]  # fmt: skip


def served(client):
    response = client.get("/api/v2/esquema/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    return json.loads(response.content)


def test_served_schema_equals_the_committed_copy(client):
    """A change to the API's contract shows as a diff of docs/openapi.json. To accept one:
    write the served schema with json.dumps(..., ensure_ascii=False, indent=1, sort_keys=True)."""
    assert served(client) == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_schema_is_valid_openapi_and_covers_every_resource(client):
    schema = served(client)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    for name in RESOURCES:
        assert f"/api/v2/{name}/" in schema["paths"], name


def resolved(schema, described):
    """The property with its enum component (drf-spectacular moves enums there) merged in."""
    for part in described.get("allOf", []) + described.get("oneOf", []):
        if "$ref" in part:
            name = part["$ref"].rsplit("/", 1)[1]
            described = {**schema["components"]["schemas"][name], **described}
    return described


def test_every_candidacy_field_is_described_in_spanish_with_its_type(client):
    schema = served(client)
    properties = schema["components"]["schemas"]["Candidatura"]["properties"]
    for field in API_FIELDS:
        described = resolved(schema, properties[field.api_key])
        assert "type" in described or "enum" in described, field.api_key
        assert described["description"].startswith(field.label), field.api_key
    sex = resolved(schema, properties["sexo"])
    assert [v for v in sex["enum"] if v] == ["Mujer", "Hombre", "No binario"]
    assert None in sex["enum"] or sex.get("nullable") or "NullEnum" in json.dumps(sex)
    assert "Persona indígena" in resolved(schema, properties["accion_afirmativa"])["enum"]
    assert "Licenciatura" in resolved(schema, properties["escolaridad"])["enum"]


def test_reference_page_uses_only_own_static_files(client):
    response = client.get("/api/v2/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # no inline script
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source
