"""INE's whole reference file: import, export in INE's layout, compare cell by cell.

Normalizations, each one something INE itself is inconsistent about or a format limit:
- TIPO_CANDIDATO on CANDIDATOS: INE labels women suplentes PROPIETARIA there while its identity
  sheet says SUPLENTE; the identity sheet is taken as the truth.
- ESTATUS_ESCOLARIDAD: INE's form wrote both "Trunca" and "Trunco"; we write "Trunco".
- Line ends: XLSX (XML) turns CR LF into LF when read, so "\\r\\n" compares as "\\n".
- Identity items 18–19 (income): never published individually (DOMAIN §5); an answered cell is
  exported as "Reservado", a blank cell stays blank.
- Identity rows whose twenty answers are all blank (153 people who answered nothing): INE lists
  them; we write identity rows only for people with publication consent, and nobody consents to
  publishing nothing, so those rows are expected to be absent.
- Numbers: xlrd reads every number as float (236787.0); compared as integers.
"""

from django.core.management import call_command

import pytest
import xlrd
from openpyxl import load_workbook

from candidates.models import CandidacyPage
from opendata import ine
from opendata.writing.ine_layout import write_ine_xlsx

from .factories_helpers import REFERENCE

INCOME_COLUMNS = (28, 29)

pytestmark = pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present")


def cell(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def reference_sheets():
    book = xlrd.open_workbook(str(REFERENCE))
    return {
        name: [[cell(v) for v in book.sheet_by_name(name).row_values(r)]
               for r in range(book.sheet_by_name(name).nrows)]
        for name in (ine.CANDIDATES_SHEET, ine.IDENTITY_SHEET)
    }  # fmt: skip


def key(row):
    return (row[2], row[6], row[7])


def expected_rows(sheets):
    identity = {key(r): r for r in sheets[ine.IDENTITY_SHEET][1:]}
    candidates = []
    for row in sheets[ine.CANDIDATES_SHEET][1:]:
        row = list(row)
        row[8] = identity[key(row)][8]
        if row[17] == "Trunca":
            row[17] = "Trunco"
        candidates.append(row)
    identities = []
    for row in sheets[ine.IDENTITY_SHEET][1:]:
        row = list(row)
        if not any(str(value).strip() for value in row[len(ine.REGISTRATION_COLUMNS) :]):
            continue
        for column in INCOME_COLUMNS:
            if row[column].strip():
                row[column] = "Reservado"
        identities.append(row)
    return candidates, identities


def exported_sheets(path):
    book = load_workbook(path, read_only=True)
    return {
        name: [[cell(v) for v in row] for row in book[name].iter_rows(values_only=True)]
        for name in (ine.CANDIDATES_SHEET, ine.IDENTITY_SHEET)
    }


def compare(expected, exported, sheet):
    by_key = {key(r): r for r in exported[1:]}
    assert len(by_key) == len(exported) - 1, f"{sheet}: duplicated keys in the export"
    mismatches = []
    for row in expected:
        got = by_key.get(key(row))
        assert got is not None, f"{sheet}: row {key(row)} missing from the export"
        # INE's 2022 file has no SOBRENOMBRE nor ACCION_AFIRMATIVA: the export adds them empty.
        assert got[len(row) :] == [""] * (len(got) - len(row))
        for column, (want, have) in enumerate(zip(row, got[: len(row)], strict=True)):
            if want != have:
                mismatches.append((sheet, key(row), column, want, have))
    assert not mismatches, mismatches[:5]
    assert len(expected) == len(exported) - 1


@pytest.mark.django_db
def test_import_then_export_gives_back_every_cell(tmp_path, settings):
    settings.OPEN_DATA_AUTO_REGENERATE = False
    call_command("import_conoceles", str(REFERENCE), "--no-progress")
    assert CandidacyPage.objects.live().count() == 479

    path = tmp_path / "conoceles.xlsx"
    assert write_ine_xlsx(path) == 479
    sheets = reference_sheets()
    exported = exported_sheets(path)
    assert exported[ine.CANDIDATES_SHEET][0][:25] == sheets[ine.CANDIDATES_SHEET][0]
    assert exported[ine.CANDIDATES_SHEET][0][25:] == ine.OPTIONAL_COLUMNS
    assert exported[ine.IDENTITY_SHEET][0] == sheets[ine.IDENTITY_SHEET][0]
    candidates, identities = expected_rows(sheets)
    compare(candidates, exported[ine.CANDIDATES_SHEET], ine.CANDIDATES_SHEET)
    compare(identities, exported[ine.IDENTITY_SHEET], ine.IDENTITY_SHEET)

    # A second run finds everything in place and writes nothing.
    revisions = sum(1 for _ in CandidacyPage.objects.values_list("latest_revision_id"))
    latest = set(CandidacyPage.objects.values_list("latest_revision_id", flat=True))
    from opendata.importer import ConocelesImporter

    report = ConocelesImporter().run(REFERENCE)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 479)
    assert report.identity_applied == 0
    assert not report.errors
    assert set(CandidacyPage.objects.values_list("latest_revision_id", flat=True)) == latest
    assert revisions == 479
