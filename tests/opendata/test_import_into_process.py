"""`import_conoceles --proceso`: rows land on the loaded catalogs, nothing is invented (#13, B)."""

import datetime as dt

from django.core.management import CommandError, call_command

import pytest
import xlrd
from openpyxl import Workbook

from candidates.models import CandidacyPage
from candidates.tree import ensure_process_tree
from elections.catalog_loader import load_catalog
from elections.models import Coalition, ElectoralProcess, Office, Party
from opendata import ine

from .factories_helpers import REFERENCE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present"),
]


@pytest.fixture
def coahuila():
    """The demo's catalog, its identity-data blocking moved ahead as seed_demo does."""
    process, _report = load_catalog()
    today = dt.date.today()
    process.block_at, process.cancel_after = today + dt.timedelta(365), today + dt.timedelta(730)
    process.online_until = today + dt.timedelta(30)
    process.save()
    ensure_process_tree(process)
    return process


def ine_file(path, rows):
    """An INE-layout workbook: real cells of INE's reference rows, overridden by `rows`."""
    source = xlrd.open_workbook(str(REFERENCE)).sheet_by_name(ine.CANDIDATES_SHEET)
    header = source.row_values(0)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(ine.CANDIDATES_SHEET)
    sheet.append(header)
    for r, change in enumerate(rows, start=1):
        values = source.row_values(r)
        base = {
            "ENTIDAD": "COAHUILA",
            "TIPO_CANDIDATO": "PROPIETARIO",
            "EDAD": "45",
            "MUNICIPIO": "No aplica",
            "CIRCUNSCRIPCION": "No aplica",
            "NUM_LISTA_O_FORMULA": str(900 + r),
            "NOMBRE_CANDIDATO": f"Persona de Prueba {r}",
        }
        for column, value in (base | change).items():
            values[header.index(column)] = value
        sheet.append(values)
    identity = book.create_sheet(ine.IDENTITY_SHEET)
    identity.append(
        xlrd.open_workbook(str(REFERENCE)).sheet_by_name(ine.IDENTITY_SHEET).row_values(0)
    )
    book.save(path)
    return path


def counts():
    return (ElectoralProcess.objects.count(), Party.objects.count(), Coalition.objects.count())


def test_labels_match_the_process_catalogs_by_acronym_name_and_members(tmp_path, coahuila):
    before = counts()
    path = ine_file(
        tmp_path / "coahuila.xlsx",
        [
            {"PARTIDO_COALICION": "pt", "CARGO": "Gubernatura", "DISTRITO LOCAL": "No aplica"},
            {
                "PARTIDO_COALICION": "PRI - PAN - PRD",
                "CARGO": "DIPUTACION LOCAL MR",
                "DISTRITO LOCAL": "1-ACUÑA",
            },
            {
                "PARTIDO_COALICION": "Partido Verde Ecologista de México",
                "CARGO": "DIPUTACIÓN LOCAL MR",
                "DISTRITO LOCAL": "2-MONCLOVA",
            },
        ],
    )
    call_command("import_conoceles", str(path), "--no-progress", "--proceso", coahuila.slug)
    assert counts() == before  # no process, party or coalition invented
    pt = CandidacyPage.objects.get(title="Persona de Prueba 1")
    assert pt.party.acronym == "PT" and pt.office.slug == "gubernatura"
    assert pt.get_parent().specific.party.acronym == "PT"
    alliance = CandidacyPage.objects.get(title="Persona de Prueba 2")
    assert alliance.coalition.slug == "alianza-ciudadana-por-la-seguridad"
    assert alliance.district.number == 1 and alliance.office.process == coahuila
    # Captured under the member the siglado names for that district.
    assert alliance.get_parent().specific.party in alliance.coalition.members.all()
    green = CandidacyPage.objects.get(title="Persona de Prueba 3")
    assert green.party.acronym == "PVEM"


