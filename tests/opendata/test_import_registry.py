"""Official registration list → draft candidacies, idempotent, with clear per-row errors."""

from django.core.management import CommandError, call_command

import pytest

from candidates.models import CandidacyPage
from opendata.reading.registry import load_registry

HEADER = "nombre,sexo,fecha_nacimiento,cargo,distrito,lista,partido,tipo,accion_afirmativa\n"


def write(tmp_path, body, name="registro.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_rows_become_drafts_and_a_second_load_changes_nothing(tmp_path, tree, offices, district):
    mr, rp = offices["diputacion-mr"], offices["diputacion-rp"]
    path = write(
        tmp_path,
        f"Lucía Pérez,Mujer,1980-05-01,{mr.slug},1,,PAN,propietaria,\n"
        f"Marta Ruiz,M,1990-01-02,{mr.slug},1,,PAN,suplente,joven\n"
        f"Néstor Gil,Hombre,1975-03-03,{rp.slug},,2,PRI,propietario,\n",
    )
    process = tree[0].process
    report = load_registry(path, process)
    assert (report.created, report.errors) == (3, [])
    pages = CandidacyPage.objects.order_by("title")
    assert [p.title for p in pages] == ["Lucía Pérez", "Marta Ruiz", "Néstor Gil"]
    assert not any(p.live for p in pages)
    assert pages[0].get_parent().specific.party.acronym == "PAN"
    assert pages[1].affirmative_action == "joven"
    assert pages[2].list_position == 2
    again = load_registry(path, process)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_each_bad_row_is_reported_in_spanish(tmp_path, tree, offices, district):
    mr = offices["diputacion-mr"]
    path = write(
        tmp_path,
        f"Ana,Mujer,1980-05-01,{mr.slug},1,,PAN,propietaria,\n"
        f"Sin Fecha,Mujer,mayo de 1980,{mr.slug},1,,PAN,propietaria,\n"
        f"Otro Partido,Hombre,1980-05-01,{mr.slug},1,,XYZ,propietario,\n"
        f"Mal Distrito,Hombre,1980-05-01,{mr.slug},99,,PRI,propietario,\n"
        "Mal Cargo,Hombre,1980-05-01,senaduria,1,,PRI,propietario,\n",
    )
    report = load_registry(path, tree[0].process)
    assert report.created == 1
    assert [row for row, _ in report.errors] == [3, 4, 5, 6]
    assert "Fecha de nacimiento no válida" in report.errors[0][1]
    assert "«XYZ»" in report.errors[1][1]
    assert "Distrito no válido" in report.errors[2][1]
    assert "Cargo desconocido" in report.errors[3][1]


@pytest.mark.django_db
def test_atomic_leaves_the_database_unchanged(tmp_path, tree, offices, district):
    mr = offices["diputacion-mr"]
    path = write(
        tmp_path,
        f"Ana,Mujer,1980-05-01,{mr.slug},1,,PAN,propietaria,\n"
        f"Beto,Hombre,ayer,{mr.slug},1,,PRI,propietario,\n",
    )
    with pytest.raises(CommandError, match="no se cargó ninguna"):
        call_command("import_registry", str(path), "--atomic", "--proceso", tree[0].process.slug)
    assert not CandidacyPage.objects.exists()


@pytest.mark.django_db
def test_wrong_file_type_and_missing_columns(tmp_path, tree):
    with pytest.raises(CommandError, match="no es un archivo CSV"):
        call_command("import_registry", str(tmp_path / "lista.xlsx"))
    path = tmp_path / "lista.csv"
    path.write_text("nombre,edad\nAna,40\n")
    with pytest.raises(CommandError, match="faltan: sexo"):
        call_command("import_registry", str(path))


@pytest.mark.django_db
def test_a_repeated_slot_is_reported_and_a_changed_name_updates_the_draft(
    tmp_path, tree, offices, district
):
    mr = offices["diputacion-mr"]
    process = tree[0].process
    path = write(
        tmp_path,
        f"Ana Uno,Mujer,1980-05-01,{mr.slug},1,,PAN,propietaria,\n"
        f"Ana Dos,Mujer,1981-05-01,{mr.slug},1,,PAN,propietaria,\n",
    )
    report = load_registry(path, process)
    assert report.created == 1
    assert report.errors == [
        (3, "Repite la candidatura (cargo, lugar, partido y tipo) de la fila 2.")
    ]
    fixed = write(tmp_path, f"Ana Uno Corregida,Mujer,1980-05-01,{mr.slug},1,,PAN,propietaria,\n")
    again = load_registry(fixed, process)
    assert (again.created, again.updated) == (0, 1)
    page = CandidacyPage.objects.get()
    assert page.title == "Ana Uno Corregida" and not page.live
    assert page.latest_revision.as_object().title == "Ana Uno Corregida"


def _load_queries(tmp_path, process, office, first, how_many, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body = "".join(
        f"Persona {n},Mujer,1980-05-01,{office.slug},,{n},PAN,propietaria,\n"
        for n in range(first, first + how_many)
    )
    with CaptureQueriesContext(connection) as ctx:
        report = load_registry(write(tmp_path, body, name), process)
    assert report.created == how_many and not report.errors
    writes = sum(1 for q in ctx.captured_queries if q["sql"].startswith("INSERT"))
    # Savepoints are per row by design (a bad row must not undo the good ones); they are not
    # round trips to tables.
    reads = sum(
        1
        for q in ctx.captured_queries
        if not q["sql"].startswith(("INSERT", "SAVEPOINT", "RELEASE SAVEPOINT"))
    )
    return reads, writes


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_rows(tmp_path, tree, offices):
    rp, process = offices["diputacion-rp"], tree[0].process
    few_reads, few_writes = _load_queries(tmp_path, process, rp, 1, 5, "a.csv")
    many_reads, many_writes = _load_queries(tmp_path, process, rp, 100, 60, "b.csv")
    assert few_reads == many_reads
    assert many_writes <= few_writes + 8  # batched INSERTs (fewer rows per statement on SQLite)


@pytest.mark.django_db
def test_a_member_party_in_a_siglado_contest_registers_the_coalitions_candidacy(
    tmp_path, tree, offices, district
):
    from elections.factories import CoalitionFactory
    from elections.models import SigladoEntry

    process = tree[0].process
    pan, pri = tree[1]["PAN"].party, tree[1]["PRI"].party
    mr, governorship = offices["diputacion-mr"], offices["gubernatura"]
    alliance = CoalitionFactory(process=process, members=[pan, pri])
    SigladoEntry.objects.create(coalition=alliance, office=mr, district=district, party=pan)
    SigladoEntry.objects.create(coalition=alliance, office=governorship, party=pri)
    path = write(
        tmp_path,
        f"Ana Coalición,Mujer,1980-05-01,{mr.slug},1,,PAN,propietaria,\n"
        f"Gloria Coalición,Mujer,1970-05-01,{governorship.slug},,,PRI,propietaria,\n"
        f"Pedro Solo,Hombre,1980-05-01,{mr.slug},1,,PRI,propietario,\n",
    )
    assert load_registry(path, process).errors == []
    coalitions = dict(CandidacyPage.objects.values_list("title", "coalition__name"))
    assert coalitions == {
        "Ana Coalición": alliance.name,
        "Gloria Coalición": alliance.name,
        "Pedro Solo": None,  # PRI is not the siglado's party for district 1
    }
    assert CandidacyPage.objects.get(title="Ana Coalición").display_organization == alliance
