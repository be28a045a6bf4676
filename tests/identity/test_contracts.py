"""The functions other areas call: badges, INE rows and columns, import, group counts."""

import pytest
import xlrd

from candidates.choices import AffirmativeAction
from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from identity.exports import (
    IMPORT_NOTE,
    InvalidIdentityValue,
    apply_ine_identity_row,
    ine_identity_columns,
)
from identity.models import ConsentEvent, ConsentRecord, IdentityQuestionnaire
from public.badges import public_badges, public_badges_for
from public.consent import INCOME_WITHHELD, ine_identity_rows

from .conftest import DISTINCTIVE_ANSWERS, answer, consent

REFERENCE = "/work/shared/reference/ine-conoceles-2022-anon.xls"


def reference_sheet():
    try:
        return xlrd.open_workbook(REFERENCE).sheet_by_name("CUESTIONARIO IDENTIDAD")
    except FileNotFoundError:
        pytest.skip("INE reference file not available")


def test_columns_are_ine_headers_verbatim():
    sheet = reference_sheet()
    assert ine_identity_columns() == [sheet.cell_value(0, c) for c in range(11, 31)]


def make_candidacies(tree, offices, n, **kwargs):
    _, actors = tree
    return [
        CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"], **kwargs)
        for _ in range(n)
    ]


@pytest.mark.django_db
def test_badges_one_query_whatever_the_number(tree, offices, django_assert_num_queries):
    people = make_candidacies(tree, offices, 6)
    for person in people:
        answer(person)
        consent(person, publication=True)
    few = list(CandidacyPage.objects.filter(pk__in=[p.pk for p in people[:1]]))
    many = list(CandidacyPage.objects.filter(pk__in=[p.pk for p in people]))
    with django_assert_num_queries(1):
        public_badges_for(few)
    with django_assert_num_queries(1):
        badges = public_badges_for(many)
    assert {b.slug for b in badges[people[0].pk]} == {
        "indigena",
        "discapacidad",
        "afromexicana",
        "lgbtttiq",
        "joven",
        "persona_mayor",
        "migrante",
    }


@pytest.mark.django_db
def test_affirmative_action_badge_is_not_duplicated(tree, offices):
    (person,) = make_candidacies(tree, offices, 1)
    person.affirmative_action = AffirmativeAction.INDIGENOUS
    person.save()
    answer(person)
    consent(person, publication=True)
    badges = public_badges(person)
    assert [b.slug for b in badges].count("indigena") == 1
    assert badges[0].source == "registro"


@pytest.mark.django_db
def test_ine_rows_only_with_publication_consent_and_income_withheld(tree, offices):
    published, private, unanswered = make_candidacies(tree, offices, 3)
    answer(published)
    consent(published, publication=True)
    answer(private)
    consent(private, statistics=True)
    rows = ine_identity_rows([published.pk, private.pk, unanswered.pk])
    assert list(rows) == [published.pk]
    cells = rows[published.pk]
    assert len(cells) == 20
    assert cells[2] == "Kikapú"
    assert cells[17] == cells[18] == INCOME_WITHHELD
    full = ine_identity_rows([published.pk], include_income=True)[published.pk]
    assert full[17] == DISTINCTIVE_ANSWERS["income_band"]


@pytest.mark.django_db
def test_import_round_trips_every_reference_row(tree, offices, django_assert_num_queries):
    sheet = reference_sheet()
    rows = [[sheet.cell_value(r, c) for c in range(11, 31)] for r in range(1, sheet.nrows)]
    answered = [row for row in rows if any(str(v).strip() for v in row)][:40]
    people = make_candidacies(tree, offices, len(answered))
    for person, row in zip(people, answered, strict=True):
        apply_ine_identity_row(person, row)
    with django_assert_num_queries(1):
        exported = ine_identity_rows([p.pk for p in people], include_income=True)
    for person, row in zip(people, answered, strict=True):
        assert exported[person.pk] == [v if str(v).strip() else " " for v in row]
    record = ConsentRecord.objects.get(candidacy=people[0])
    assert record.processing and record.publication and record.statistics
    assert record.note == IMPORT_NOTE


@pytest.mark.django_db
def test_import_is_idempotent_and_rejects_unknown_values(tree, offices):
    (person,) = make_candidacies(tree, offices, 1)
    row = [DISTINCTIVE_ANSWERS[name] for name in DISTINCTIVE_ANSWERS]
    first = apply_ine_identity_row(person, row)
    stamp = IdentityQuestionnaire.objects.get(pk=first.pk).updated_at
    events = ConsentEvent.objects.count()
    apply_ine_identity_row(person, [v.upper() for v in row])  # case-insensitive, same answers
    assert IdentityQuestionnaire.objects.get(pk=first.pk).updated_at == stamp
    assert ConsentEvent.objects.count() == events
    assert apply_ine_identity_row(person, [" "] * 20) is None
    bad = list(row)
    bad[2] = "Atlante"
    with pytest.raises(InvalidIdentityValue, match="Pregunta 3"):
        apply_ine_identity_row(person, bad)
    with pytest.raises(InvalidIdentityValue):
        apply_ine_identity_row(person, row[:19])
    assert IdentityQuestionnaire.objects.get(pk=first.pk).indigenous_people == "Kikapú"
