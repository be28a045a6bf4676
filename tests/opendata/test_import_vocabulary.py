"""OPL phrasings of INE's vocabulary and social handles are read, not rejected (#13, B)."""

from django.core.management import call_command

import pytest
import xlrd
from openpyxl import Workbook

from candidates.choices import AffirmativeAction, EducationLevel, EducationStatus, Sex
from candidates.models import CandidacyPage
from opendata import ine
from opendata.reading import vocabulary
from opendata.reading.ine_rows import EDUCATION_BY_LABEL, SEX_BY_LABEL, STATUS_BY_LABEL

from .factories_helpers import REFERENCE


@pytest.mark.parametrize(
    ("table", "label", "value"),
    [
        (EDUCATION_BY_LABEL, "BACHILLERATO", EducationLevel.HIGH_SCHOOL),
        (EDUCATION_BY_LABEL, "Preparatoria o bachillerato", EducationLevel.HIGH_SCHOOL),
        (EDUCATION_BY_LABEL, "Licenciatura o ingeniería", EducationLevel.BACHELOR),
        (EDUCATION_BY_LABEL, "MAESTRÍA", EducationLevel.MASTER),  # INE's own, any case
        (STATUS_BY_LABEL, "FINALIZADO", EducationStatus.CERTIFICATE),
        (STATUS_BY_LABEL, "Concluida", EducationStatus.CERTIFICATE),
        (STATUS_BY_LABEL, "en curso", EducationStatus.IN_PROGRESS),
        (STATUS_BY_LABEL, "TITULADA", EducationStatus.DEGREE),
        (SEX_BY_LABEL, "Femenino", Sex.WOMAN),
        (SEX_BY_LABEL, "MASCULINO", Sex.MAN),
        (SEX_BY_LABEL, "no binarie", Sex.NON_BINARY),
    ],
)
def test_opl_variants_map_to_ine_values(table, label, value):
    assert table[vocabulary.fold(label)] == value


@pytest.mark.parametrize("ambiguous", ["M", "POSGRADO", "UNIVERSIDAD"])
def test_a_variant_that_could_mean_two_values_is_not_guessed(ambiguous):
    folded = vocabulary.fold(ambiguous)
    assert folded not in SEX_BY_LABEL and folded not in EDUCATION_BY_LABEL


def test_every_variant_points_at_an_ine_value_and_none_is_listed_twice():
    for variants, choices in (
        (vocabulary.SEX_VARIANTS, Sex.values),
        (vocabulary.EDUCATION_VARIANTS, EducationLevel.values),
        (vocabulary.STATUS_VARIANTS, EducationStatus.values),
        (vocabulary.AFFIRMATIVE_ACTION_VARIANTS, AffirmativeAction.values),
    ):
        folded = [vocabulary.fold(label) for label in variants]
        assert len(folded) == len(set(folded))
        assert set(variants.values()) <= set(choices)


def test_docs_list_every_affirmative_action_variant():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "import.md"
    words = {
        vocabulary.fold(word)
        for line in docs.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
        for cell in line.split("|")[1:2]
        for word in cell.split(",")
    }
    missing = {
        label
        for label in vocabulary.AFFIRMATIVE_ACTION_VARIANTS
        if vocabulary.fold(label) not in words
    }
    assert not missing


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("https://www.facebook.com/ana.c", ("facebook_url", "https://www.facebook.com/ana.c")),
        ("x.com/anac", ("x_url", "https://x.com/anac")),
        ("Instagram: @ana_c", ("instagram_url", "https://www.instagram.com/ana_c")),
        ("@ana_c (IG)", ("instagram_url", "https://www.instagram.com/ana_c")),
        ("FB @ana.c", ("facebook_url", "https://www.facebook.com/ana.c")),
        ("Twitter @anac", ("x_url", "https://x.com/anac")),
        ("TikTok: @anac", ("tiktok_url", "https://www.tiktok.com/@anac")),
        ("@anac", (None, "@anac")),  # no network named: nothing to guess
        ("Mastodon @anac", (None, "Mastodon @anac")),
    ],
)
def test_social_entries(entry, expected):
    assert vocabulary.social_entry(entry) == expected


def test_a_social_cell_splits_on_opl_separators_and_drops_placeholders():
    assert vocabulary.split_social("n/d") == []
    assert vocabulary.split_social("FB @ana; Instagram: @ana\nN/D") == [
        "FB @ana",
        "Instagram: @ana",
    ]
    assert vocabulary.split_social("https://x.com/a, https://fb.com/a") == [
        "https://x.com/a",
        "https://fb.com/a",
    ]


