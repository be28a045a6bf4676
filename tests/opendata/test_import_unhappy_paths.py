"""import_conoceles against unhappy input: every refusal is a Spanish CommandError, never a
traceback, and leaves the database exactly as it was; odd but unambiguous layouts are read."""

import io
import shutil
import zipfile

from django.core.management import CommandError, call_command

import pytest
import xlrd
from openpyxl import Workbook

from candidates.models import CandidacyPage
from identity.models import IdentityQuestionnaire
from opendata import ine
from opendata.importer import ConocelesImporter
from opendata.reading import workbook
from tests.opendata.db_snapshot import assert_unchanged, database_snapshot

from .factories_helpers import REFERENCE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present"),
]


def reference(rows=4):
    """(header, first `rows` people, identity header, their identity rows) of INE's file."""
    book = xlrd.open_workbook(str(REFERENCE))
    first = book.sheet_by_name(ine.CANDIDATES_SHEET)
    people = [first.row_values(r) for r in range(1, rows + 1)]
    keys = {(p[2], p[6], p[7]) for p in people}
    second = book.sheet_by_name(ine.IDENTITY_SHEET)
    identity = [
        second.row_values(r)
        for r in range(1, second.nrows)
        if (second.row_values(r)[2], second.row_values(r)[6], second.row_values(r)[7]) in keys
    ]
    return first.row_values(0), people, second.row_values(0), identity


def write_book(path, sheets):
    """{sheet name: [rows]} as .xlsx."""
    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def good_book(path, rows=4):
    header, people, identity_header, identity = reference(rows)
    return write_book(
        path,
        {ine.CANDIDATES_SHEET: [header, *people], ine.IDENTITY_SHEET: [identity_header, *identity]},
    )


def refused(path, match, *extra):
    """The command fails with a Spanish message matching `match`; the database is untouched."""
    before = database_snapshot()
    with pytest.raises(CommandError, match=match):
        call_command("import_conoceles", str(path), "--no-progress", *extra)
    assert_unchanged(before)


@pytest.fixture
def imported(tmp_path):
    """A database that already holds an import, so that "unchanged" means something."""
    report = ConocelesImporter().run(good_book(tmp_path / "previo.xlsx", rows=3))
    assert report.created == 3 and not report.errors
    return report


def _xlsx_bytes(tmp_path):
    return good_book(tmp_path / "base.xlsx", rows=2).read_bytes()


# --- 1. wrong file types ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("informe.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "es un documento PDF"),
        ("foto.xls", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "es una imagen PNG"),
        ("foto.xlsx", b"\xff\xd8\xff\xe0\x00\x10JFIF", "es una imagen JPEG"),
        ("vacio.xlsx", b"", "está vacío"),
        ("vacio.xls", b"", "está vacío"),
        ("texto.xlsx", b"nombre,edad\nAna,40\n", "no es una hoja de cálculo .xls ni .xlsx"),
        ("pagina.xls", b"<html><body><table><tr><td>1</td></tr></table>", "página HTML"),
        ("datos.csv", b"PARTIDO_COALICION,CARGO\n", "import_registry"),
        ("datos.ods", b"PK\x03\x04", "se esperaba un archivo .xls o .xlsx"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path, imported, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    refused(path, match)


def test_a_truncated_xlsx_is_refused(tmp_path, imported):
    data = _xlsx_bytes(tmp_path)
    path = tmp_path / "cortado.xlsx"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "dañado o incompleto")


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path, imported):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    path = tmp_path / "oficio.xlsx"
    path.write_bytes(buffer.getvalue())
    refused(path, "es un archivo ZIP")


def test_a_damaged_xls_is_refused(tmp_path, imported):
    path = tmp_path / "danado.xls"
    path.write_bytes(REFERENCE.read_bytes()[:4096])
    refused(path, "No se pudo leer «danado.xls»")


def test_a_missing_path_or_a_directory_is_refused(tmp_path, imported):
    refused(tmp_path / "no-existe.xlsx", "No existe el archivo")
    folder = tmp_path / "carpeta.xlsx"
    folder.mkdir()
    refused(folder, "es una carpeta, no un archivo")


