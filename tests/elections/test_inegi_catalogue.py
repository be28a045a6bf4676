"""The shipped national catalogue of INEGI municipalities and its use by `load_catalog`."""

import csv
import json
import shutil
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from elections.catalog_loader import DATA_DIR, load_catalog
from elections.catalog_validation import CatalogError, validate_catalog
from elections.inegi import NATIONAL_CATALOG, national_municipalities, state_counts
from elections.models import Municipality

TEMPLATES = DATA_DIR / "templates"

# Municipalities (alcaldías in Mexico City) per state in INEGI's Marco Geoestadístico,
# 2,478 in all: San Luis Potosí counts Villa de Pozos (24059), created in 2024.
INEGI_TOTALS = {
    "01": 11, "02": 7, "03": 5, "04": 13, "05": 38, "06": 10, "07": 124, "08": 67,
    "09": 16, "10": 39, "11": 46, "12": 85, "13": 84, "14": 125, "15": 125, "16": 113,
    "17": 36, "18": 20, "19": 51, "20": 570, "21": 217, "22": 18, "23": 11, "24": 59,
    "25": 20, "26": 72, "27": 17, "28": 43, "29": 60, "30": 212, "31": 106, "32": 58,
}  # fmt: skip


def _rows():
    with NATIONAL_CATALOG.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_catalogue_has_every_municipality_of_every_state_once():
    rows = _rows()
    assert state_counts() == INEGI_TOTALS
    assert len(rows) == sum(INEGI_TOTALS.values()) == 2478
    assert len({row["inegi_code"] for row in rows}) == 2478
    for row in rows:
        assert row["inegi_code"] == row["state_code"] + row["municipality_code"]
        assert len(row["inegi_code"]) == 5 and row["inegi_code"].isdigit()
        assert row["name"].strip() == row["name"] and row["name"]


def test_the_catalogue_agrees_with_the_files_written_by_hand():
    """Coahuila's demo CSV and the templates' Colima and Mexico City files were copied from INEGI
    before the national file existed: same codes, same names."""
    for path in (
        DATA_DIR / "coahuila_municipalities.csv",
        TEMPLATES / "estado_municipios.csv",
        TEMPLATES / "cdmx_alcaldias.csv",
    ):
        with path.open(encoding="utf-8") as handle:
            own = {row["inegi_code"]: row["name"] for row in csv.DictReader(handle)}
        state = next(iter(own))[:2]
        assert national_municipalities(state) == own, path.name


def test_by_state_code_and_federal():
    assert list(national_municipalities("06")) == [f"060{n:02d}" for n in range(1, 11)]
    assert national_municipalities("24")["24059"] == "Villa de Pozos"
    assert len(national_municipalities("00")) == 2478  # a federal process: the whole country
    assert national_municipalities("33") == {}
    assert national_municipalities("") == {}


def _catalog_without_csv(tmp_path, template="estado_congreso_ayuntamientos.json"):
    folder = tmp_path / "proceso"
    shutil.copytree(TEMPLATES, folder)
    path = folder / template
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("municipalities_csv", None)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_catalog_without_a_csv_loads_its_state_from_the_national_catalogue(tmp_path):
    path = _catalog_without_csv(tmp_path)
    validate_catalog(path)
    process, report = load_catalog(path)
    assert process.state_code == "06"
    assert dict(Municipality.objects.values_list("inegi_code", "name")) == national_municipalities(
        "06"
    )
    assert report.created["municipios"] == 10
    # Its districts name Colima's municipalities: they were joined to the national rows.
    assert process.districts.filter(municipalities__inegi_code="06002").exists()

    _process, again = load_catalog(path)
    assert "municipios" not in again.created and "municipios" not in again.updated
    assert Municipality.objects.count() == 10


@pytest.mark.django_db
def test_the_federal_template_loads_the_whole_country_in_few_queries(tmp_path):
    path = TEMPLATES / "federal_2024.json"
    assert "municipalities_csv" not in json.loads(path.read_text(encoding="utf-8"))
    with CaptureQueriesContext(connection) as first:
        load_catalog(path)
    assert Municipality.objects.count() == 2478
    assert Municipality.objects.get(inegi_code="20067").name == "Oaxaca de Juárez"
    # Bulk writes: the country is not one query per municipality.
    assert len(first.captured_queries) < 400

    Municipality.objects.filter(inegi_code="05030").update(name="Saltillo (viejo)")
    _process, report = load_catalog(path)
    assert report.updated["municipios"] == 1
    assert Municipality.objects.get(inegi_code="05030").name == "Saltillo"
    assert Municipality.objects.count() == 2478


def test_a_district_outside_the_state_is_reported_against_the_national_catalogue(tmp_path):
    path = _catalog_without_csv(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["districts"][0]["municipalities"].append("05030")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        validate_catalog(path)
    assert any(
        "el municipio 05030 no está en el catálogo nacional de la entidad" in problem
        for problem in caught.value.problems
    )


def test_the_catalogue_is_documented_with_its_source_and_licence():
    readme = (Path(NATIONAL_CATALOG).parent / "README.md").read_text(encoding="utf-8")
    assert NATIONAL_CATALOG.name in readme
    assert "2478" in readme.replace(",", "") and "INEGI" in readme
