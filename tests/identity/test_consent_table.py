"""DOMAIN.md §5's table, combination by combination, on every public-facing function."""

import itertools

import pytest

from candidates.choices import AffirmativeAction
from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from identity.questions import NO, PREFER_NOT
from identity.statistics import group_counts, raw_group_counts
from public.badges import public_badges
from public.consent import ine_identity_rows

from .conftest import DISTINCTIVE_ANSWERS, answer, consent

pytestmark = pytest.mark.django_db

ALL_GROUPS = {
    "indigena",
    "discapacidad",
    "afromexicana",
    "lgbtttiq",
    "joven",
    "persona_mayor",
    "migrante",
}


@pytest.fixture
def person(tree, offices):
    _, actors = tree
    return CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"], publish=True)


@pytest.mark.parametrize(
    ("processing", "publication", "statistics"),
    list(itertools.product([True, False], repeat=3)),
)
def test_each_consent_combination(person, processing, publication, statistics):
    answer(person)
    consent(person, processing=processing, publication=publication, statistics=statistics)
    badges = {badge.slug for badge in public_badges(person)}
    rows = ine_identity_rows([person.pk])
    counts = raw_group_counts(CandidacyPage.objects.filter(pk=person.pk))
    if publication:
        assert badges == ALL_GROUPS
        assert list(rows) == [person.pk]
    else:
        assert badges == set()
        assert rows == {}
    indigenous = counts["groups"][0]
    assert indigenous["slug"] == "indigena"
    if statistics:
        assert counts["with_statistics_consent"] == 1
        assert indigenous["counts"] == {"yes": 1, "no": 0, "prefer_not": 0, "no_answer": 0}
    else:
        assert counts["with_statistics_consent"] == 0
        assert sum(indigenous["counts"].values()) == 0
    # Income is never individual: not a badge and not in the default INE row.
    assert DISTINCTIVE_ANSWERS["income_band"] not in str(rows)


def test_affirmative_action_badge_always_shown(person):
    person.affirmative_action = AffirmativeAction.MIGRANT
    person.save()
    assert [badge.slug for badge in public_badges(person)] == ["migrante"]
    answer(person, migrant=NO)
    consent(person, publication=False)
    assert [(badge.slug, badge.source) for badge in public_badges(person)] == [
        ("migrante", "registro")
    ]


@pytest.mark.parametrize("value", [NO, PREFER_NOT, ""])
def test_no_or_prefer_not_gives_nothing_individual(person, value):
    answer(person, **dict.fromkeys(("indigenous", "disability", "young", "migrant"), value))
    consent(person, publication=True)
    badges = {badge.slug for badge in public_badges(person)}
    assert badges == ALL_GROUPS - {"indigena", "discapacidad", "joven", "migrante"}


def _people(actors, offices, how_many):
    return [
        CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"])
        for _ in range(how_many)
    ]


def test_group_counts_one_query_and_small_tables_withheld(tree, offices, django_assert_num_queries):
    _, actors = tree
    people = _people(actors, offices, 9)
    for index, someone in enumerate(people):
        if index < 6:
            answer(someone, indigenous=NO if index < 5 else PREFER_NOT)
        consent(someone, statistics=index != 8)
    queryset = CandidacyPage.objects.filter(pk__in=[p.pk for p in people])
    with django_assert_num_queries(1):
        raw = raw_group_counts(queryset)
    assert raw["people"] == 9
    assert raw["with_statistics_consent"] == 8
    assert raw["groups"][0]["counts"] == {"yes": 0, "no": 5, "prefer_not": 1, "no_answer": 2}
    assert raw["income_bands"][5]["count"] == 6
    with django_assert_num_queries(1):
        shown = group_counts(queryset, min_cell=5)
    assert shown["min_cell"] == 5
    # 8 answers in rows of 4 cells: all four could be under 5, and the total would pin them.
    assert shown["withheld"] == ["groups", "income_bands", "income_sources"]
    assert {str(value) for value in shown["groups"][0]["counts"].values()} == {"Reservada"}
    assert shown["with_statistics_consent"] == 8


def test_group_counts_protect_small_cells_from_subtraction(tree, offices):
    _, actors = tree
    people = _people(actors, offices, 20)
    for index, someone in enumerate(people):
        if index < 16:
            answer(someone, indigenous=NO if index < 15 else PREFER_NOT)
        consent(someone, statistics=index != 19)
    shown = group_counts(CandidacyPage.objects.filter(pk__in=[p.pk for p in people]), 5)
    assert shown["with_statistics_consent"] == 19
    assert "groups" not in shown["withheld"]
    # yes 0, prefer 1, no answer 3 are small; the 15 "No" goes too, or 19 - 15 = 4 would tell.
    counts = {key: str(value) for key, value in shown["groups"][0]["counts"].items()}
    assert counts == {"yes": "< 5", "no": "Reservada", "prefer_not": "< 5", "no_answer": "< 5"}
    assert "income_bands" in shown["withheld"]  # 9 cells need 37 answers
