"""Each process's own open-data files beside the installation's (issue #13: open data per process).

Two processes in one database, each with published candidacies: the installation's files hold
both, each process's folder only its own, the page, the downloads and the API's index answer
per process, and a process whose last candidacy is withdrawn loses its files.
"""

import csv
import io
import json

import pytest

from candidates.models import CandidacyPage
from opendata.publication import process_directory, publish_open_data, read_manifest
from tests.elections.several_processes import COAHUILA, SECOND
from tests.public.test_processes import site  # noqa: F401 (the two-process fixture)

pytestmark = pytest.mark.django_db

ARCHIVED = "Archivada Gubernatura Coahuila"
CURRENT = ("Vigente Diputación Puerto Sur", "Vigente Presidencia Villa Norte")


def names_in_csv(content):
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return {row["nombre"] for row in rows}


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def test_each_process_gets_its_own_files_and_the_installation_keeps_all(client, site):  # noqa: F811
    publish_open_data()

    everything = names_in_csv(download(client, "/datos-abiertos/archivos/candidaturas.csv"))
    assert everything == {ARCHIVED, *CURRENT}
    coahuila = download(client, f"/datos-abiertos/archivos/procesos/{COAHUILA}/candidaturas.csv")
    second = download(client, f"/datos-abiertos/archivos/procesos/{SECOND}/candidaturas.csv")
    assert names_in_csv(coahuila) == {ARCHIVED}
    assert names_in_csv(second) == set(CURRENT)
    popolo = json.loads(
        download(client, f"/datos-abiertos/archivos/procesos/{COAHUILA}/popolo.json")
    )
    assert ARCHIVED in json.dumps(popolo, ensure_ascii=False)
    assert CURRENT[0] not in json.dumps(popolo, ensure_ascii=False)
    assert read_manifest(SECOND)["files"][0]["rows"] == 2


def test_the_page_and_the_api_answer_per_process(client, site):  # noqa: F811
    publish_open_data()

    html = client.get("/datos-abiertos/").content.decode()
    assert 'href="/datos-abiertos/archivos/candidaturas.csv"' in html
    assert f'href="/{COAHUILA}/datos-abiertos/"' in html
    assert f'href="/{SECOND}/datos-abiertos/"' in html
    html = client.get(f"/{COAHUILA}/datos-abiertos/").content.decode()
    assert f'href="/datos-abiertos/archivos/procesos/{COAHUILA}/candidaturas.csv"' in html
    assert 'aria-current="page"' in html
    assert client.get("/datos-abiertos/?proceso=no-existe").status_code == 404
    assert client.get("/no-existe/datos-abiertos/").status_code == 404
    redirect = client.get(f"/datos-abiertos/?proceso={COAHUILA}")
    assert (redirect.status_code, redirect["Location"]) == (301, f"/{COAHUILA}/datos-abiertos/")

    everything = client.get("/api/v2/datos-abiertos/").json()
    assert everything["items"][0]["url"] == "/datos-abiertos/archivos/candidaturas.csv"
    own = client.get(f"/api/v2/datos-abiertos/?proceso={SECOND}").json()
    urls = {item["url"] for item in own["items"]}
    assert f"/datos-abiertos/archivos/procesos/{SECOND}/candidaturas.csv" in urls
    assert {item["filas"] for item in own["items"] if item["nombre"] == "candidaturas.csv"} == {2}
    missing = client.get("/api/v2/datos-abiertos/?proceso=no-existe")
    assert missing.status_code == 404 and "no-existe" in missing.json()["message"]


def test_no_path_from_the_url_reaches_the_disk(client, site):  # noqa: F811
    publish_open_data()
    for url in (
        "/datos-abiertos/archivos/procesos/no-existe/candidaturas.csv",
        f"/datos-abiertos/archivos/procesos/{SECOND}/manifest.json",
        f"/datos-abiertos/archivos/procesos/{SECOND}/..%2F..%2Fcandidaturas.csv",
        "/datos-abiertos/archivos/procesos/..%2F/candidaturas.csv",
    ):
        assert client.get(url).status_code == 404, url
    assert process_directory("../etc") is None and process_directory("") is None


def test_a_process_whose_last_candidacy_is_withdrawn_loses_its_files(client, site):  # noqa: F811
    publish_open_data()
    folder = process_directory(COAHUILA)
    assert (folder / "candidaturas.csv").is_file()

    CandidacyPage.objects.get(pk=site.archived.pk).unpublish()
    publish_open_data()

    assert not folder.exists()
    url = f"/datos-abiertos/archivos/procesos/{COAHUILA}/candidaturas.csv"
    assert client.get(url).status_code == 404
    assert ARCHIVED not in download(client, "/datos-abiertos/archivos/candidaturas.csv").decode(
        "utf-8-sig"
    )
    # The one process left: its folder holds the installation's files, hard-linked.
    second = process_directory(SECOND) / "candidaturas.csv"
    installation = second.parents[2] / "candidaturas.csv"
    assert second.read_bytes() == installation.read_bytes()
    assert second.stat().st_ino == installation.stat().st_ino
