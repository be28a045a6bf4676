"""docs/new-process.md, followed literally: a template catalog for a new state → load_catalogs →
import an INE-layout report with a real OPL's messy values → public listing and the report.

Each step is the command the page shows, run as the page says; only the process's dates are
edited (the page's step 1: the institute sets its own calendar), so that the process is in its
publication period today.
"""

import csv
import datetime as dt
import json
import shutil

from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from openpyxl import Workbook, load_workbook

from candidates.models import CandidacyPage
from elections.catalog_loader import DATA_DIR
from elections.catalog_validation import CatalogError, validate_catalog
from opendata import ine
from opendata.models import ImportFlag

pytestmark = pytest.mark.django_db

TEMPLATES = DATA_DIR / "templates"
TEMPLATE = "estado_congreso_ayuntamientos.json"
LONG_MOTIVATION = "Quiero servir a Colima. " * 200  # 4,800 characters against a 2,500 limit


def catalog_for_today(folder, template=TEMPLATE):
    """Step 1: copy the templates and set the process's calendar around today."""
    shutil.copytree(TEMPLATES, folder)
    path = folder / template
    data = json.loads(path.read_text(encoding="utf-8"))
    today = dt.date.today()

    def day(offset):
        return (today + dt.timedelta(days=offset)).isoformat()

    data["process"].update(
        starts_on=day(-120),
        registration_starts_on=day(-40),
        registration_ends_on=day(-30),
        campaign_starts_on=day(-20),
        campaign_ends_on=day(20),
        election_day=day(25),
        capture_opens_at=f"{day(-40)}T09:00:00-06:00",
        capture_closes_at=f"{day(20)}T23:59:00-06:00",
        publish_start=day(-20),
        online_until=day(60),
        block_at=day(120),
        cancel_after=day(480),
    )
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path, data["process"]["slug"]


ROW = {
    "PARTIDO_COALICION": "",
    "CARGO": "",
    "ENTIDAD": "COLIMA",
    "DISTRITO LOCAL": "No aplica",
    "CIRCUNSCRIPCION": "No aplica",
    "MUNICIPIO": "No aplica",
    "NUM_LISTA_O_FORMULA": "",
    "NOMBRE_CANDIDATO": "",
    "TIPO_CANDIDATO": "PROPIETARIA",
    "EDAD": "41",
    "SEXO": "MUJER",
    "DIRECCION_CASA_CAMPAÑA": "Calle Ejemplo 1, Colima",
    "TELEFONO": "312 555 0101",
    "CORREO_ELECTRONICO": "campana@example.org",
    "PAGINA_WEB": "No proporcionó",
    "REDES": "https://www.facebook.com/ejemplo",
    "ESCOLARIDAD": "Licenciatura",
    "ESTATUS_ESCOLARIDAD": "Título",
    "CURSOS": "Diplomado en políticas públicas",
    "HISTORIA_PROFESIONAL": "Contadora pública en despacho propio durante quince años.",
    "TRAYECTORIA_POLITICA": "Regidora del ayuntamiento de Colima.",
    "MOTIVO_CARGO_PUBLICO": "Quiero que Colima tenga agua para todos.",
    "PROPUESTA_1": "Agua potable en cada colonia.",
    "PROPUESTA_2": "Transporte público nocturno.",
    "PROPUESTA_GENERO": "Guarderías de tiempo completo.",
    "SOBRENOMBRE": "",
    "ACCION_AFIRMATIVA": "",
}

