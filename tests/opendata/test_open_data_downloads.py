"""The download view serves the manifest's files, typed and whole, and nothing else."""

import hashlib

from django.urls import reverse

import pytest

from opendata import publication
from opendata.publication import publish_open_data

from .factories_helpers import NAMES

pytestmark = pytest.mark.usefixtures("forget_renditions")


MEDIA_TYPES = {
    "candidaturas.csv": "text/csv; charset=utf-8",
    "candidaturas.json": "application/json",
    "popolo.json": "application/json",
    "candidaturas.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "conoceles.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@pytest.mark.django_db
def test_downloads_have_type_disposition_and_the_manifest_bytes(native, client):
    manifest = publish_open_data()
    assert set(MEDIA_TYPES) == set(NAMES)
    for entry in manifest["files"]:
        response = client.get(reverse("opendata:file", args=[entry["name"]]))
        assert response.status_code == 200
        assert response["Content-Type"] == MEDIA_TYPES[entry["name"]]
        assert response["Content-Disposition"] == f'attachment; filename="{entry["name"]}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert int(response["Content-Length"]) == entry["bytes"]


@pytest.mark.django_db
def test_downloads_refuse_unknown_names_and_traversal(native, client):
    publish_open_data()
    target = publication.public_directory()
    (target / "extra.csv").write_text("no listado")
    base = "/datos-abiertos/archivos/"
    attempts = [
        "manifest.json",
        "extra.csv",
        "otro.csv",
        "CANDIDATURAS.CSV",
        "candidaturas.csv.tmp",
        ".",
        "..",
        "..%2Fmanifest.json",
        "..%2F..%2Fsettings.py",
        "%2e%2e%2fmanifest.json",
        "%2E%2E%2F%2E%2E%2Fdb.sqlite3",
        "..%5Cmanifest.json",
        "..%252Fmanifest.json",
        "archivos%2F..%2Fcandidaturas.csv",
        "%2Fetc%2Fpasswd",
        "candidaturas.csv%00",
        "candidaturas.csv%2F",
        "..;/candidaturas.csv",
        "../../../etc/passwd",
    ]
    for attempt in attempts:
        response = client.get(base + attempt)
        assert response.status_code == 404, attempt
        assert "Content-Disposition" not in response, attempt
    assert client.get(base + "candidaturas.csv").status_code == 200


@pytest.mark.django_db
def test_download_before_any_publication_is_404(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name in NAMES:
        assert client.get(reverse("opendata:file", args=[name])).status_code == 404
    assert client.get(reverse("opendata:page")).status_code == 200
