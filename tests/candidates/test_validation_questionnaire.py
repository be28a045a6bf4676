"""Cross-field rules of the questionnaire (`questionnaire_errors`): one test per rule.

`strict=False` is "save draft" (format rules only); `strict=True` is submit or publish.
"""

import datetime as dt

from django.core.files.base import ContentFile

from wagtail.documents.models import Document

import pytest

from candidates.choices import EducationLevel, EducationStatus, FormulaRole
from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from candidates.validation import questionnaire_errors
from elections.factories import (
    CoalitionFactory,
    DistrictFactory,
    ElectoralProcessFactory,
    IndependentCandidacyFactory,
    OfficeFactory,
    PartyFactory,
)


def stream(field, items):
    return CandidacyPage._meta.get_field(field).to_python(
        [{"type": kind, "value": value} for kind, value in items]
    )


def proposals(*texts):
    return stream("proposals", [("proposal", {"title": "", "description": t}) for t in texts])


@pytest.fixture
def base(offices, district):
    """A valid MR registration; each test breaks one rule."""
    return {
        "office": offices["diputacion-mr"],
        "district": district,
        "party": PartyFactory(acronym="PAN"),
        "formula_role": FormulaRole.OWNER,
        "birth_date": dt.date(1980, 5, 1),
    }


def check(values, strict=True):
    return questionnaire_errors(values.get, strict=strict)


def test_a_valid_registration_has_no_errors(base):
    assert check(base) == {}


# --- Character limits from the process ----------------------------------------------------


def test_motivation_below_the_minimum_is_refused_on_submit(base):
    base["motivation"] = "x" * 100
    assert check(base)["motivation"] == [
        "«¿Por qué quiere ocupar un cargo público?» debe tener al menos 280 caracteres; tiene 100."
    ]


def test_motivation_below_the_minimum_is_kept_as_a_draft(base):
    base["motivation"] = "x" * 100
    assert "motivation" not in check(base, strict=False)


def test_motivation_above_the_maximum_is_refused_even_in_a_draft(base):
    base["motivation"] = "x" * 2501
    assert check(base, strict=False)["motivation"] == [
        "«¿Por qué quiere ocupar un cargo público?» debe tener como máximo 2500 caracteres; "
        "tiene 2501."
    ]


def test_maximum_follows_the_process_parameter(base):
    base["office"].process.motivation_max_chars = 5000
    base["motivation"] = "x" * 2501
    assert "motivation" not in check(base)


def test_limits_count_spaces_when_the_process_says_so(base):
    base["motivation"] = ("palabra " * 40).strip()  # 319 characters, 280 without spaces
    assert "motivation" not in check(base)


def test_limits_ignore_spaces_when_the_process_says_so(base):
    base["office"].process.limits_count_spaces = False
    base["motivation"] = ("palabra " * 35).strip()  # 279 characters, 245 without spaces
    assert check(base)["motivation"] == [
        "«¿Por qué quiere ocupar un cargo público?» debe tener al menos 280 caracteres sin "
        "contar espacios; tiene 245."
    ]


def test_gender_proposal_follows_the_proposal_limits(base):
    base["gender_proposal"] = "x" * 1601
    assert check(base)["gender_proposal"] == [
        "La propuesta en materia de género debe tener como máximo 1600 caracteres; tiene 1601."
    ]


def test_political_trajectory_minimum_counts_the_text_of_its_blocks(base):
    base["political_trajectory"] = stream("political_trajectory", [("text", "x" * 50)])
    assert check(base)["political_trajectory"][0].startswith(
        "La trayectoria política debe tener al menos 280"
    )


def test_professional_history_maximum(base):
    base["professional_history"] = stream("professional_history", [("text", "x" * 5001)])
    assert check(base, strict=False)["professional_history"][0].startswith(
        "La historia profesional debe tener como máximo 5000"
    )


def test_each_course_has_a_character_limit(base):
    base["courses"] = stream("courses", [("course", {"name": "x" * 251})])
    assert check(base, strict=False)["courses"] == ["El curso 1 excede 250 caracteres."]


# --- Exactly two proposals ----------------------------------------------------------------


def test_each_proposal_respects_the_limits(base):
    base["proposals"] = proposals("x" * 300, "x" * 100)
    assert check(base)["proposals"] == [
        "La propuesta 2 debe tener al menos 280 caracteres; tiene 100."
    ]


def test_a_single_proposal_is_refused_on_submit(base):
    base["proposals"] = proposals("x" * 300)
    assert check(base)["proposals"] == ["Captura exactamente dos propuestas; hay 1."]
    assert "proposals" not in check(base, strict=False)


def test_three_proposals_are_refused_even_in_a_draft(base):
    base["proposals"] = proposals("x" * 300, "x" * 300, "x" * 300)
    assert check(base, strict=False)["proposals"] == ["Captura exactamente dos propuestas; hay 3."]


def test_two_proposals_within_limits_are_accepted(base):
    base["proposals"] = proposals("x" * 300, "y" * 1600)
    assert "proposals" not in check(base)


# --- Education ----------------------------------------------------------------------------


def test_education_status_does_not_apply_to_no_studies(base):
    base["education_level"] = EducationLevel.NONE
    base["education_status"] = EducationStatus.DEGREE
    assert check(base, strict=False)["education_status"] == [
        "El estatus del grado no aplica para «Sin estudios»."
    ]