# The OPL's report: a clean governorship-less state file with the values real files carry.
ROWS = [
    # 3: clean, a party by acronym, an MR district, alias and affirmative action.
    {"PARTIDO_COALICION": "PAN", "CARGO": "DIPUTACIÓN LOCAL MR", "DISTRITO LOCAL": "1-COLIMA",
     "NUM_LISTA_O_FORMULA": "101", "NOMBRE_CANDIDATO": "Lucía Ramírez Torres",
     "SOBRENOMBRE": "La Güera", "ACCION_AFIRMATIVA": "JOVEN"},
    # 4: the coalition by its members, OPL vocabulary, a municipality, no age.
    {"PARTIDO_COALICION": "MORENA - PT - PVEM", "CARGO": "Presidentes municipales",
     "MUNICIPIO": "Manzanillo", "NUM_LISTA_O_FORMULA": "102",
     "NOMBRE_CANDIDATO": "Rosa Mendoza Cárdenas", "EDAD": "n/d", "ESCOLARIDAD": "BACHILLERATO",
     "ESTATUS_ESCOLARIDAD": "FINALIZADO", "TIPO_CANDIDATO": "PROPIETARIA"},
    # 5: flaggable only: a bare handle, "n/d" phone, over-long motivation, no sex.
    {"PARTIDO_COALICION": "Movimiento Ciudadano", "CARGO": "Diputaciones de representación "
     "proporcional", "NUM_LISTA_O_FORMULA": "103", "NOMBRE_CANDIDATO": "Andrea Solís Vega",
     "REDES": "@andrea_sv, Instagram: @andrea.sv", "TELEFONO": "n/d", "SEXO": "",
     "MOTIVO_CARGO_PUBLICO": LONG_MOTIVATION},
    # 6: an unknown party label: reported, never invented.
    {"PARTIDO_COALICION": "P-31-7 · PAN-PRD · YUCATÁN", "CARGO": "DIPUTACIÓN LOCAL MR",
     "DISTRITO LOCAL": "2-VILLA DE ÁLVAREZ", "NUM_LISTA_O_FORMULA": "104",
     "NOMBRE_CANDIDATO": "Mario Ortega Díaz", "TIPO_CANDIDATO": "PROPIETARIO",
     "SEXO": "HOMBRE", "EDAD": "cuarenta", "ACCION_AFIRMATIVA": "Zurdos"},
]  # fmt: skip


