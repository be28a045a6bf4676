"""The page tree: Home › process › one page per capturing actor › candidacies."""

import io

from django.core.management import call_command

import pytest

from candidates.choices import FormulaRole
from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage, CapturingActorPage, ProcessPage
from candidates.tree import ensure_process_tree
from elections.factories import IndependentCandidacyFactory
from elections.models import ElectoralProcess
from home.models import HomePage


@pytest.fixture
def coahuila(db):
    call_command("load_catalogs", stdout=io.StringIO())
    return ElectoralProcess.objects.get(slug="pelo-coahuila-2023")


def test_load_catalogs_builds_the_tree_for_the_capturing_parties(coahuila):
    process_page = ProcessPage.objects.get(process=coahuila)
    assert isinstance(process_page.get_parent().specific, HomePage)
    actors = CapturingActorPage.objects.child_of(process_page)
    assert sorted(a.party.acronym for a in actors) == sorted(
        ["PAN", "PRI", "PRD", "PT", "PVEM", "MORENA", "UDC"]
    )
    assert not actors.filter(party__acronym="MC").exists()  # no candidacies in 2023
    assert all(a.live for a in actors)


def test_ensure_process_tree_is_idempotent(coahuila):
    pages = CapturingActorPage.objects.count()
    _, created = ensure_process_tree(coahuila)
    assert created == 0
    assert CapturingActorPage.objects.count() == pages
    assert ProcessPage.objects.count() == 1


def test_ensure_process_tree_adds_a_page_for_a_new_independent(coahuila):
    independent = IndependentCandidacyFactory(
        process=coahuila, office=coahuila.offices.get(slug="gubernatura")
    )
    _, created = ensure_process_tree(coahuila)
    assert created == 1
    page = CapturingActorPage.objects.get(independent=independent)
    assert page.get_parent().specific.process == coahuila


def test_without_capturing_parties_every_party_gets_a_page(coahuila):
    coahuila.capturing_parties.clear()
    _, created = ensure_process_tree(coahuila)
    assert created == 1
    assert CapturingActorPage.objects.filter(party__acronym="MC").exists()


def test_page_types_only_fit_in_their_place(tree):
    process_page, actors = tree
    assert ProcessPage.can_create_at(HomePage.objects.get())
    assert not ProcessPage.can_create_at(actors["PAN"])
    assert CapturingActorPage.can_create_at(process_page)
    assert not CapturingActorPage.can_create_at(HomePage.objects.get())
    assert CandidacyPage.can_create_at(actors["PAN"])
    assert not CandidacyPage.can_create_at(process_page)
    assert CandidacyPage.allowed_subpage_models() == []


def test_owner_and_substitute_reach_each_other(tree, offices, district):
    _, actors = tree
    office = offices["diputacion-mr"]
    substitute = CandidacyPageFactory(
        parent=actors["PAN"],
        office=office,
        district=district,
        formula_role=FormulaRole.SUBSTITUTE,
    )
    owner = CandidacyPageFactory(
        parent=actors["PAN"], office=office, district=district, substitute=substitute
    )
    owner = CandidacyPage.objects.get(pk=owner.pk)
    substitute = CandidacyPage.objects.get(pk=substitute.pk)
    assert owner.formula_partner == substitute
    assert substitute.formula_partner == owner
    assert substitute.formula_role_label == "Suplente"


def test_an_owner_without_substitute_has_no_partner(tree, offices):
    _, actors = tree
    owner = CandidacyPageFactory(parent=actors["PRI"], office=offices["gubernatura"])
    assert owner.formula_partner is None


def test_a_candidacy_is_found_by_its_path_with_its_sql_compiled_once(tree, offices, monkeypatch):
    """candidates.models.tree.candidacy_at: the same page as the ORM's query, found again
    without compiling its SQL (Django compiles ninety columns on every query)."""
    from django.db.models.sql.compiler import SQLCompiler

    from candidates.models import tree as tree_module

    _, actors = tree
    page = CandidacyPageFactory(
        parent=actors["PAN"], office=offices["gubernatura"], title="Persona Hallada"
    )
    home = HomePage.objects.get()
    components = page.url_path[len(home.url_path) :].strip("/").split("/")
    found = tree_module.candidacy_at(home, components)
    assert found == page and isinstance(found, CandidacyPage)
    assert found.title == "Persona Hallada" and found.office_id == page.office_id
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(
        SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(1) or original(self, *a, **k)
    )
    assert tree_module.candidacy_at(home, components) == page
    assert compiled == []
    assert tree_module.candidacy_at(home, [*components[:-1], "no-existe"]) is None
    # A process page finds it below itself the same way.
    process_page = page.get_parent().get_parent()
    assert tree_module.candidacy_at(process_page.specific, components[1:]) == page


def test_a_lookup_whose_sql_cannot_be_kept_runs_through_the_orm(tree, offices, monkeypatch):
    from candidates.models import tree as tree_module

    _, actors = tree
    page = CandidacyPageFactory(parent=actors["PRI"], office=offices["gubernatura"])
    from site_conoceles import precompiled

    monkeypatch.setattr(tree_module._CANDIDACY_AT, "_compiled", {})
    monkeypatch.setattr(precompiled, "_compile", lambda *args: None)
    home = HomePage.objects.get()
    components = page.url_path[len(home.url_path) :].strip("/").split("/")
    assert tree_module.candidacy_at(home, components) == page
