"""Offices other than Coahuila's four, imported because the process's catalog defines them.

Issue #13: a Mexico City report was rejected whole («Concejalía RP» 631 rows, «Concejalía MR»
374, «Diputación Migrante» 4; Jefatura de Gobierno and alcaldías unknown). With the Mexico City
template loaded, the same labels, as the report writes them, land on the catalog's offices.
"""

from django.core.management import call_command

import pytest

from candidates.models import CandidacyPage
from elections.models import Office

from .test_new_process_docs import catalog_for_today, ine_report

pytestmark = pytest.mark.django_db


def row(number, name, office, **cells):
    return {
        "ENTIDAD": "CIUDAD DE MÉXICO",
        "NUM_LISTA_O_FORMULA": str(number),
        "NOMBRE_CANDIDATO": name,
        "CARGO": office,
        "PARTIDO_COALICION": "MORENA",
        **cells,
    }


ROWS = [
    row(1, "Clara Jefatura Uno", "Jefatura de Gobierno",
        PARTIDO_COALICION="Seguimos Haciendo Historia en la Ciudad de México"),
    row(2, "Alma Alcaldía Dos", "ALCALDÍA", MUNICIPIO="Coyoacán",
        PARTIDO_COALICION="PAN-PRI-PRD"),
    row(3, "Celia Concejal Tres", "Concejalía MR", MUNICIPIO="IZTAPALAPA"),
    row(4, "Carla Concejal Cuatro", "Concejalía RP", MUNICIPIO="Tlalpan",
        PARTIDO_COALICION="Movimiento Ciudadano"),
    row(5, "Mina Migrante Cinco", "Diputación Migrante", PARTIDO_COALICION="PT"),
    row(6, "Cora Concejal Seis", "CONCEJALÍAS DE REPRESENTACIÓN PROPORCIONAL",
        MUNICIPIO="Milpa Alta", PARTIDO_COALICION="PVEM"),
]  # fmt: skip


def test_mexico_city_offices_import_onto_the_catalog(tmp_path, capsys):
    catalog, slug = catalog_for_today(tmp_path / "cdmx", "cdmx_2024.json")
    call_command("load_catalogs", str(catalog))
    offices = Office.objects.count()
    report = ine_report(tmp_path / "iecm.xlsx", ROWS)
    call_command("import_conoceles", str(report), "--no-progress", "--proceso", slug)
    out = capsys.readouterr()
    assert "Creadas: 6;" in out.out and "con errores: 0" in out.out, out.err
    assert Office.objects.count() == offices  # nothing invented
    placed = {
        page.title: (page.office.slug, page.municipality.inegi_code if page.municipality else None)
        for page in CandidacyPage.objects.select_related("office", "municipality")
    }
    assert placed == {
        "Clara Jefatura Uno": ("jefatura-de-gobierno", None),
        "Alma Alcaldía Dos": ("alcaldia", "09003"),
        "Celia Concejal Tres": ("concejalia-mr", "09007"),
        "Carla Concejal Cuatro": ("concejalia-rp", "09012"),
        "Mina Migrante Cinco": ("diputacion-migrante", None),
        "Cora Concejal Seis": ("concejalia-rp", "09009"),
    }
    alma = CandidacyPage.objects.get(title="Alma Alcaldía Dos")
    assert alma.coalition.slug == "va-x-la-cdmx" and alma.party.acronym == "PAN"  # siglado


def test_an_office_the_catalog_lacks_is_reported_with_its_offices(tmp_path, capsys):
    catalog, slug = catalog_for_today(tmp_path / "cdmx", "cdmx_2024.json")
    call_command("load_catalogs", str(catalog))
    report = ine_report(tmp_path / "iecm.xlsx", [row(7, "Gina Gobernadora", "GUBERNATURA")])
    call_command("import_conoceles", str(report), "--no-progress", "--proceso", slug)
    err = capsys.readouterr().err
    assert "CARGO «GUBERNATURA» no está en el catálogo del proceso" in err
    assert "«CONCEJALÍA RP»" in err and "«JEFATURA DE GOBIERNO»" in err
    assert not CandidacyPage.objects.exists()
