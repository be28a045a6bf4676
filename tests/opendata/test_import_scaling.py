"""The import's cost does not grow with queries per row; duplicate rows are refused by number."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import xlrd
from openpyxl import Workbook

from candidates.models import CandidacyPage
from candidates.validation import questionnaire_errors
from identity.models import ConsentEvent, IdentityQuestionnaire
from opendata import ine
from opendata.importer import ConocelesImporter
from tests.opendata.factories_helpers import IDENTITY_CELLS

from .factories_helpers import REFERENCE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REFERENCE.exists(), reason="reference file not present"),
]


def template_rows():
    """INE's header and its first diputación MR row (a fórmula with a district)."""
    sheet = xlrd.open_workbook(str(REFERENCE)).sheet_by_name(ine.CANDIDATES_SHEET)
    header = sheet.row_values(0)
    row = next(
        sheet.row_values(r)
        for r in range(1, sheet.nrows)
        if sheet.row_values(r)[1] == "DIPUTACIÓN LOCAL MR"
    )
    identity_header = (
        xlrd.open_workbook(str(REFERENCE)).sheet_by_name(ine.IDENTITY_SHEET).row_values(0)
    )
    return header, row, identity_header


def people_file(path, numbers, duplicate_of=None, motivation=None):
    """One person per number, same force, office and district; each with identity answers."""
    header, template, identity_header = template_rows()
    book = Workbook(write_only=True)
    people = book.create_sheet(ine.CANDIDATES_SHEET)
    people.append(header)
    identity = book.create_sheet(ine.IDENTITY_SHEET)
    identity.append(identity_header)
    for number in numbers:
        row = list(template)
        row[6] = number
        row[7] = f"PERSONA SINTÉTICA {number}"
        row[8] = "PROPIETARIA"
        if motivation:
            row[21] = motivation
        people.append(row)
        identity.append(row[:11] + IDENTITY_CELLS)
    if duplicate_of is not None:
        row = list(template)
        row[6], row[7], row[8] = duplicate_of, "OTRA PERSONA", "PROPIETARIA"
        people.append(row)
    book.save(path)
    return path


def import_queries(path):
    with CaptureQueriesContext(connection) as ctx:
        report = ConocelesImporter().run(path)
    assert not report.errors
    queries = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "sqlite":
        # modelsearch's SQLite backend rewrites existing index entries one UPDATE each
        # (PostgreSQL's upserts them in one statement): a library limit, not the import's.
        queries = [q for q in queries if not q.startswith('UPDATE "wagtailsearch_indexentry"')]
    writes = sum(1 for q in queries if q.startswith(("INSERT", "UPDATE")))
    return report, len(queries) - writes, writes


def test_queries_do_not_grow_with_the_rows(tmp_path):
    # The first import creates the catalogs (process, force, office, district) once.
    import_queries(people_file(tmp_path / "uno.xlsx", [99]))
    few, few_other, few_inserts = import_queries(
        people_file(tmp_path / "pocos.xlsx", range(10, 15))
    )
    many, many_other, many_inserts = import_queries(
        people_file(tmp_path / "muchos.xlsx", range(100, 160))
    )
    assert (few.created, many.created) == (5, 60)
    assert (few.identity_applied, many.identity_applied) == (5, 60)
    assert few_other == many_other
    # INSERTs go in batches (fewer rows per statement on SQLite's 999-parameter limit).
    assert many_inserts <= few_inserts + 10

    again, again_other, again_inserts = import_queries(
        people_file(tmp_path / "muchos.xlsx", range(100, 160))
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60)
    assert again.identity_applied == 0 and again_inserts == 0


def test_changed_rows_are_republished_without_queries_per_row(tmp_path):
    import_queries(people_file(tmp_path / "uno.xlsx", [99]))
    import_queries(people_file(tmp_path / "pocos.xlsx", range(5)))
    import_queries(people_file(tmp_path / "muchos.xlsx", range(100, 160)))
    few, few_other, few_writes = import_queries(
        people_file(tmp_path / "pocos2.xlsx", range(5), motivation="Motivo actualizado por el INE.")
    )
    many, many_other, many_writes = import_queries(
        people_file(tmp_path / "muchos2.xlsx", range(100, 160), motivation="Motivo actualizado.")
    )
    assert (few.updated, many.updated) == (5, 60)
    assert few_other == many_other
    assert many_writes <= few_writes + 10
    page = CandidacyPage.objects.get(external_id="150")
    assert page.motivation == "Motivo actualizado."
    assert page.live and page.revisions.count() == 2
    assert page.live_revision_id == page.latest_revision_id


def test_every_imported_person_is_published_with_answers_and_consents(tmp_path):
    report = ConocelesImporter().run(people_file(tmp_path / "p.xlsx", range(1, 4)))
    assert report.created == 3
    pages = CandidacyPage.objects.filter(external_id__in=["1", "2", "3"])
    assert all(p.live and p.live_revision_id for p in pages)
    assert IdentityQuestionnaire.objects.filter(candidacy__in=pages).count() == 3
    assert ConsentEvent.objects.filter(candidacy__in=pages).count() == 9  # three consents each
    assert CandidacyPage.objects.live().search("SINTÉTICA").count() == 3


def test_the_postulating_force_postulates_the_office(tmp_path):
    ConocelesImporter().run(people_file(tmp_path / "p.xlsx", [7]))
    page = CandidacyPage.objects.get(external_id="7")
    assert page.coalition.offices.filter(pk=page.office_id).exists()
    assert "coalition" not in questionnaire_errors(lambda name: getattr(page, name), strict=True)


def test_a_repeated_formula_is_reported_by_row_and_not_imported_twice(tmp_path):
    path = people_file(tmp_path / "p.xlsx", [1, 2], duplicate_of=2)
    report = ConocelesImporter().run(path)
    assert report.created == 2
    assert report.errors == [
        (ine.CANDIDATES_SHEET, 4, "repite la fórmula 2 (propietaria/propietario) de la fila 3.")
    ]
    assert CandidacyPage.objects.filter(external_id="2").count() == 1
