"""The import refuses unreadable files with a Spanish message and reports bad rows by number."""

from django.core.management import CommandError, call_command

import pytest
import xlrd
from openpyxl import Workbook

from candidates.models import CandidacyPage
from elections.models import ElectoralProcess
from opendata import ine
from opendata.importer import ConocelesImporter

from .factories_helpers import REFERENCE


def small_copy(path, rows=4, break_row=None):
    """The first `rows` people of INE's file as .xlsx, optionally with one broken EDAD."""
    source = xlrd.open_workbook(str(REFERENCE))
    book = Workbook(write_only=True)
    first = source.sheet_by_name(ine.CANDIDATES_SHEET)
    keys = set()
    sheet = book.create_sheet(ine.CANDIDATES_SHEET)
    sheet.append(first.row_values(0))
    for r in range(1, rows + 1):
        values = first.row_values(r)
        keys.add((values[6], values[7]))
        if break_row == r:
            values[9] = "cuarenta"
        sheet.append(values)
    second = source.sheet_by_name(ine.IDENTITY_SHEET)
    sheet = book.create_sheet(ine.IDENTITY_SHEET)
    sheet.append(second.row_values(0))
    for r in range(1, second.nrows):
        values = second.row_values(r)
        if (values[6], values[7]) in keys:
            sheet.append(values)
    book.save(path)
    return path


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present"),
]


def test_not_a_spreadsheet(tmp_path):
    path = tmp_path / "lista.txt"
    path.write_text("hola")
    with pytest.raises(CommandError, match="no es una hoja de cálculo"):
        call_command("import_conoceles", str(path), "--no-progress")
    assert not CandidacyPage.objects.exists()


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "conoceles.xlsx"
    path.write_bytes(b"PK\x03\x04 esto no es un xlsx")
    with pytest.raises(CommandError, match="No se pudo leer"):
        call_command("import_conoceles", str(path), "--no-progress")
    assert not ElectoralProcess.objects.exists()


def test_missing_sheet_or_columns(tmp_path):
    path = tmp_path / "otro.xlsx"
    book = Workbook()
    book.active.title = "Hoja1"
    book.active.append(["NOMBRE", "EDAD"])
    book.save(path)
    with pytest.raises(CommandError, match="no tiene la hoja «CANDIDATOS»"):
        call_command("import_conoceles", str(path), "--no-progress")
    book.active.title = ine.CANDIDATES_SHEET
    book.save(path)
    with pytest.raises(CommandError, match="faltan: PARTIDO_COALICION"):
        call_command("import_conoceles", str(path), "--no-progress")


def test_atomic_import_with_a_bad_row_changes_nothing(tmp_path, capsys):
    path = small_copy(tmp_path / "malo.xlsx", rows=4, break_row=3)
    with pytest.raises(CommandError, match="no se importó ninguna"):
        call_command("import_conoceles", str(path), "--atomic", "--no-progress")
    assert "Hoja CANDIDATOS, fila 4: EDAD debe ser un número entero" in capsys.readouterr().err
    assert not CandidacyPage.objects.exists()
    assert not ElectoralProcess.objects.exists()


def test_without_atomic_good_rows_are_imported_and_bad_ones_reported(tmp_path):
    path = small_copy(tmp_path / "malo.xlsx", rows=4, break_row=2)
    report = ConocelesImporter().run(path)
    assert report.created == 3
    assert report.errors == [
        (ine.CANDIDATES_SHEET, 3, "EDAD debe ser un número entero (se encontró «cuarenta»).")
    ]
    again = ConocelesImporter().run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_changed_cell_updates_only_that_candidacy(tmp_path):
    path = small_copy(tmp_path / "bien.xlsx", rows=3)
    ConocelesImporter().run(path)
    source = xlrd.open_workbook(str(REFERENCE)).sheet_by_name(ine.CANDIDATES_SHEET)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(ine.CANDIDATES_SHEET)
    sheet.append(source.row_values(0))
    for r in range(1, 4):
        values = source.row_values(r)
        if r == 1:
            values[21] = values[21] + " Actualizado."
        sheet.append(values)
    changed = tmp_path / "cambio.xlsx"
    book.save(changed)
    report = ConocelesImporter().run(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    page = CandidacyPage.objects.get(title=source.row_values(1)[7])
    assert page.motivation.endswith(" Actualizado.")
    assert page.live and not page.has_unpublished_changes