def test_an_oversized_file_is_refused(tmp_path, imported, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_SPREADSHEET_BYTES", 1024)
    path = good_book(tmp_path / "grande.xlsx", rows=4)
    refused(path, r"pesa \d+ KB; el máximo admitido es 1 KB")


def test_the_content_decides_the_reader_not_the_extension(tmp_path):
    xlsx_named_xls = tmp_path / "renombrado.xls"
    shutil.copy(good_book(tmp_path / "bien.xlsx", rows=2), xlsx_named_xls)
    report = ConocelesImporter().run(xlsx_named_xls)
    assert (report.created, report.errors) == (2, [])
    xls_named_xlsx = tmp_path / "ine.xlsx"
    shutil.copy(REFERENCE, xls_named_xlsx)
    report = ConocelesImporter().run(xls_named_xlsx)
    assert (report.created, report.errors) == (477, [])
    assert report.updated + report.unchanged == 2  # the first file's two people, found again


# --- 2. sheets and columns -----------------------------------------------------------------------


def test_no_candidates_sheet(tmp_path, imported):
    path = write_book(tmp_path / "otro.xlsx", {"Hoja1": [["NOMBRE", "EDAD"], ["Ana", 40]]})
    refused(path, "no tiene la hoja «CANDIDATOS».*hojas encontradas: «Hoja1»")


def test_a_renamed_column_is_named_in_the_message(tmp_path, imported):
    header, people, *_ = reference(2)
    header = ["NOMBRE" if c == "NOMBRE_CANDIDATO" else c for c in header]
    path = write_book(tmp_path / "renombrada.xlsx", {ine.CANDIDATES_SHEET: [header, *people]})
    refused(path, "faltan: NOMBRE_CANDIDATO")


def test_a_missing_column(tmp_path, imported):
    header, people, *_ = reference(2)
    drop = header.index("SEXO")
    rows = [[c for i, c in enumerate(row) if i != drop] for row in [header, *people]]
    refused(write_book(tmp_path / "sin-sexo.xlsx", {ine.CANDIDATES_SHEET: rows}), "faltan: SEXO")


def test_a_repeated_column_is_refused(tmp_path, imported):
    header, people, *_ = reference(2)
    rows = [[*row, row[7]] for row in [header, *people]]
    path = write_book(tmp_path / "repetida.xlsx", {ine.CANDIDATES_SHEET: rows})
    refused(path, "repite la columna «NOMBRE_CANDIDATO»")


def test_an_entirely_empty_sheet(tmp_path, imported):
    refused(write_book(tmp_path / "vacia.xlsx", {ine.CANDIDATES_SHEET: []}), "está vacía")
    refused(
        write_book(tmp_path / "blancos.xlsx", {ine.CANDIDATES_SHEET: [["", " "], [None]]}),
        "está vacía",
    )


def test_a_sheet_with_only_the_header(tmp_path, imported):
    header, *_ = reference(1)
    path = write_book(tmp_path / "encabezado.xlsx", {ine.CANDIDATES_SHEET: [header]})
    refused(path, "solo tiene el encabezado")


def test_extra_columns_and_other_sheet_names_are_accepted(tmp_path):
    header, people, identity_header, identity = reference(3)
    wide = [[*row[:5], "nota", *row[5:], "extra"] for row in people]
    path = write_book(
        tmp_path / "ancho.xlsx",
        {
            "Notas": [["Archivo descargado del INE"]],
            " candidatos ": [[*header[:5], "OBSERVACIONES", *header[5:], "OTRA"], *wide],
            "Cuestionario identidad": [identity_header, *identity],
        },
    )
    report = ConocelesImporter().run(path)
    assert (report.created, report.errors) == (3, [])
    assert report.identity_applied == sum(
        1 for row in identity if any(str(c).strip() for c in row[11:])
    )


def test_a_lone_sheet_with_ine_columns_is_read_whatever_its_name(tmp_path):
    header, people, *_ = reference(2)
    report = ConocelesImporter().run(write_book(tmp_path / "h.xlsx", {"Hoja1": [header, *people]}))
    assert (report.created, report.errors) == (2, [])


def test_a_header_below_title_rows_keeps_the_spreadsheet_row_numbers(tmp_path):
    header, people, *_ = reference(3)
    people[1][9] = "cuarenta"
    rows = [["Conóceles 2022"], ["Descarga del 1 de junio"], header, *people]
    report = ConocelesImporter().run(
        write_book(tmp_path / "titulo.xlsx", {ine.CANDIDATES_SHEET: rows})
    )
    assert report.created == 2
    assert report.errors == [
        (ine.CANDIDATES_SHEET, 5, "EDAD debe ser un número entero (se encontró «cuarenta»).")
    ]


def test_short_rows_read_as_blank_cells(tmp_path):
    header, people, *_ = reference(2)
    short = people[0][:11]  # registration only: the curricular cells are missing
    report = ConocelesImporter().run(
        write_book(tmp_path / "corta.xlsx", {ine.CANDIDATES_SHEET: [header, short, people[1]]})
    )
    assert (report.created, report.errors) == (2, [])
    page = CandidacyPage.objects.get(title=people[0][7])
    assert page.motivation == "" and page.public_phone == ""


def test_identity_answers_are_taken_by_their_headers(tmp_path):
    header, people, identity_header, identity = reference(4)
    moved = [[*row[:11], "x", *row[11:]] for row in identity]
    path = write_book(
        tmp_path / "identidad.xlsx",
        {
            ine.CANDIDATES_SHEET: [header, *people],
            ine.IDENTITY_SHEET: [[*identity_header[:11], "NOTA", *identity_header[11:]], *moved],
        },
    )
    report = ConocelesImporter().run(path)
    assert report.errors == []
    plain = ConocelesImporter().run(good_book(tmp_path / "normal.xlsx", rows=4))
    assert (plain.unchanged, plain.identity_applied) == (4, 0)  # same answers as by position


def test_identity_sheet_whose_questions_cannot_be_located_is_refused(tmp_path, imported):
    header, people, identity_header, identity = reference(2)
    renamed = [*identity_header[:11], *[f"P{n}" for n in range(1, 22)]]
    path = write_book(
        tmp_path / "preguntas.xlsx",
        {
            ine.CANDIDATES_SHEET: [header, *people],
            ine.IDENTITY_SHEET: [renamed, *[[*row, ""] for row in identity]],
        },
    )
    refused(path, "no tiene las veinte preguntas")


def test_an_identity_row_without_its_person_is_reported(tmp_path):
    header, people, identity_header, identity = reference(3)
    orphan = list(identity[0])
    orphan[7] = "PERSONA QUE NO ESTÁ"
    path = write_book(
        tmp_path / "huerfana.xlsx",
        {
            ine.CANDIDATES_SHEET: [header, *people],
            ine.IDENTITY_SHEET: [identity_header, *identity, orphan],
        },
    )
    report = ConocelesImporter().run(path)
    assert report.created == 3
    assert report.errors == [
        (
            ine.IDENTITY_SHEET,
            len(identity) + 2,
            "no corresponde a ninguna fila de la hoja de candidaturas (ENTIDAD, "
            "NUM_LISTA_O_FORMULA y NOMBRE_CANDIDATO); sus respuestas no se aplicaron.",
        )
    ]


def test_a_bad_identity_answer_is_reported_on_the_identity_sheet(tmp_path):
    header, people, identity_header, identity = reference(3)
    identity[0][11] = "Tal vez"
    path = write_book(
        tmp_path / "respuesta.xlsx",
        {ine.CANDIDATES_SHEET: [header, *people], ine.IDENTITY_SHEET: [identity_header, *identity]},
    )
    report = ConocelesImporter().run(path)
    assert report.created == 2
    [(sheet, row, reason)] = report.errors
    assert (sheet, row) == (ine.IDENTITY_SHEET, 2)
    assert reason.startswith("Pregunta 1: «Tal vez» no es una respuesta válida.")
    assert "no se importó" in reason


# --- cell values ------------------------------------------------------------------------------


def test_case_and_spacing_variants_of_ine_vocabularies_are_accepted(tmp_path):
    header, people, *_ = reference(3)
    people[0][10] = " Mujer "
    people[0][1] = people[0][1].title()
    people[1][8] = "propietario"
    people[1][16] = people[1][16].upper() if people[1][16] not in ("", ine.NOT_PROVIDED) else ""
    report = ConocelesImporter().run(
        write_book(tmp_path / "mayus.xlsx", {ine.CANDIDATES_SHEET: [header, *people]})
    )
    assert (report.created, report.errors) == (3, [])


def test_an_unknown_formula_type_is_not_taken_for_a_principal(tmp_path):
    header, people, *_ = reference(2)
    people[1][8] = "TITULAR"
    report = ConocelesImporter().run(
        write_book(tmp_path / "tipo.xlsx", {ine.CANDIDATES_SHEET: [header, *people]})
    )
    assert report.errors == [
        (
            ine.CANDIDATES_SHEET,
            3,
            "TIPO_CANDIDATO no reconocido: «TITULAR» (PROPIETARIA, PROPIETARIO o SUPLENTE).",
        )
    ]


def test_cells_longer_than_the_database_allows_are_reported_not_crashing(tmp_path):
    header, people, *_ = reference(4)
    people[0][12] = "(844) 123-45-67 ext. 2"
    people[1][12] = "(844) 123-4567"
    people[2][11] = "Calle " * 50
    people[3][2] = "ESTADO QUE NO EXISTE"
    report = ConocelesImporter().run(
        write_book(tmp_path / "largo.xlsx", {ine.CANDIDATES_SHEET: [header, *people]})
    )
    assert report.errors == [
        (
            ine.CANDIDATES_SHEET,
            2,
            "TELEFONO debe tener 10 dígitos (se encontró «(844) 123-45-67 ext. 2»).",
        ),
        (ine.CANDIDATES_SHEET, 4, "DIRECCION_CASA_CAMPAÑA excede 200 caracteres (299)."),
        (ine.CANDIDATES_SHEET, 5, "ENTIDAD no es una entidad federativa: «ESTADO QUE NO EXISTE»."),
    ]  # fmt: skip
    assert CandidacyPage.objects.get().public_phone == "8441234567"


# --- 4. --atomic ---------------------------------------------------------------------------------


def test_atomic_with_one_bad_row_leaves_a_populated_database_exactly_unchanged(
    tmp_path, imported, capsys
):
    header, people, identity_header, identity = reference(6)
    people[0][21] = people[0][21] + " Cambiado."  # would update an existing candidacy
    people[4][10] = "DESCONOCIDO"  # the bad row
    path = write_book(
        tmp_path / "lote.xlsx",
        {ine.CANDIDATES_SHEET: [header, *people], ine.IDENTITY_SHEET: [identity_header, *identity]},
    )
    assert IdentityQuestionnaire.objects.exists()
    refused(path, "1 fila.*con --atomic no se importó ninguna", "--atomic")
    assert "Hoja CANDIDATOS, fila 6: SEXO no reconocido: «DESCONOCIDO»" in capsys.readouterr().err
    report = ConocelesImporter().run(path)  # without --atomic the good rows go in
    assert (report.created, report.updated, report.unchanged) == (2, 1, 2)
    assert len(report.errors) == 1


def test_the_progress_bar_goes_to_stderr(tmp_path, capsys):
    call_command("import_conoceles", str(good_book(tmp_path / "p.xlsx", rows=3)))
    captured = capsys.readouterr()
    assert "[" + "#" * 30 + "] 3/3" in captured.err
    assert "Creadas: 3" in captured.out


# --- forbidden access and expired windows -------------------------------------------------------


def test_an_unreadable_file_is_refused(tmp_path, imported, monkeypatch):
    path = good_book(tmp_path / "privado.xlsx", rows=2)
    real_open = type(path).open

    def forbidden(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "open", forbidden)
    refused(path, "No hay permiso para leer «privado.xlsx»")


def test_a_closed_process_takes_no_more_candidacies(tmp_path, imported):
    import datetime as dt

    process = CandidacyPage.objects.first().office.process
    process.block_at = dt.date.today() - dt.timedelta(days=1)
    process.save()
    refused(good_book(tmp_path / "tarde.xlsx", rows=5), "ya cerró: sus datos personales")


def test_an_xlsx_that_unpacks_to_too_much_is_refused(tmp_path, imported, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 2048)
    refused(good_book(tmp_path / "bomba.xlsx", rows=4), r"al descomprimirse; el máximo admitido")


def test_a_failure_midway_is_a_spanish_error_and_saves_nothing(tmp_path, imported, monkeypatch):
    from opendata import importer

    def broken(new):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(importer.ConocelesImporter, "_create", staticmethod(broken))
    refused(good_book(tmp_path / "seis.xlsx", rows=6), "Error inesperado.*no se guardó nada")
