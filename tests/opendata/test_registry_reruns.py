"""Re-loading a registry never duplicates a candidacy and never overwrites what a party captured."""

import datetime as dt

from wagtail.models import PageLogEntry

from candidates.models import CandidacyPage
from identity.models import IdentityQuestionnaire
from opendata.reading.registry import load_registry

from .db_snapshot import assert_unchanged, database_snapshot
from .factories_helpers import HEADER, MR, RP, answer_identity, command, csv_file


def capture_as_party(page, **values):
    """What Wagtail's editor does when a party saves: a draft's row and a new revision; for a
    published page, only the revision."""
    page = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(page, name, value)
    if not page.live:
        page.save(clean=False)
    page.save_revision(clean=False, log_action=True)


def test_a_second_load_of_the_same_file_writes_nothing(tmp_path, setup, loaded):
    before = database_snapshot()
    report = load_registry(loaded, setup)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 3, [])
    assert_unchanged(before)


def test_a_corrected_file_updates_registration_data_and_keeps_the_party_capture(
    tmp_path, setup, loaded
):
    page = CandidacyPage.objects.get(title="Lucía Pérez")
    capture_as_party(page, motivation="Capturado por el partido.", public_phone="8441234567")
    answer_identity(page)
    identity = list(IdentityQuestionnaire.objects.values())
    same = load_registry(loaded, setup)
    assert (same.updated, same.unchanged) == (0, 3)
    corrected = csv_file(
        tmp_path,
        [
            HEADER,
            f"Lucía Pérez Ramos,Mujer,1980-05-02,{MR},1,,PAN,propietaria,indígena",
            f"Marta Ruiz,Mujer,1990-01-02,{MR},1,,PAN,suplente,",
            f"Néstor Gil,Hombre,1975-03-03,{RP},,1,PRI,propietario,",
        ],
        name="corregido.csv",
    )
    report = load_registry(corrected, setup)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 1, 2, [])
    page = CandidacyPage.objects.get(pk=page.pk)
    latest = page.get_latest_revision_as_object()
    for version in (page, latest):
        assert version.title == "Lucía Pérez Ramos"
        assert version.birth_date == dt.date(1980, 5, 2)
        assert version.affirmative_action == "indigena"
        assert version.motivation == "Capturado por el partido."
        assert version.public_phone == "8441234567"
        assert version.age == 43
    assert not page.live and page.draft_title == "Lucía Pérez Ramos"
    assert PageLogEntry.objects.get(revision=page.latest_revision).action == "wagtail.edit"
    assert list(IdentityQuestionnaire.objects.values()) == identity
    again = load_registry(corrected, setup)
    assert (again.updated, again.unchanged) == (0, 3)


def test_a_published_candidacy_keeps_its_public_version_and_the_party_draft(
    tmp_path, setup, loaded
):
    page = CandidacyPage.objects.get(title="Néstor Gil")
    page.save_revision(clean=False).publish()
    capture_as_party(CandidacyPage.objects.get(pk=page.pk), motivation="Borrador del partido.")
    corrected = csv_file(
        tmp_path, [HEADER, f"Néstor Gil Soto,Hombre,1975-03-03,{RP},,1,PRI,propietario,"]
    )
    out, _err = command(corrected, setup)
    assert "actualizadas: 1 (de ellas 1 ya publicadas" in out
    page = CandidacyPage.objects.get(pk=page.pk)
    assert page.live and page.title == "Néstor Gil" and page.motivation == ""  # public version
    assert page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    assert (latest.title, latest.motivation) == ("Néstor Gil Soto", "Borrador del partido.")
    assert load_registry(corrected, setup).unchanged == 1  # idempotent from now on


def test_a_different_person_in_a_slot_is_a_substitution_not_an_update(tmp_path, setup, loaded):
    capture_as_party(CandidacyPage.objects.get(title="Marta Ruiz"), motivation="De Marta.")
    path = csv_file(tmp_path, [HEADER, f"Rosa Díaz,Mujer,1992-07-07,{MR},1,,PAN,suplente,"])
    before = database_snapshot()
    report = load_registry(path, setup)
    [(line, reason)] = report.errors
    assert line == 2 and reason.startswith("El lugar ya lo ocupa otra persona («Marta Ruiz»")
    assert_unchanged(before)


def test_a_registry_key_vouches_for_a_correction_of_name_and_date(tmp_path, setup):
    header = HEADER + ",clave"
    first = csv_file(
        tmp_path, [header, f"Ana Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,,R-1"], "a.csv"
    )
    assert load_registry(first, setup).created == 1
    fixed = csv_file(
        tmp_path, [header, f"Anna Peres,Mujer,1980-01-05,{MR},1,,PAN,propietaria,,R-1"], "b.csv"
    )
    assert load_registry(fixed, setup).updated == 1
    moved = csv_file(
        tmp_path, [header, f"Anna Peres,Mujer,1980-01-05,{RP},,4,PAN,propietaria,,R-1"], "c.csv"
    )
    report = load_registry(moved, setup)
    assert report.created == 0
    assert "La clave «R-1» ya pertenece a otra candidatura" in report.errors[0][1]


def test_reordering_a_list_does_not_swap_two_people_questionnaires(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana Uno,Mujer,1980-05-01,{RP},,1,PAN,propietaria,",
            f"Eva Dos,Mujer,1981-06-02,{RP},,2,PAN,propietaria,",
        ],
    )
    load_registry(path, setup)
    swapped = csv_file(
        tmp_path,
        [
            HEADER,
            f"Eva Dos,Mujer,1981-06-02,{RP},,1,PAN,propietaria,",
            f"Ana Uno,Mujer,1980-05-01,{RP},,2,PAN,propietaria,",
        ],
        name="orden.csv",
    )
    before = database_snapshot()
    report = load_registry(swapped, setup)
    assert [line for line, _ in report.errors] == [2, 3]
    assert all("El lugar ya lo ocupa otra persona" in reason for _, reason in report.errors)
    assert_unchanged(before)


def test_simultaneous_mr_and_rp_candidacy_of_one_person_is_allowed(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",
            f"Ana Pérez,Mujer,1980-05-01,{RP},,1,PAN,propietaria,",
        ],
    )
    assert (load_registry(path, setup).created, load_registry(path, setup).unchanged) == (2, 2)


def _update_queries(tmp_path, process, how_many, suffix):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def body(tag):
        return [HEADER] + [
            f"Persona {n}{tag},Mujer,1980-05-01,{RP},,{n},PAN,propietaria,"
            for n in range(100 * how_many, 100 * how_many + how_many)
        ]

    load_registry(csv_file(tmp_path, body(""), f"{suffix}-a.csv"), process)
    with CaptureQueriesContext(connection) as ctx:
        report = load_registry(csv_file(tmp_path, body(" B"), f"{suffix}-b.csv"), process)
    assert report.updated == how_many and not report.errors
    queries = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "sqlite":  # modelsearch rewrites SQLite index rows one by one
        queries = [q for q in queries if not q.startswith('UPDATE "wagtailsearch_indexentry"')]
    writes = sum(1 for q in queries if q.startswith(("INSERT", "UPDATE")))
    return len(queries) - writes, writes


def test_updates_do_not_cost_queries_per_row(tmp_path, setup):
    few_reads, few_writes = _update_queries(tmp_path, setup, 5, "pocos")
    many_reads, many_writes = _update_queries(tmp_path, setup, 60, "muchos")
    assert few_reads == many_reads
    assert many_writes <= few_writes + 10
