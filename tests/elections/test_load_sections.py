"""`manage.py load_sections FILE.csv`: section → district and municipality, all or nothing."""

from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from elections.factories import DistrictFactory, MunicipalityFactory
from elections.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(process):
    return {
        "d7": DistrictFactory(process=process, number=7, head_town="Matamoros"),
        "d8": DistrictFactory(process=process, number=8, head_town="Torreón"),
        "torreon": MunicipalityFactory(inegi_code="05035", name="Torreón"),
        "matamoros": MunicipalityFactory(inegi_code="05017", name="Matamoros"),
    }


def write(tmp_path, text, name="secciones.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(path, process):
    out = StringIO()
    call_command("load_sections", path, "--proceso", process.slug, stdout=out, stderr=out)
    return out.getvalue()


def test_loads_sections_and_links_districts_to_municipalities(tmp_path, process, places):
    path = write(tmp_path, "seccion,distrito,municipio\n1001,8,05035\n1002,7,017\n1003,7,05035\n")
    output = run(path, process)
    assert "3 secciones (3 nuevas, 0 actualizadas)" in output
    section = Section.objects.get(process=process, number=1002)
    assert (section.district, section.municipality) == (places["d7"], places["matamoros"])
    assert set(places["d7"].municipalities.all()) == {places["matamoros"], places["torreon"]}


def test_is_idempotent_and_updates_a_moved_section(tmp_path, process, places):
    run(write(tmp_path, "seccion,distrito,municipio\n1001,8,05035\n"), process)
    assert "0 nuevas, 0 actualizadas" in run(
        write(tmp_path, "seccion,distrito,municipio\n1001,8,05035\n"), process
    )
    assert "0 nuevas, 1 actualizadas" in run(
        write(tmp_path, "seccion,distrito,municipio\n1001,7,05035\n"), process
    )
    assert Section.objects.get(number=1001).district == places["d7"]
    assert Section.objects.count() == 1


def test_bad_rows_are_reported_by_line_and_nothing_is_loaded(tmp_path, process, places):
    text = (
        "seccion,distrito,municipio\n"
        "1001,8,05035\n"
        "abc,8,05035\n"
        "1002,99,05035\n"
        "1003,8,09999\n"
        "1001,7,05035\n"
    )
    err = StringIO()
    with pytest.raises(CommandError, match="4 renglones con errores"):
        call_command("load_sections", write(tmp_path, text), stderr=err, stdout=StringIO())
    messages = err.getvalue()
    assert "Renglón 3: sección y distrito deben ser números." in messages
    assert "Renglón 4: no existe el distrito 99." in messages
    assert "Renglón 5: no existe el municipio «09999»." in messages
    assert "Renglón 6: la sección 1001 ya apareció en el renglón 2." in messages
    assert not Section.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("secciones.xlsx", "seccion,distrito,municipio\n", "debe ser CSV"),
        ("secciones.csv", "numero,dtto\n1,2\n", "Falta la columna «seccion»"),
    ],
)
def test_refuses_wrong_files(tmp_path, process, places, name, content, message):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, content, name), process)


def test_refuses_non_utf8_and_missing_files(tmp_path, process, places):
    path = tmp_path / "latin1.csv"
    path.write_bytes("seccion,distrito,municipio\n1,8,Torreón\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run(str(path), process)
    with pytest.raises(CommandError, match="No se encontró"):
        run(str(tmp_path / "no-existe.csv"), process)