def ine_report(path, rows):
    """An INE-layout workbook as an OPL converts its own report: a title row above the header,
    the optional SOBRENOMBRE and ACCION_AFIRMATIVA columns, no identity sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = ine.CANDIDATES_SHEET
    sheet.append(["Reporte de candidaturas del OPL"])
    sheet.append(list(ROW))
    for row in rows:
        sheet.append([(ROW | row)[column] for column in ROW])
    book.save(path)
    return path


def test_docs_new_process_from_template_to_public_listing(tmp_path, client, capsys):
    # 1. The catalog file, from the template for a state congress and its municipalities.
    catalog, slug = catalog_for_today(tmp_path / "mi-proceso")

    # 2. Load it.
    call_command("load_catalogs", str(catalog))
    assert "Árbol de páginas" in capsys.readouterr().out

    # 4. Import the report, with the report of problems.
    informe = tmp_path / "problemas.xlsx"
    report = ine_report(tmp_path / "reporte.xlsx", ROWS)
    call_command(
        "import_conoceles", str(report), "--no-progress", "--proceso", slug,
        "--informe", str(informe),
    )  # fmt: skip
    output = capsys.readouterr()
    assert "Creadas: 3;" in output.out and "con errores: 1" in output.out

    lucia = CandidacyPage.objects.get(title="Lucía Ramírez Torres")
    assert lucia.live and lucia.party.acronym == "PAN" and lucia.district.number == 1
    assert lucia.alias == "La Güera" and lucia.affirmative_action == "joven"
    rosa = CandidacyPage.objects.get(title="Rosa Mendoza Cárdenas")
    assert rosa.live and rosa.office.slug == "presidencia-municipal"
    assert rosa.coalition.slug == "coalicion-ejemplo" and rosa.party.acronym == "MORENA"
    assert rosa.municipality.inegi_code == "06007" and rosa.registered_age is None
    assert (rosa.education_level, rosa.education_status) == ("preparatoria", "certificado")
    andrea = CandidacyPage.objects.get(title="Andrea Solís Vega")
    assert not andrea.live and andrea.office.slug == "diputacion-rp"
    assert andrea.motivation == LONG_MOTIVATION  # kept whole, not cut
    assert andrea.instagram_url == "https://www.instagram.com/andrea.sv"
    assert sorted(ImportFlag.objects.filter(candidacy=andrea).values_list("column", flat=True)) == [
        "MOTIVO_CARGO_PUBLICO",
        "REDES",
        "SEXO",
    ]
    assert not CandidacyPage.objects.filter(title="Mario Ortega Díaz").exists()

    # The public listing shows the published candidacies, not the draft.
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/candidaturas/").content.decode()
    assert "Lucía Ramírez Torres" in html and "Rosa Mendoza Cárdenas" in html
    assert "Andrea Solís Vega" not in html
    assert len(queries) < 40
    profile = client.get(lucia.url).content.decode()
    assert "«La Güera»" in profile and "Persona joven" in profile

    # Every problem of every row, one line each, in the downloadable report.
    sheet = load_workbook(informe, read_only=True)["Problemas"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Hoja", "Fila", "Columna", "Valor", "Problema")
    problems = {(row[1], row[2]): (row[3], row[4]) for row in rows[1:]}
    assert set(problems) == {
        (5, "REDES"),
        (5, "SEXO"),
        (5, "MOTIVO_CARGO_PUBLICO"),
        (6, "EDAD"),
        (6, "ACCION_AFIRMATIVA"),
        (6, "PARTIDO_COALICION"),
    }
    assert problems[(5, "REDES")][0] == "@andrea_sv"  # a handle stays text, never a formula
    assert "2500" in problems[(5, "MOTIVO_CARGO_PUBLICO")][1]
    assert "no coincide con ningún partido" in problems[(6, "PARTIDO_COALICION")][1]
    assert "«MORENA»" in problems[(6, "PARTIDO_COALICION")][1]  # what the catalog has


def test_every_template_is_a_valid_catalog():
    for path in sorted(TEMPLATES.glob("*.json")):
        validate_catalog(path)


def test_the_mexico_city_offices_are_importable_by_their_report_labels(tmp_path):
    """Jefatura, alcaldías, concejalías and diputación migrante: catalog data, matched by the
    labels real reports use (issue #13 counted 631 «Concejalía RP» and 374 «Concejalía MR»)."""
    from opendata.reading.offices import OfficeIndex

    data = json.loads((TEMPLATES / "cdmx_2024.json").read_text(encoding="utf-8"))

    class Office:
        def __init__(self, item):
            self.slug, self.name = item["slug"], item["name"]
            self.short_name, self.ine_label = item["short_name"], item["ine_label"]

    index = OfficeIndex([Office(item) for item in data["offices"]])
    labels = {
        "Concejalía RP": "concejalia-rp",
        "CONCEJALIAS DE REPRESENTACION PROPORCIONAL": "concejalia-rp",
        "Concejalía MR": "concejalia-mr",
        "Diputación Migrante": "diputacion-migrante",
        "JEFATURA DE GOBIERNO": "jefatura-de-gobierno",
        "Jefa de Gobierno": "jefatura-de-gobierno",
        "Alcaldías": "alcaldia",
        "Diputado MR": "diputacion-mr",
    }
    assert {label: getattr(index.get(label), "slug", None) for label in labels} == labels
    assert index.get("Concejalía") is None  # MR or RP: ambiguous, reported, never guessed


def test_catalog_errors_are_listed_per_entry_in_spanish(tmp_path):
    folder = tmp_path / "malo"
    shutil.copytree(TEMPLATES, folder)
    path = folder / TEMPLATE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["offices"][0]["principio"] = "MR"
    data["offices"][1]["slug"] = data["offices"][0]["slug"]
    data["districts"][0]["municipalities"].append("06099")
    data["parties"][0]["color"] = "azul"
    data["coalitions"][0]["members"].append("PRD")
    data["process"]["election_day"] = "6 de junio"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with (folder / "estado_municipios.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["6011", "Inventado"], ["05030", "Saltillo"]])

    with pytest.raises(CatalogError) as raised:
        validate_catalog(path)
    problems = raised.value.problems
    expected = [
        "process: «election_day» «6 de junio» no es una fecha válida",
        "estado_municipios.csv, línea 12: «6011» no es una clave INEGI de municipio",
        "estado_municipios.csv, línea 13: el municipio 05030 no es de la entidad 06",
        "offices[0] (diputacion-mr): clave desconocida «principio»",
        "offices[1]: «slug» «diputacion-mr» repetido",
        "districts[0] (1): el municipio 06099 no está en estado_municipios.csv",
        "parties[0] (PAN): «color» debe ser #RRGGBB",
        "coalitions[0] (coalicion-ejemplo): el integrante «PRD» no está en parties",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)
    assert len(problems) == len(expected)

    # Through the command: nothing is written, every problem is shown.
    with pytest.raises(CommandError) as command:
        call_command("load_catalogs", str(path))
    assert "8 problema(s)" in str(command.value) and "06099" in str(command.value)
    from elections.models import ElectoralProcess

    assert not ElectoralProcess.objects.filter(slug=data["process"]["slug"]).exists()
