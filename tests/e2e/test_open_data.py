"""A re-user opens /datos-abiertos/, downloads every file from the page and parses it."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from candidates.factories import build_process_tree
from elections.factories import ElectoralProcessFactory, OfficeFactory
from opendata import ine
from opendata.publication import FILES
from tests.opendata.factories_helpers import answer_identity, draft, published


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_download_and_parse_every_open_data_file(page):
    process = ElectoralProcessFactory()
    _process_page, actors = build_process_tree(process)
    office = OfficeFactory(process=process, governorship=True)
    shown = published(actors["PAN"], office, title="Irene Publicada")
    answer_identity(shown, publication=True)
    published(actors["PRI"], office, title="Jorge Publicado")
    draft(actors["PAN"], office, title="Karla Borrador")

    page.goto("/datos-abiertos/")
    assert page.locator("h1").inner_text() == "Datos abiertos"
    parsed = {}
    for item in FILES:
        link = page.locator(f'a[data-file="{item.name}"]')
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == item.name
        data = Path(download.path()).read_bytes()
        card = page.locator(f'[data-file-card="{item.name}"]')
        assert hashlib.sha256(data).hexdigest() in card.inner_text()
        parsed[item.name] = data

    rows = list(csv.DictReader(io.StringIO(parsed["candidaturas.csv"].decode("utf-8-sig"))))
    assert sorted(r["nombre"] for r in rows) == ["Irene Publicada", "Jorge Publicado"]
    book = load_workbook(io.BytesIO(parsed["candidaturas.xlsx"]), read_only=True)
    assert book.sheetnames == ["candidaturas", "diccionario"]
    assert len(list(book["candidaturas"].iter_rows())) == 3
    payload = json.loads(parsed["candidaturas.json"])
    assert len(payload["candidaturas"]) == 2
    ine_book = load_workbook(io.BytesIO(parsed["conoceles.xlsx"]), read_only=True)
    assert ine_book.sheetnames == [ine.CANDIDATES_SHEET, ine.IDENTITY_SHEET]
    identity = list(ine_book[ine.IDENTITY_SHEET].iter_rows(values_only=True))
    assert [r[7] for r in identity[1:]] == ["IRENE PUBLICADA"]
    popolo = json.loads(parsed["popolo.json"])
    assert {p["name"] for p in popolo["persons"]} == {"Irene Publicada", "Jorge Publicado"}
    for data in parsed.values():
        assert b"Karla Borrador" not in data
