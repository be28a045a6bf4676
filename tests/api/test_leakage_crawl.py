"""No private data anywhere in the API: seed marker values, then crawl every endpoint the schema
lists and every address reachable from their answers (every candidacy's detail with `fields=*`,
the ballot of every section and municipality, the statistics under every filter).

Markers: income answers, an unconsented identity answer and badge, a birth date, the e-mail of
the account that captured the candidacy, a never-published draft and the pending (unpublished)
revision of a published candidacy. Controls prove the crawl reads real answers: the published
names and the consented badge are found.
"""

import json
from pathlib import Path

from django.core.cache import cache

import pytest

from identity.models import IdentityQuestionnaire
from tests.opendata.factories_helpers import answer_identity

from .test_resources import build_site

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
API = "/api/v2/"

INCOME_BAND = "De $75,001 a $112,000"
INCOME_SOURCE = "Compañía o empresa registrada, con 5 empleados o más"
BIRTH_STATE = "Baja California Sur"
PRIVATE_EMAIL = "cuenta-privada-marcador@example.org"
PENDING_TEXT = "Marcadorpendiente de un cambio que el instituto aún no revisa."


@pytest.fixture
def seeded(process, django_user_model):
    cache.clear()
    site = build_site(process)
    account = django_user_model.objects.create_user("capturista-marcador", PRIVATE_EMAIL)
    # Unconsented: income, birth state and an indigenous «Sí» (which would be a badge).
    answer_identity(site.propietaria, publication=False, statistics=False)
    IdentityQuestionnaire.objects.filter(candidacy=site.propietaria).update(
        indigenous="Sí",
        income_band=INCOME_BAND,
        income_source=INCOME_SOURCE,
        birth_state=BIRTH_STATE,
    )
    # Consented (the control): the same «Sí» is a public badge for this one.
    answer_identity(site.rival_d1, publication=True, statistics=True)
    IdentityQuestionnaire.objects.filter(candidacy=site.rival_d1).update(indigenous="Sí")
    # A pending change on a published candidacy, saved but not published.
    site.torreon_8.owner = account
    site.torreon_8.save(update_fields=["owner"])
    pending = site.torreon_8.get_latest_revision_as_object()
    pending.motivation = PENDING_TEXT
    pending.public_email = "pendiente-marcador@example.org"
    pending.save_revision(user=account)
    site.propietaria.owner = account
    site.propietaria.save(update_fields=["owner"])
    cache.clear()
    return site


def crawl(client):
    """{path: body text} for every GET address of the API, following ids and catalog keys."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bodies = {}

    def fetch(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        bodies[path] = response.content.decode()
        return response.json()

    listed = [p for p in schema["paths"] if "{" not in p and not p.endswith("/vista-previa/")]
    assert len(listed) >= 12, listed
    for path in listed:
        if path.endswith(("/boleta/", "/estadisticas/")):
            continue  # asked below, once per place and per filter
        query = "?limit=100&fields=*" if path.endswith("/candidaturas/") else ""
        if path.endswith("/secciones/"):
            query = "?limit=100"
        fetch(path + query)

    offset, ids = 0, []
    while True:
        page = fetch(f"{API}candidaturas/?limit=100&offset={offset}&fields=_,id")
        ids += [item["id"] for item in page["items"]]
        offset += 100
        if offset >= page["meta"]["total_count"]:
            break
    for pk in ids:
        fetch(f"{API}candidaturas/{pk}/?fields=*")
        fetch(f"{API}candidaturas/{pk}/")

    fetch(f"{API}boleta/")  # no place: the statewide contests
    for section in fetch(f"{API}secciones/?limit=100")["items"]:
        fetch(f"{API}boleta/?seccion={section['numero']}")
    districts = {d["id"]: d["numero"] for d in fetch(f"{API}distritos/")["items"]}
    for municipality in fetch(f"{API}municipios/")["items"]:
        fetch(f"{API}boleta/?municipio={municipality['clave_inegi']}")
        for district in municipality["distritos"]:
            code, number = municipality["clave_inegi"], districts[district]
            fetch(f"{API}boleta/?municipio={code}&distrito={number}")

    fetch(f"{API}estadisticas/")
    for office in fetch(f"{API}cargos/")["items"]:
        fetch(f"{API}estadisticas/?cargo={office['slug']}")
    for party in fetch(f"{API}partidos/")["items"]:
        fetch(f"{API}estadisticas/?partido={party['slug']}")
    return bodies, ids


def test_no_private_value_in_any_answer(client, seeded):
    site = seeded
    bodies, ids = crawl(client)
    assert site.draft.pk not in ids
    everything = "\n".join(bodies.values())

    # Controls: the crawl saw the published candidacies, the consented badge, the ballot.
    for name in (site.propietaria.title, site.rival_d1.title, site.torreon_8.title):
        assert name in everything
    rival = json.loads(bodies[f"{API}candidaturas/{site.rival_d1.pk}/?fields=*"])
    assert any(b["origen"] == "autoadscripcion" for b in rival["insignias"]), rival["insignias"]
    assert any("/boleta/?seccion=101" in path for path in bodies)

    owner = json.loads(bodies[f"{API}candidaturas/{site.propietaria.pk}/?fields=*"])
    assert all(b["origen"] == "registro" for b in owner["insignias"]), owner["insignias"]

    # Answers, as values of a candidacy (the statistics name every option as a row label).
    answers = [INCOME_BAND, INCOME_SOURCE, BIRTH_STATE, "income", "ingreso_mensual"]
    markers = [
        site.propietaria.birth_date.isoformat(),
        "fecha_nacimiento",
        PRIVATE_EMAIL,
        "capturista-marcador",
        site.draft.title,
        "Marcadorpendiente",
        "pendiente-marcador@example.org",
    ]
    for path, body in bodies.items():
        statistics = "/estadisticas/" in path
        for marker in markers + ([] if statistics else answers):
            assert marker not in body, (path, marker)
        if statistics:  # one person's income is below any threshold: never a figure
            for chart in json.loads(body)["graficas"]:
                if "ingreso" in chart["slug"]:
                    assert all(row["valor"] in (None, 0) for row in chart["filas"]), (path, chart)
