"""conoceles.xlsx keeps INE's reference layout and conventions; identity rows need consent."""

import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from opendata import ine, publication
from opendata.publication import publish_open_data, write_open_data

from .factories_helpers import REFERENCE, _all_text, _csv, _rows, published

pytestmark = pytest.mark.usefixtures("forget_renditions")


def _reference():
    import xlrd

    return xlrd.open_workbook(str(REFERENCE))


needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present")


@needs_reference
@pytest.mark.django_db
def test_ine_sheets_and_headers_are_the_references(native, tmp_path):
    write_open_data(tmp_path)
    reference = _reference()
    book = load_workbook(tmp_path / "conoceles.xlsx", read_only=True)
    assert book.sheetnames == reference.sheet_names()
    for name in reference.sheet_names():
        header = _rows(tmp_path / "conoceles.xlsx", name)[0]
        expected = reference.sheet_by_name(name).row_values(0)  # trailing space included
        if name == ine.CANDIDATES_SHEET:
            expected += ine.OPTIONAL_COLUMNS  # after INE's 25: alias, affirmative action
        assert header == expected


@needs_reference
@pytest.mark.django_db
def test_ine_cell_types_and_vocabularies_are_the_references(native, tmp_path):
    """Per column, every kind of cell we write (text, number, empty) is one INE writes there, and
    the closed vocabularies take INE's values: a blank NUM_LISTA_O_FORMULA (INE never leaves one)
    or a mixed-case party name would show here."""
    import xlrd

    write_open_data(tmp_path)
    reference = _reference()
    kinds = {xlrd.XL_CELL_TEXT: "text", xlrd.XL_CELL_NUMBER: "number", xlrd.XL_CELL_EMPTY: "empty"}
    for name in reference.sheet_names():
        sheet = reference.sheet_by_name(name)
        rows = _rows(tmp_path / "conoceles.xlsx", name)[1:]
        assert rows, name
        for column in range(sheet.ncols):
            allowed = {kinds[sheet.cell_type(r, column)] for r in range(1, sheet.nrows)}
            ours = {
                "empty" if v in (None, "") else "number" if isinstance(v, int | float) else "text"
                for v in (row[column] for row in rows)
            }
            assert ours <= allowed, (name, sheet.cell_value(0, column), ours, allowed)
        for column in (1, 4, 8, 10):  # CARGO, CIRCUNSCRIPCION, TIPO_CANDIDATO, SEXO
            vocabulary = set(sheet.col_values(column, 1))
            assert {row[column] for row in rows} <= vocabulary, sheet.cell_value(0, column)
        for row in rows:
            assert row[0] == row[0].upper(), "PARTIDO_COALICION in capitals, as INE writes it"
            assert row[3] == ine.NOT_APPLICABLE or re.fullmatch(r"\d+-[A-ZÁÉÍÓÚÑÜ .]+", row[3])
            assert not any(isinstance(v, dt.date | dt.datetime) for v in row)  # ages, no dates


