"""Alias and affirmative action through import and INE-layout export; an identity answer outside
the questionnaire dropped alone, flagged without repeating it (issue #13)."""

from django.core.management import call_command

import pytest
from openpyxl import load_workbook

from candidates.models import CandidacyPage
from identity.exports import ine_identity_columns
from identity.models import IdentityQuestionnaire
from identity.questions import ITEMS
from opendata import ine
from opendata.models import ImportFlag
from opendata.writing.ine_layout import write_ine_xlsx

from .factories_helpers import IDENTITY_CELLS
from .test_new_process_docs import ROW, catalog_for_today, ine_report

pytestmark = pytest.mark.django_db

LUCIA = {
    "PARTIDO_COALICION": "PAN",
    "CARGO": "DIPUTACIÓN LOCAL MR",
    "DISTRITO LOCAL": "1-COLIMA",
    "NUM_LISTA_O_FORMULA": "101",
    "NOMBRE_CANDIDATO": "Lucía Ramírez Torres",
    "SOBRENOMBRE": "La Güera",
    "ACCION_AFIRMATIVA": "Persona con discapacidad",
}
SECRET_ANSWER = "Tal vez, depende del día"


@pytest.fixture
def process_slug(tmp_path):
    catalog, slug = catalog_for_today(tmp_path / "catalogo")
    call_command("load_catalogs", str(catalog))
    return slug


def with_identity_sheet(path, row, answers):
    """Add INE's identity sheet with one person's row to a report built by `ine_report`."""
    book = load_workbook(path)
    sheet = book.create_sheet(ine.IDENTITY_SHEET)
    sheet.append(ine.IDENTITY_REGISTRATION_COLUMNS + ine_identity_columns())
    full = ROW | row
    sheet.append([full[c] for c in ine.REGISTRATION_COLUMNS] + list(answers))
    book.save(path)
    return path


def test_alias_and_affirmative_action_go_in_and_come_out_in_ines_layout(
    tmp_path, process_slug, capsys
):
    report = ine_report(tmp_path / "reporte.xlsx", [LUCIA])
    call_command("import_conoceles", str(report), "--no-progress", "--proceso", process_slug)
    page = CandidacyPage.objects.get(title="Lucía Ramírez Torres")
    assert (page.alias, page.affirmative_action) == ("La Güera", "discapacidad")

    exported = tmp_path / "conoceles.xlsx"
    assert write_ine_xlsx(exported) == 1
    rows = list(load_workbook(exported, read_only=True)[ine.CANDIDATES_SHEET].values)
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["SOBRENOMBRE"] == "La Güera"
    assert cells["ACCION_AFIRMATIVA"] == "Persona con discapacidad"

    # The exported file imports back onto the same candidacy, alias and group unchanged.
    call_command("import_conoceles", str(exported), "--no-progress", "--proceso", process_slug)
    assert "Creadas: 0;" in capsys.readouterr().out
    page.refresh_from_db()
    assert (page.alias, page.affirmative_action) == ("La Güera", "discapacidad")

    # A file without the two columns (INE's 2022 layout) leaves them as they are.
    plain = tmp_path / "sin_columnas.xlsx"
    book = load_workbook(report)
    book[ine.CANDIDATES_SHEET].delete_cols(26, 2)
    book.save(plain)
    call_command("import_conoceles", str(plain), "--no-progress", "--proceso", process_slug)
    page.refresh_from_db()
    assert (page.alias, page.affirmative_action) == ("La Güera", "discapacidad")


def test_an_identity_answer_outside_the_questionnaire_is_dropped_alone_and_flagged(
    tmp_path, process_slug
):
    answers = list(IDENTITY_CELLS)
    answers[3] = SECRET_ANSWER  # question 4: «¿Tiene alguna discapacidad?»
    path = with_identity_sheet(ine_report(tmp_path / "reporte.xlsx", [LUCIA]), LUCIA, answers)
    informe = tmp_path / "problemas.csv"
    call_command(
        "import_conoceles", str(path), "--no-progress", "--proceso", process_slug,
        "--informe", str(informe),
    )  # fmt: skip
    page = CandidacyPage.objects.get(title="Lucía Ramírez Torres")
    assert not page.live  # a draft with its flag, not dropped
    questionnaire = IdentityQuestionnaire.objects.get(candidacy=page)
    assert getattr(questionnaire, ITEMS[0].field) == "Sí"  # the other answers are kept
    assert not getattr(questionnaire, ITEMS[3].field)
    flag = ImportFlag.objects.get(candidacy=page)
    assert flag.column == f"{ine.IDENTITY_SHEET} 4" and "Pregunta 4" in flag.problem
    assert SECRET_ANSWER not in flag.value + flag.problem  # sensitive: never copied out
    text = informe.read_text(encoding="utf-8-sig")
    assert SECRET_ANSWER not in text
    line = next(row for row in text.splitlines() if "Pregunta 4" in row)
    assert line.startswith(f"{ine.IDENTITY_SHEET},2,")  # the identity sheet's own row


def test_a_refused_row_reports_its_identity_problems_too(tmp_path, process_slug, capsys):
    answers = list(IDENTITY_CELLS)
    answers[0] = SECRET_ANSWER
    bad = LUCIA | {"PARTIDO_COALICION": "Partido Inventado"}
    path = with_identity_sheet(ine_report(tmp_path / "reporte.xlsx", [bad]), bad, answers)
    informe = tmp_path / "problemas.csv"
    call_command(
        "import_conoceles", str(path), "--no-progress", "--proceso", process_slug,
        "--informe", str(informe),
    )  # fmt: skip
    assert not CandidacyPage.objects.exists()
    lines = informe.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [line.split(",")[:3] for line in lines] == [
        [ine.CANDIDATES_SHEET, "3", "PARTIDO_COALICION"],
        [ine.IDENTITY_SHEET, "2", f"{ine.IDENTITY_SHEET} 1"],
    ]
    assert "se importó como borrador" not in "\n".join(lines).lower()  # it was not imported
