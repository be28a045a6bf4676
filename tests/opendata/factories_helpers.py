"""Shared builders and readers for open-data, statistics, API and registry-import tests."""

import csv
import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command

import pytest
from openpyxl import load_workbook

from candidates.factories import CandidacyPageFactory, PortraitFactory, portrait_png
from candidates.models import CandidacyPage
from opendata.publication import FILES

from .db_snapshot import assert_unchanged, database_snapshot

# Twenty INE cells: indigenous "Sí", the rest "No"/blank, state of birth Coahuila.
IDENTITY_CELLS = [
    "Sí", "No", " ", "No", " ", " ", " ", "No", "No", " ",
    "No", " ", " ", " ", " ", "No", "No", " ", " ", "Coahuila de Zaragoza",
]  # fmt: skip

# INE's anonymized 2022 export (DOMAIN.md §8): the layout and realistic test data.
REFERENCE = Path("/work/shared/reference/ine-conoceles-2022-anon.xls")


def portrait(name):
    """A portrait whose file name is unique, so a test can look for it in any response."""
    return PortraitFactory(file=ImageFile(io.BytesIO(portrait_png(name)), name=f"{name}.png"))


def published(actor, office, **kwargs):
    return CandidacyPageFactory(parent=actor, office=office, complete=True, publish=True, **kwargs)


def draft(actor, office, **kwargs):
    return CandidacyPageFactory(parent=actor, office=office, complete=True, **kwargs)


def answer_identity(candidacy, publication=True, statistics=True):
    """Answers with all three consents (as INE's import records them), then withdraw some."""
    from identity.exports import apply_ine_identity_row
    from identity.models import ConsentRecord

    apply_ine_identity_row(candidacy, IDENTITY_CELLS)
    ConsentRecord.objects.filter(candidacy=candidacy).update(
        publication=publication, statistics=statistics
    )


# --- Reading the open-data files ----------------------------------------------------------------

NAMES = [f.name for f in FILES]


def _rows(path, sheet=None):
    book = load_workbook(path, read_only=True)
    sheet = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _all_text(directory):
    """Every file's text, the spreadsheets as their cells."""
    parts = []
    for name in NAMES:
        path = Path(directory) / name
        if name.endswith(".xlsx"):
            book = load_workbook(path, read_only=True)
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    parts.extend(str(v) for v in row if v is not None)
        else:
            parts.append(path.read_text(encoding="utf-8-sig"))
    return "\n".join(parts)


# --- Registry CSV files and the import_registry command -----------------------------------------

HEADER = "nombre,sexo,fecha_nacimiento,cargo,distrito,lista,partido,tipo,accion_afirmativa"
MR, RP = "diputacion-mr", "diputacion-rp"
PEOPLE = [
    ("José Peña Nuñez", "Hombre", "1980-05-01", MR, "1", "", "PAN", "propietario", ""),
    ("Inés Ñáñez Güemes", "Mujer", "1985-02-03", MR, "1", "", "PAN", "suplente", "Persona joven"),
    ("María José Ortíz", "Mujer", "1975-03-04", RP, "", "2", "PRI", "propietaria", ""),
]


def csv_file(tmp_path, lines, name="registro.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode(encoding))
    return path


def rows(delimiter=","):
    lines = [HEADER.replace(",", delimiter)]
    lines += [delimiter.join(person) for person in PEOPLE]
    return lines


def titles():
    return sorted(CandidacyPage.objects.values_list("title", flat=True))


def command(path, process, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_registry", str(path), "--proceso", process.slug, *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def refused(path, process, match, *extra):
    before = database_snapshot()
    with pytest.raises(CommandError, match=match):
        command(path, process, *extra)
    assert_unchanged(before)