def test_education_status_is_required_on_submit_for_a_degree(base):
    base["education_level"] = EducationLevel.BACHELOR
    assert check(base)["education_status"] == ["Indica el estatus del grado máximo de estudios."]
    assert "education_status" not in check(base, strict=False)


# --- Age ----------------------------------------------------------------------------------


def test_minimum_age_for_the_office_on_election_day(base, offices):
    base["office"] = offices["gubernatura"]
    base["district"] = None
    base["birth_date"] = dt.date(1995, 6, 5)  # 27 on 4 June 2023; the governorship asks 30
    assert check(base)["birth_date"] == [
        "Para Gubernatura se requiere una edad mínima de 30 años el día de la elección; "
        "la persona tendría 27."
    ]


def test_minimum_age_uses_the_registered_age_without_a_birth_date(base):
    base["birth_date"] = None
    base["registered_age"] = 20
    assert "edad mínima de 21 años" in check(base)["birth_date"][0]


def test_birth_date_or_age_is_required(base):
    base["birth_date"] = None
    assert check(base, strict=False)["birth_date"] == [
        "Captura la fecha de nacimiento o, si no la hay, la edad."
    ]


# --- Registration consistency -------------------------------------------------------------


def test_district_office_needs_a_district(base):
    base["district"] = None
    assert check(base)["district"] == ["Este cargo se elige por distrito: indica el distrito."]


def test_statewide_office_takes_no_district(base, offices):
    base["office"] = offices["gubernatura"]
    assert check(base)["district"] == [
        "Este cargo no se elige por distrito: deja el distrito vacío."
    ]


def test_district_must_belong_to_the_office_process(base):
    base["district"] = DistrictFactory(process=ElectoralProcessFactory(), number=2)
    assert "El distrito no pertenece al proceso electoral del cargo." in check(base)["district"]


def test_municipal_office_needs_a_municipality(base, process):
    base["office"] = OfficeFactory(
        process=process, slug="presidencia-municipal", scope="municipality", minimum_age=21
    )
    base["district"] = None
    assert check(base)["municipality"] == ["Este cargo es municipal: indica el municipio."]


def test_proportional_list_needs_a_position(base, offices):
    base["office"] = offices["diputacion-rp"]
    base["district"] = None
    assert check(base)["list_position"] == [
        "Indica la posición en la lista de representación proporcional."
    ]


def test_party_or_independent_exactly_one(base, process, offices):
    base["independent"] = IndependentCandidacyFactory(
        process=process, office=offices["diputacion-mr"]
    )
    assert check(base)["party"] == ["Indica el partido que postula o la candidatura independiente."]
    base["party"] = base["independent"] = None
    assert "party" in check(base)


def test_coalition_party_must_be_a_member(base, process, offices):
    base["coalition"] = CoalitionFactory(
        process=process, members=[PartyFactory(acronym="PRI")], offices=[offices["diputacion-mr"]]
    )
    assert check(base)["coalition"] == ["El partido que postula debe integrar la coalición."]


def test_coalition_must_run_for_the_office(base, process, offices):
    base["coalition"] = CoalitionFactory(
        process=process, members=[base["party"]], offices=[offices["gubernatura"]]
    )
    assert check(base)["coalition"] == ["La coalición no postula este cargo."]


@pytest.fixture
def substitute_page(tree, offices, district):
    _, actors = tree
    return CandidacyPageFactory(
        parent=actors["PAN"],
        office=offices["diputacion-mr"],
        district=district,
        formula_role=FormulaRole.SUBSTITUTE,
    )


def test_substitute_link_must_point_to_a_suplente(base, substitute_page):
    substitute_page.formula_role = FormulaRole.OWNER
    base["substitute"] = substitute_page
    assert check(base)["substitute"] == ["La página elegida no es de una persona suplente."]


def test_a_suplente_has_no_suplente(base, substitute_page):
    base["formula_role"] = FormulaRole.SUBSTITUTE
    base["substitute"] = substitute_page
    assert check(base)["substitute"] == ["Una persona suplente no tiene a su vez suplente."]


def test_suplente_runs_for_the_same_office(base, substitute_page, offices):
    base["office"] = offices["diputacion-rp"]
    base["district"], base["list_position"] = None, 1
    base["substitute"] = substitute_page
    assert check(base)["substitute"] == [
        "La persona suplente debe registrarse para el mismo cargo."
    ]


def test_office_without_formulas_takes_no_suplente(base, substitute_page, offices):
    substitute_page.office = offices["gubernatura"]
    base["office"], base["district"] = offices["gubernatura"], None
    base["substitute"] = substitute_page
    assert check(base)["substitute"] == ["Este cargo no se registra en fórmula con suplente."]


# --- Photo and "3 de 3" through the questionnaire ----------------------------------------


def test_three_of_three_disguised_as_pdf_is_refused(base):
    document = Document.objects.create(
        title="3 de 3", file=ContentFile(b"PK\x03\x04 zip, not pdf", name="tres-de-tres.pdf")
    )
    base["three_of_three"] = document
    assert check(base, strict=False)["three_of_three"] == [
        "El archivo no es un PDF válido aunque su nombre termine en .pdf."
    ]


def test_three_of_three_real_pdf_passes(base):
    document = Document.objects.create(
        title="3 de 3", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="tres-de-tres.pdf")
    )
    base["three_of_three"] = document
    assert "three_of_three" not in check(base)
