"""Statistics and the monitoring report with two processes in one database (issue #13): each is
about one process, the current one by default and any other (archives too) with `?proceso=`;
figures of two processes are never added up, and small cells are suppressed as before."""

import csv
import io

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q

import pytest

from candidates.choices import Sex
from elections.models import District
from tests.elections.several_processes import COAHUILA, SECOND, load_two_processes
from tests.opendata.factories_helpers import draft, published

pytestmark = pytest.mark.django_db

MONITORING = "/admin/seguimiento/"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site():
    """Coahuila 2023 (an archive): 6 women for the governorship, MORENA. The synthetic 2027
    process (current): 2 men for MR deputies, PAN, and a PES draft."""
    two = load_two_processes()
    coahuila = {o.slug: o for o in two.coahuila.offices.all()}
    second = {o.slug: o for o in two.second.offices.all()}
    district = District.objects.get(process=two.second, number=2)
    for _ in range(6):
        published(two.coahuila_actors["MORENA"], coahuila["gubernatura"], sex=Sex.WOMAN)
    for _ in range(2):
        published(two.second_actors["PAN"], second["diputacion-mr"], district=district, sex=Sex.MAN)
    draft(two.second_actors["PES"], second["diputacion-mr"], district=district, sex=Sex.WOMAN)
    return two


def _sexes(response):
    chart = next(c for c in response.context["charts"] if c["slug"] == "sexo")
    return {row["label"]: row["display"] for row in chart["rows"]}


def test_statistics_default_to_the_current_process_only(client, site):
    response = client.get("/estadisticas/")
    assert response.status_code == 200
    assert response.context["process"] == site.second
    assert response.context["registered_total"] == 3
    assert response.context["published_total"] == 2
    assert {row["label"] for row in response.context["progress"]["by_party"]} == {"PAN", "PES"}
    # Suppression as before, with the process's own smallest cell: 2 men is «< 5».
    assert _sexes(response) == {"Mujer": "< 5", "Hombre": "< 5", "No binario": "< 5"}
    html = response.content.decode()
    assert f'href="/{COAHUILA}/estadisticas/"' in html  # the switcher
    assert "Proceso concluido — archivo" not in html
    assert 'value="gubernatura"' not in html  # the filters are the process's own


def test_statistics_of_an_archived_process_on_request(client, site):
    response = client.get(f"/{COAHUILA}/estadisticas/")
    assert response.status_code == 200
    assert response.context["process"] == site.coahuila
    assert response.context["registered_total"] == response.context["published_total"] == 6
    assert {row["label"] for row in response.context["progress"]["by_party"]} == {"MORENA"}
    assert _sexes(response) == {"Mujer": "6", "Hombre": "< 5", "No binario": "< 5"}
    html = response.content.decode()
    assert "Proceso concluido — archivo" in html
    assert f'href="/{SECOND}/estadisticas/"' in html
    assert f'action="/{COAHUILA}/estadisticas/"' in html
    assert f'href="/{COAHUILA}/estadisticas/avance.csv"' in html
    assert 'value="gubernatura"' in html and 'value="presidencia-municipal"' not in html

    # Filters apply within the process; another process's office is ignored, not mixed in.
    scoped = client.get(f"/{COAHUILA}/estadisticas/?cargo=gubernatura")
    assert scoped.context["active"] == {"cargo": "gubernatura"}
    assert scoped.context["registered_total"] == 6
    assert f'href="/{COAHUILA}/estadisticas/sexo.csv?cargo=gubernatura"' in scoped.content.decode()
    assert f'href="/{COAHUILA}/estadisticas/">Quitar filtros' in scoped.content.decode()
    foreign = client.get(f"/{COAHUILA}/estadisticas/?cargo=diputacion-mr")
    assert foreign.context["registered_total"] == 0  # Coahuila's own MR office: none captured
    assert (
        client.get(f"/{COAHUILA}/estadisticas/?cargo=presidencia-municipal").context["active"] == {}
    )


def test_the_figures_cache_keeps_processes_apart(client, site):
    assert client.get("/estadisticas/").context["registered_total"] == 3
    assert client.get(f"/{COAHUILA}/estadisticas/").context["registered_total"] == 6
    assert client.get(f"/{SECOND}/estadisticas/").context["registered_total"] == 3
    assert client.get("/estadisticas/").context["registered_total"] == 3


def test_chart_csv_of_a_process(client, site):
    response = client.get(f"/{COAHUILA}/estadisticas/avance.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[:3] for row in rows if row[0] == "partido"] == [["partido", "MORENA", "6"]]
    current = client.get("/estadisticas/avance.csv").content.decode("utf-8-sig")
    assert "MORENA" not in current and "PAN" in current


def test_an_unknown_process_is_not_found(client, site):
    assert client.get("/estadisticas/?proceso=no-existe").status_code == 404
    assert client.get("/estadisticas/sexo.csv?proceso=no-existe").status_code == 404
    assert client.get("/no-existe/estadisticas/sexo.csv").status_code == 404


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_user(
        username="root", password="clave-de-prueba-larga-123", is_superuser=True
    )
    client.force_login(user)
    return client


def _monitoring_actors(response):
    return {row["actor"] for row in response.context["rows"]}


def test_monitoring_defaults_to_the_current_process(admin, site):
    response = admin.get(MONITORING)
    assert response.status_code == 200
    assert response.context["process"] == site.second
    assert _monitoring_actors(response) == {"PAN", "PES"}
    assert response.context["totals"]["registered"] == 3
    # Its selects are the process's own: one PAN (the second's), no governorship.
    assert {party.process_id for party in response.context["parties"]} == {site.second.pk}
    assert not response.context["offices"].filter(slug="gubernatura").exists()
    html = response.content.decode()
    assert f'<option value="{SECOND}" selected>' in html
    assert f'<option value="{COAHUILA}">' in html and "(archivo)" in html
    assert 'name="proceso"><option value="">' not in html  # no «Todos»: never a mixed total
    assert f"proceso={SECOND}" in response.context["query"]


def test_monitoring_of_an_archived_process_and_its_exports(admin, site):
    response = admin.get(f"{MONITORING}?proceso={COAHUILA}")
    assert response.status_code == 200
    assert _monitoring_actors(response) == {"MORENA"}
    assert response.context["totals"]["registered"] == 6
    assert "proceso concluido, archivo" in response.content.decode()
    export = admin.get(f"{MONITORING}?proceso={COAHUILA}&formato=csv")
    assert COAHUILA in export["Content-Disposition"]
    text = export.content.decode("utf-8-sig")
    assert "MORENA" in text and "PES" not in text

    # A party id of the other process filters the report down to nothing, never mixes.
    second_pan = site.second.parties.get(acronym="PAN")
    crossed = admin.get(f"{MONITORING}?proceso={COAHUILA}&partido={second_pan.pk}")
    assert crossed.context["rows"] == []


def test_monitoring_refuses_an_unknown_process(admin, site):
    assert admin.get(f"{MONITORING}?proceso=no-existe").status_code == 404
    assert admin.get(f"{MONITORING}?proceso={site.coahuila.pk}").status_code == 404


def test_no_candidacy_is_counted_twice_or_left_out(admin, site):
    """The two processes' reports add up to every candidacy: each is counted in its own."""
    from candidates.models import CandidacyPage

    totals = [
        admin.get(f"{MONITORING}?proceso={slug}").context["totals"]["registered"]
        for slug in (COAHUILA, SECOND)
    ]
    assert totals == [6, 3]
    assert sum(totals) == CandidacyPage.objects.filter(~Q(office=None)).count()