@pytest.mark.django_db
def test_ine_conventions_row_by_row(native, tmp_path):
    write_open_data(tmp_path)
    header, *rows = _rows(tmp_path / "conoceles.xlsx", ine.CANDIDATES_SHEET)
    by_name = {row[7]: dict(zip(header, row, strict=True)) for row in rows}
    governor = by_name["GABRIELA GOBIERNO UNO"]
    assert governor["DISTRITO LOCAL"] == "No aplica"
    assert governor["MUNICIPIO"] == "No aplica"
    assert governor["CIRCUNSCRIPCION"] == "No aplica"
    assert isinstance(governor["EDAD"], int) and governor["EDAD"] == native["governor"].age
    owner, suplente = by_name["PAULA PROPIETARIA TRES"], by_name["SARA SUPLENTE DOS"]
    assert owner["DISTRITO LOCAL"] == suplente["DISTRITO LOCAL"] == "5-MONCLOVA"
    assert (owner["TIPO_CANDIDATO"], suplente["TIPO_CANDIDATO"]) == ("PROPIETARIA", "SUPLENTE")
    # INE's NUM_LISTA_O_FORMULA is one number per fórmula, shared by propietaria and suplente.
    assert isinstance(owner["NUM_LISTA_O_FORMULA"], int)
    assert owner["NUM_LISTA_O_FORMULA"] == suplente["NUM_LISTA_O_FORMULA"]
    numbers = [r["NUM_LISTA_O_FORMULA"] for n, r in by_name.items() if n != "SARA SUPLENTE DOS"]
    assert len(set(numbers)) == len(numbers)
    listed = by_name["RITA LISTA CUATRO"]
    assert listed["NUM_LISTA_O_FORMULA"] == 2
    assert listed["CIRCUNSCRIPCION"] == "1"  # INE: every local RP row is circumscription "1"
    assert listed["DISTRITO LOCAL"] == "No aplica"
    # Answered questionnaire: an empty field reads "No proporcionó" (the e-mail stays blank).
    assert owner["PAGINA_WEB"] == owner["REDES"] == owner["CURSOS"] == "No proporcionó"
    # Untouched questionnaire: INE's blank cells, except TELEFONO and REDES.
    blank = by_name["VICENTE VACÍO CINCO"]
    assert blank["TELEFONO"] == blank["REDES"] == "No proporcionó"
    assert blank["PROPUESTA_1"] is None and blank["ESCOLARIDAD"] is None
    assert blank["SEXO"] == "HOMBRE" and blank["TIPO_CANDIDATO"] == "PROPIETARIO"


@pytest.mark.django_db
def test_ine_identity_rows_only_with_publication_consent(native, tmp_path):
    write_open_data(tmp_path)
    header, *rows = _rows(tmp_path / "conoceles.xlsx", ine.IDENTITY_SHEET)
    assert [row[7] for row in rows] == ["PAULA PROPIETARIA TRES"]  # governor: statistics only
    answers = rows[0][len(ine.REGISTRATION_COLUMNS) :]
    assert answers[0] == "Sí" and answers[1] == "No"  # INE's words for yes/no
    assert answers[2] == " "  # INE's blank identity cell is a single space
    assert answers[17] == answers[18] == " " or "Reservado" in answers[17:19]
    assert header[3] == "DISTRITOLOCAL"


@pytest.mark.django_db
def test_withdrawing_publication_consent_removes_the_identity_row(
    native, settings, django_capture_on_commit_callbacks
):
    from identity.events import announce_visibility_change
    from identity.models import ConsentRecord

    publish_open_data()
    target = publication.public_directory()
    assert len(_rows(target / "conoceles.xlsx", ine.IDENTITY_SHEET)) == 2
    owner = native["owner"]
    with django_capture_on_commit_callbacks(execute=True):
        ConsentRecord.objects.filter(candidacy=owner).update(publication=False)
        announce_visibility_change([owner.pk])
    assert len(_rows(target / "conoceles.xlsx", ine.IDENTITY_SHEET)) == 1
    assert {r["grupos"] for r in _csv(target / "candidaturas.csv")} == {""}


@pytest.mark.django_db
def test_income_answers_are_never_individual(tree, offices, tmp_path):
    from identity.exports import apply_ine_identity_row

    from .factories_helpers import IDENTITY_CELLS

    _page, actors = tree
    person = published(actors["PAN"], offices["gubernatura"], title="Irma Ingresos Once")
    cells = list(IDENTITY_CELLS)
    cells[17], cells[18] = "De $25,001 a $50,000", "Negocio propio"
    apply_ine_identity_row(person, cells)  # all three consents, publication included
    write_open_data(tmp_path)
    text = _all_text(tmp_path)
    assert "$25,001" not in text and "Negocio propio" not in text
    header, row = _rows(tmp_path / "conoceles.xlsx", ine.IDENTITY_SHEET)
    assert row[len(ine.REGISTRATION_COLUMNS) + 17 :][:2] == ["Reservado", "Reservado"]
    assert person.birth_date.isoformat() not in text
