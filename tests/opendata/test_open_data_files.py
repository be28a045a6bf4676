"""Open-data files: published data only, public fields only, identity only with consent."""

import csv
import hashlib
import json

from django.core.cache import cache
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from candidates.factories import PortraitFactory
from candidates.images import OPEN_PHOTO_SPEC
from opendata import ine
from opendata.publication import publish_open_data, write_open_data

from .factories_helpers import answer_identity, draft, portrait, published

pytestmark = pytest.mark.usefixtures("forget_renditions")


@pytest.fixture
def candidacies(tree, offices):
    """Ana has a photo, Berta none; Carla's draft has one that must never be published."""
    _page, actors = tree
    office = offices["gubernatura"]
    consenting = published(
        actors["PAN"], office, title="Ana Consiente Pública", photo=portrait("foto-ana")
    )
    private = published(actors["PRI"], office, title="Berta Sin Consentimiento")
    unpublished = draft(
        actors["PAN"], office, title="Carla Borrador Secreto", photo=portrait("foto-carla")
    )
    answer_identity(consenting, publication=True)
    answer_identity(private, publication=False)
    answer_identity(unpublished, publication=True)
    return consenting, private, unpublished


@pytest.mark.django_db
def test_files_hold_published_candidacies_only(candidacies, tmp_path):
    consenting, private, unpublished = candidacies
    manifest = write_open_data(tmp_path)
    names = {entry["name"] for entry in manifest["files"]}
    assert names == {
        "candidaturas.csv", "candidaturas.xlsx", "candidaturas.json", "conoceles.xlsx",
        "popolo.json",
    }  # fmt: skip
    for entry in manifest["files"]:
        data = (tmp_path / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["rows"] == 2
        assert entry["generated_at"]

    with open(tmp_path / "candidaturas.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["nombre"] for r in rows} == {consenting.title, private.title}
    assert "fecha_nacimiento" not in rows[0] and "birth_date" not in rows[0]
    raw = "".join((tmp_path / n).read_text(encoding="utf-8-sig") for n in (
        "candidaturas.csv", "candidaturas.json", "popolo.json"))  # fmt: skip
    assert unpublished.title not in raw
    for candidacy in candidacies:
        assert candidacy.birth_date.isoformat() not in raw

    data = json.loads((tmp_path / "candidaturas.json").read_text())
    assert [c["key"] for c in data["campos"]][:2] == ["id", "nombre"]
    popolo = json.loads((tmp_path / "popolo.json").read_text())
    assert len(popolo["persons"]) == 2 and len(popolo["memberships"]) == 2
    assert popolo["organizations"] and popolo["posts"]


@pytest.mark.django_db
def test_photo_url_is_the_profiles_rendition_and_popolo_image(candidacies, tmp_path):
    with_photo, without_photo, unpublished = candidacies
    unpublished.photo.get_rendition(OPEN_PHOTO_SPEC)  # even if an editor's preview made one
    rendition = with_photo.photo.get_rendition(OPEN_PHOTO_SPEC)
    expected = f"http://testserver{rendition.url}"  # WAGTAILADMIN_BASE_URL in test settings
    assert rendition.url.startswith("/media/images/")
    write_open_data(tmp_path)

    with open(tmp_path / "candidaturas.csv", encoding="utf-8-sig") as handle:
        rows = {r["nombre"]: r for r in csv.DictReader(handle)}
    assert rows[with_photo.title]["foto_url"] == expected
    assert rows[without_photo.title]["foto_url"] == ""
    data = json.loads((tmp_path / "candidaturas.json").read_text())
    records = {r["nombre"]: r for r in data["candidaturas"]}
    assert records[with_photo.title]["foto_url"] == expected
    assert records[without_photo.title]["foto_url"] == ""
    assert "foto_url" in [c["key"] for c in data["campos"]]
    book = load_workbook(tmp_path / "candidaturas.xlsx", read_only=True)
    sheet = list(book["candidaturas"].iter_rows(values_only=True))
    column = sheet[0].index("foto_url")
    assert {row[column] for row in sheet[1:]} == {expected, None}
    assert "foto_url" in {row[0] for row in book["diccionario"].iter_rows(values_only=True)}
    persons = {p["name"]: p for p in json.loads((tmp_path / "popolo.json").read_text())["persons"]}
    assert persons[with_photo.title]["image"] == expected
    assert "image" not in persons[without_photo.title]

    draft_stem = unpublished.photo.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    original = with_photo.photo.file.name.rsplit("/", 1)[-1]
    for name in ("candidaturas.csv", "candidaturas.json", "popolo.json"):
        text = (tmp_path / name).read_text(encoding="utf-8-sig")
        assert draft_stem not in text
        assert original not in text  # never the original upload
    ine_book = load_workbook(tmp_path / "conoceles.xlsx", read_only=True)
    for sheet_name in ine_book.sheetnames:  # INE's layout has no photo column
        for row in ine_book[sheet_name].iter_rows(values_only=True):
            assert not any("/media/" in str(cell) for cell in row if cell)


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_photos(tree, offices, tmp_path):
    """Cold rendition cache and one photo per candidacy, so a per-row rendition lookup shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _page, actors = tree
    office = offices["gubernatura"]

    def add(how_many):
        for n in range(how_many):
            published(actors["PAN" if n % 2 else "PRI"], office, photo=PortraitFactory())

    def measure(expected):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            manifest = write_open_data(tmp_path)
        assert {entry["rows"] for entry in manifest["files"]} == {expected}
        with open(tmp_path / "candidaturas.csv", encoding="utf-8-sig") as handle:
            assert all(row["foto_url"] for row in csv.DictReader(handle))
        return len(queries)

    add(10)
    ten = measure(10)
    add(40)
    assert measure(50) == ten


@pytest.mark.django_db
def test_ine_layout_identity_rows_only_with_publication_consent(candidacies, tmp_path):
    consenting, private, _unpublished = candidacies
    write_open_data(tmp_path)
    book = load_workbook(tmp_path / "conoceles.xlsx", read_only=True)
    candidates = list(book[ine.CANDIDATES_SHEET].iter_rows(values_only=True))
    identity = list(book[ine.IDENTITY_SHEET].iter_rows(values_only=True))
    assert list(candidates[0]) == ine.CANDIDATES_COLUMNS
    # INE's 25 columns, then SOBRENOMBRE and ACCION_AFIRMATIVA.
    assert len(candidates[0]) == 27 and len(identity[0]) == 31
    assert list(candidates[0])[25:] == ["SOBRENOMBRE", "ACCION_AFIRMATIVA"]
    assert {r[7] for r in candidates[1:]} == {consenting.title.upper(), private.title.upper()}
    assert [r[7] for r in identity[1:]] == [consenting.title.upper()]
    assert identity[1][11] == "Sí"
    for row in candidates[1:]:
        assert row[3] == ine.NOT_APPLICABLE  # no district for the governorship


@pytest.mark.django_db
def test_grupos_column_only_with_publication_consent(candidacies, tmp_path):
    consenting, private, _ = candidacies
    write_open_data(tmp_path)
    with open(tmp_path / "candidaturas.csv", encoding="utf-8-sig") as handle:
        rows = {r["nombre"]: r for r in csv.DictReader(handle)}
    assert rows[consenting.title]["grupos"]
    assert rows[private.title]["grupos"] == ""


@pytest.mark.django_db
def test_page_lists_files_with_checksums_and_serves_them(candidacies, client, settings):
    manifest = publish_open_data()
    response = client.get(reverse("opendata:page"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    html = response.content.decode()
    for entry in manifest["files"]:
        assert entry["sha256"] in html
        assert reverse("opendata:file", args=[entry["name"]]) in html
    assert "fecha_nacimiento" not in html
    assert "<code>foto_url</code>" in html  # the data dictionary documents the photo column
    download = client.get(reverse("opendata:file", args=["candidaturas.csv"]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == manifest["files"][0]["sha256"]
    assert client.get("/datos-abiertos/archivos/..%2Fmanifest.json").status_code == 404
    assert client.get(reverse("opendata:file", args=["manifest.json"])).status_code == 404
    assert client.get(reverse("opendata:file", args=["otro.csv"])).status_code == 404


@pytest.mark.django_db
def test_publishing_regenerates_the_files(
    tree, offices, settings, django_capture_on_commit_callbacks
):
    from opendata.publication import read_manifest

    _page, actors = tree
    with django_capture_on_commit_callbacks(execute=True):
        published(actors["PAN"], offices["gubernatura"], title="Dora Publicada Ahora")
    manifest = read_manifest()
    assert manifest is not None
    assert manifest["files"][0]["rows"] == 1
