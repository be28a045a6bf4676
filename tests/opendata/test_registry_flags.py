"""import_registry reports like the INE import (issue #13): every problem of a row at once, each
with its column; cells the candidacy can do without flagged for the party instead of refused;
the process and its parties taken from the loaded catalog, never guessed."""

import csv

from django.core.management import CommandError, call_command

import pytest

from candidates.choices import Sex
from candidates.models import CandidacyPage
from elections.factories import PartyFactory
from opendata.models import ImportFlag
from opendata.reading.registry import load_registry
from tests.elections.several_processes import COAHUILA, SECOND, load_two_processes

from .factories_helpers import HEADER, MR, command, csv_file

pytestmark = pytest.mark.django_db

HEADER_WITH_KEY = HEADER + ",clave"


def test_every_problem_of_a_row_is_listed_with_its_column(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [HEADER, "Ana Pérez,Z,ayer,senaduria,1,,XYZ,titular,vulnerable"],
    )
    report = load_registry(path, setup)
    assert report.created == 0
    [(line, reason)] = report.errors
    assert line == 2
    columns = [column for column, _value, _problem in report.details[2]]
    assert columns == ["sexo", "fecha_nacimiento", "cargo", "tipo", "partido", "accion_afirmativa"]
    assert reason == "; ".join(problem for _c, _v, problem in report.details[2])
    assert "Sexo no válido: «Z»" in reason and "Cargo desconocido" in reason
    assert "Tipo no válido: «titular»" in reason and "«XYZ»" in reason
    rows = report.problem_rows()
    assert [row[:4] for row in rows][:2] == [
        ("", 2, "sexo", "Z"),
        ("", 2, "fecha_nacimiento", "ayer"),
    ]


def test_flaggable_cells_are_left_out_and_flagged_on_the_candidacy(tmp_path, setup):
    long_key = "K" * 41
    path = csv_file(
        tmp_path,
        [
            HEADER_WITH_KEY,
            f"Ana Pérez,,1980-05-01,{MR},1,,PAN,propietaria,vulnerable,{long_key}",
            f"Berta Gil,Mujer,1981-05-01,{MR},1,,PAN,suplente,,B-1",
        ],
    )
    report = load_registry(path, setup)
    assert (report.created, report.errors) == (2, [])
    assert [(line, column) for line, column, _v, _p in report.flagged] == [
        (2, "sexo"),
        (2, "accion_afirmativa"),
        (2, "clave"),
    ]
    ana = CandidacyPage.objects.get(title="Ana Pérez")
    assert (ana.sex, ana.affirmative_action, ana.external_id) == ("", "", "")
    flags = list(ana.import_flags.values_list("column", "value"))
    assert flags == [("sexo", ""), ("accion_afirmativa", "vulnerable"), ("clave", long_key)]
    assert not CandidacyPage.objects.get(title="Berta Gil").import_flags.exists()
    problems = report.problem_rows()
    assert all(row[4].endswith("pendiente de corregir por el partido.") for row in problems)


def test_a_flag_never_erases_what_the_candidacy_holds_and_clears_when_fixed(tmp_path, setup):
    row = f"Ana Pérez,{{sex}},1980-05-01,{MR},1,,PAN,propietaria,"
    first = load_registry(csv_file(tmp_path, [HEADER, row.format(sex="Mujer")], "a.csv"), setup)
    assert first.created == 1
    # The next file lost the sex: the candidacy keeps «Mujer», and the gap is flagged.
    second = load_registry(csv_file(tmp_path, [HEADER, row.format(sex="")], "b.csv"), setup)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    page = CandidacyPage.objects.get()
    assert page.sex == Sex.WOMAN
    assert list(page.import_flags.values_list("column", flat=True)) == ["sexo"]
    # Fixed in the file: the flag goes.
    third = load_registry(csv_file(tmp_path, [HEADER, row.format(sex="Mujer")], "c.csv"), setup)
    assert third.flagged == []
    assert not ImportFlag.objects.exists()


def test_the_command_writes_the_problems_report(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana Pérez,,1980-05-01,{MR},1,,PAN,propietaria,",
            f"Beto Ruiz,Hombre,ayer,{MR},1,,XYZ,propietario,",
        ],
    )
    report_path = tmp_path / "problemas.csv"
    out, err = command(path, setup, "--informe", str(report_path))
    assert "Línea 2 (cargada, pendiente del partido): Falta el sexo" in err
    assert "Línea 3: Fecha de nacimiento no válida" in err
    assert "con datos pendientes del partido: 1." in out
    with report_path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Hoja", "Fila", "Columna", "Valor", "Problema"]
    assert [(row[1], row[2]) for row in rows[1:]] == [
        ("2", "sexo"),
        ("3", "fecha_nacimiento"),
        ("3", "partido"),
    ]
    with pytest.raises(CommandError, match=r"\.csv o \.xlsx"):
        command(path, setup, "--informe", str(tmp_path / "problemas.txt"))


@pytest.fixture
def two():
    return load_two_processes()


def test_with_several_processes_the_command_asks_which(tmp_path, two):
    path = csv_file(tmp_path, [HEADER, f"Ana Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,"])
    with pytest.raises(CommandError, match="Hay varios procesos cargados") as caught:
        call_command("import_registry", str(path))
    assert COAHUILA in str(caught.value) and SECOND in str(caught.value)
    with pytest.raises(CommandError, match="No existe el proceso «otro»"):
        call_command("import_registry", str(path), "--proceso", "otro")
    assert not CandidacyPage.objects.exists()


def test_parties_are_the_named_process_catalog_s(tmp_path, two):
    PartyFactory(process=two.second, acronym="NUEVO", slug="nuevo", name="Partido Nuevo")
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",
            f"Beto Ruiz,Hombre,1980-05-01,{MR},1,,partido estatal sintetico,propietario,",
            f"Carla Díaz,Mujer,1980-05-01,{MR},2,,UDC,propietaria,",
            f"Dora Luna,Mujer,1980-05-01,{MR},2,,NUEVO,propietaria,",
        ],
    )
    report = load_registry(path, two.second)
    assert report.created == 2
    parties = dict(CandidacyPage.objects.values_list("title", "party__process__slug"))
    assert parties == {"Ana Pérez": SECOND, "Beto Ruiz": SECOND}  # 2027's PAN, not 2023's
    assert CandidacyPage.objects.get(title="Beto Ruiz").party.acronym == "PES"  # by its name
    errors = dict(report.errors)
    assert errors[4] == (
        f"Partido desconocido en el catálogo de {two.second}: «UDC» (es de otro proceso: "
        f"{two.coahuila})."
    )
    assert errors[5].startswith("El partido «NUEVO» está en el catálogo del proceso pero no tiene")