def test_unmatched_labels_are_all_reported_with_the_catalogs_options(tmp_path, coahuila, capsys):
    before = counts()
    offices = Office.objects.count()
    path = ine_file(
        tmp_path / "cdmx.xlsx",
        [
            {
                "PARTIDO_COALICION": "M(-31",
                "CARGO": "Concejalía RP",
                "DISTRITO LOCAL": "99-NINGUNA",
            },
            {"PARTIDO_COALICION": "P-31-7 · PAN-PRD · YUCATÁN", "CARGO": "GUBERNATURA"},
        ],
    )
    informe = tmp_path / "informe.csv"
    call_command(
        "import_conoceles",
        str(path),
        "--no-progress",
        "--proceso",
        coahuila.slug,
        "--informe",
        str(informe),
    )
    err = capsys.readouterr().err
    assert "CARGO «CONCEJALÍA RP» no está en el catálogo del proceso" in err
    assert "«GUBERNATURA»" in err  # the options the catalog has
    assert "DISTRITO LOCAL 99 no está en el catálogo" in err
    assert "PARTIDO_COALICION «M(-31» no coincide con ningún partido" in err
    assert "«MORENA»" in err
    assert "PARTIDO_COALICION «P-31-7 · PAN-PRD · YUCATÁN» no coincide" in err
    assert counts() == before and Office.objects.count() == offices
    assert not CandidacyPage.objects.exists()
    lines = informe.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[2] for line in lines[1:4]] == [
        "CARGO",
        "DISTRITO LOCAL",
        "PARTIDO_COALICION",
    ]


def test_a_row_of_another_state_is_refused(tmp_path, coahuila, capsys):
    path = ine_file(
        tmp_path / "otro.xlsx",
        [{"ENTIDAD": "YUCATÁN", "PARTIDO_COALICION": "PAN", "CARGO": "GUBERNATURA"}],
    )
    call_command("import_conoceles", str(path), "--no-progress", "--proceso", coahuila.slug)
    assert "ENTIDAD «YUCATÁN» no es la del proceso" in capsys.readouterr().err


def test_an_unknown_process_is_refused_listing_the_loaded_ones(tmp_path, coahuila):
    path = ine_file(tmp_path / "x.xlsx", [{"PARTIDO_COALICION": "PAN"}])
    with pytest.raises(CommandError, match=f"No existe el proceso «pelo-2024».*{coahuila.slug}"):
        call_command("import_conoceles", str(path), "--no-progress", "--proceso", "pelo-2024")


def test_a_row_with_bad_cells_is_imported_as_a_flagged_draft_the_party_sees(
    tmp_path, coahuila, capsys, client, django_user_model
):
    from opendata.models import ImportFlag

    messy = {
        "PARTIDO_COALICION": "morena",
        "CARGO": "DIPUTACIÓN LOCAL MR",
        "DISTRITO LOCAL": "3-SABINAS",
        "EDAD": "cuarenta y cinco",
        "ESCOLARIDAD": "Universidad",
        "ESTATUS_ESCOLARIDAD": "FINALIZADO",
        "TELEFONO": "n/d",
        "REDES": "@ana_c, Instagram: @ana.c",
    }
    path = ine_file(
        tmp_path / "opl.xlsx",
        [messy, {"PARTIDO_COALICION": "Partido Inventado", "CARGO": "GUBERNATURA"}],
    )
    informe = tmp_path / "informe.csv"
    call_command(
        "import_conoceles",
        str(path),
        "--no-progress",
        "--proceso",
        coahuila.slug,
        "--informe",
        str(informe),
    )
    output = capsys.readouterr()
    assert "Creadas: 1;" in output.out and "con errores: 1" in output.out
    assert "«Partido Inventado» no coincide" in output.err
    page = CandidacyPage.objects.get(title="Persona de Prueba 1")
    assert not page.live  # a draft until the party corrects it
    assert page.registered_age is None and page.education_level == ""
    assert page.education_status == "certificado"  # the vocabulary table, not a flag
    assert page.instagram_url == "https://www.instagram.com/ana.c"  # the usable entry is kept
    flags = list(ImportFlag.objects.filter(candidacy=page).values_list("column", "value"))
    assert flags == [
        ("EDAD", "cuarenta y cinco"),
        ("ESCOLARIDAD", "Universidad"),
        ("REDES", "@ana_c"),
    ]
    assert "borrador, con este dato pendiente" in informe.read_text(encoding="utf-8-sig")

    admin = django_user_model.objects.create_superuser("admin-flags", "a@example.org", "x" * 20)
    client.force_login(admin)
    editor = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Necesita corrección" in editor and "cuarenta y cinco" in editor

    # The party's file, corrected: the flags go.
    fixed = messy | {"EDAD": "45", "ESCOLARIDAD": "LICENCIATURA", "REDES": "Instagram: @ana.c"}
    call_command(
        "import_conoceles",
        str(ine_file(tmp_path / "bien.xlsx", [fixed])),
        "--no-progress",
        "--proceso",
        coahuila.slug,
    )
    assert not ImportFlag.objects.filter(candidacy=page).exists()