def messy_copy(path, changes):
    """The first people of INE's reference file as .xlsx, their cells changed by `changes`."""
    source = xlrd.open_workbook(str(REFERENCE))
    first = source.sheet_by_name(ine.CANDIDATES_SHEET)
    header = first.row_values(0)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(ine.CANDIDATES_SHEET)
    sheet.append(header)
    keys = set()
    for r, change in enumerate(changes, start=1):
        values = first.row_values(r)
        keys.add((values[6], values[7]))
        for column, value in change.items():
            values[header.index(column)] = value
        sheet.append(values)
    second = source.sheet_by_name(ine.IDENTITY_SHEET)
    sheet = book.create_sheet(ine.IDENTITY_SHEET)
    sheet.append(second.row_values(0))
    for r in range(1, second.nrows):
        if tuple(second.row_values(r)[6:8]) in keys:
            sheet.append(second.row_values(r))
    book.save(path)
    return path


@pytest.mark.django_db
@pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present")
def test_an_opl_file_with_its_own_phrasings_imports_every_row(tmp_path, capsys):
    path = messy_copy(
        tmp_path / "opl.xlsx",
        [
            {
                "ESCOLARIDAD": "BACHILLERATO",
                "ESTATUS_ESCOLARIDAD": "FINALIZADO",
                "SEXO": "Femenino",
                "REDES": "Instagram: @ana_c; FB @ana.c",
                "PAGINA_WEB": "n/d",
            },
            {"ESCOLARIDAD": "Licenciatura o ingeniería", "ESTATUS_ESCOLARIDAD": "Titulado"},
            {"REDES": "N/D", "SEXO": "MASCULINO"},
        ],
    )
    call_command("import_conoceles", str(path), "--no-progress")
    assert "con errores: 0" in capsys.readouterr().out
    first = CandidacyPage.objects.get(title=xlrd_name(1))
    assert first.education_level == EducationLevel.HIGH_SCHOOL
    assert first.education_status == EducationStatus.CERTIFICATE
    assert first.sex == Sex.WOMAN
    assert first.instagram_url == "https://www.instagram.com/ana_c"
    assert first.facebook_url == "https://www.facebook.com/ana.c"
    assert first.website == ""
    second = CandidacyPage.objects.get(title=xlrd_name(2))
    assert (second.education_level, second.education_status) == ("licenciatura", "titulo")
    third = CandidacyPage.objects.get(title=xlrd_name(3))
    assert third.sex == Sex.MAN and not third.facebook_url and not third.other_social_url


@pytest.mark.django_db
@pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present")
def test_a_handle_without_its_network_is_reported_with_the_whole_entry(tmp_path, capsys):
    path = messy_copy(tmp_path / "opl.xlsx", [{"REDES": "@ana_c, https://x.com/anac"}])
    call_command("import_conoceles", str(path), "--no-progress")
    err = capsys.readouterr().err
    assert "REDES trae cuentas sin su red social" in err and "«@ana_c»" in err


def xlrd_name(row):
    sheet = xlrd.open_workbook(str(REFERENCE)).sheet_by_name(ine.CANDIDATES_SHEET)
    name = sheet.row_values(row)[sheet.row_values(0).index("NOMBRE_CANDIDATO")]
    return " ".join(name.split())


@pytest.mark.django_db
@pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present")
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_every_problem_of_a_row_is_reported_and_saved_to_the_informe(tmp_path, capsys, suffix):
    from openpyxl import load_workbook

    path = messy_copy(
        tmp_path / "opl.xlsx",
        [
            {"EDAD": "cuarenta", "SEXO": "X", "ESCOLARIDAD": "Universidad", "REDES": "@ana_c"},
            {"EDAD": ""},  # many OPL reports publish no age
        ],
    )
    informe = tmp_path / f"informe{suffix}"
    call_command("import_conoceles", str(path), "--no-progress", "--informe", str(informe))
    err = capsys.readouterr().err
    assert err.count("Hoja CANDIDATOS, fila 2:") == 1  # one line per row, every problem in it
    for text in ("EDAD debe ser", "SEXO no reconocido", "ESCOLARIDAD no reconocida", "REDES"):
        assert text in err
    assert CandidacyPage.objects.get(title=xlrd_name(2)).registered_age is None
    if suffix == ".csv":
        import csv

        with informe.open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    else:
        rows = [list(r) for r in load_workbook(informe).active.iter_rows(values_only=True)]
    assert rows[0] == ["Hoja", "Fila", "Columna", "Valor", "Problema"]
    assert [(str(r[1]), r[2]) for r in rows[1:]] == [
        ("2", "EDAD"),
        ("2", "SEXO"),
        ("2", "ESCOLARIDAD"),
        ("2", "REDES"),
    ]
    assert rows[1][3] == "cuarenta"
    # A handle stays text: in the CSV behind an apostrophe, in the XLSX as a string cell.
    assert rows[4][3] in ("'@ana_c", "@ana_c")


def test_the_informe_must_be_csv_or_xlsx(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match=r"\.csv o \.xlsx"):
        call_command("import_conoceles", "x.xlsx", "--informe", str(tmp_path / "informe.pdf"))
