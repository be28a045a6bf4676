"""Writing INE's layout (`conoceles.xlsx`): the registration cells in INE's spelling, the
curricular cells read from the public projection with INE's empty-cell conventions, and the
identity sheet only for people who consented to publication (`public.consent`).

Every curricular cell is a public field's value (`public.projection.ine_values`), so the INE
file cannot carry anything the projection does not publish.
"""

from candidates.choices import FormulaRole, Sex
from elections.models import Principle
from public.consent import ine_identity_columns, ine_identity_rows
from public.projection import ine_values

from ..ine import (
    ANSWER_EVIDENCE_EXCLUDED,
    CANDIDATES_COLUMNS,
    CANDIDATES_SHEET,
    CURRICULAR_COLUMNS,
    DEFAULT_EMPTY,
    EMPTY_CELL,
    IDENTITY_REGISTRATION_COLUMNS,
    IDENTITY_SHEET,
    INDEPENDENT_LABEL,
    NOT_APPLICABLE,
    OPTIONAL_COLUMNS,
    SEX_LABELS,
)
from .export import chunks, published_candidacies, xlsx_row


def formula_type_label(candidacy):
    if candidacy.formula_role == FormulaRole.SUBSTITUTE:
        return "SUPLENTE"
    return "PROPIETARIA" if candidacy.sex == Sex.WOMAN else "PROPIETARIO"


def organization_label(candidacy):
    if candidacy.independent_id:
        return INDEPENDENT_LABEL
    organization = candidacy.coalition or candidacy.party
    return organization.name.upper() if organization else ""


def list_or_formula_number(candidacy, formula_number=None):
    """INE's key or list position; failing both, one number per fórmula (`formula_numbers`):
    INE's file has a number on every row, shared by propietaria and suplente."""
    if candidacy.external_id.isdigit():
        return int(candidacy.external_id)
    return candidacy.external_id or candidacy.list_position or formula_number or candidacy.pk


def formula_numbers(candidacies):
    """{suplente id: her propietaria's id} for the suplentes with neither key nor list position
    (one query): the propietaria's page id numbers their fórmula."""
    from candidates.models import CandidacyPage

    orphans = [
        c.pk
        for c in candidacies
        if c.formula_role == FormulaRole.SUBSTITUTE and not (c.external_id or c.list_position)
    ]
    if not orphans:
        return {}
    return dict(
        CandidacyPage.objects.filter(substitute_id__in=orphans)
        .order_by()
        .values_list("substitute_id", "pk")
    )


def circumscription_label(candidacy):
    """A state's local RP list is one circumscription: INE writes "1" on every local RP row."""
    if candidacy.circumscription:
        return str(candidacy.circumscription)
    if candidacy.office.principle == Principle.PROPORTIONAL:
        return "1"
    return NOT_APPLICABLE


def registration_cells(candidacy, formula_number=None):
    """The 11 registration cells shared by both sheets. Expects office__process, district,
    municipality, party, coalition to be select_related; `formula_number` from
    `formula_numbers` for a suplente without key or list position."""
    process = candidacy.office.process
    return [
        organization_label(candidacy),
        candidacy.office.ine_label or candidacy.office.name.upper(),
        process.state_name.upper(),
        candidacy.district.ine_label if candidacy.district_id else NOT_APPLICABLE,
        circumscription_label(candidacy),
        candidacy.municipality.name.upper() if candidacy.municipality_id else NOT_APPLICABLE,
        list_or_formula_number(candidacy, formula_number),
        candidacy.title.upper(),
        formula_type_label(candidacy),
        candidacy.age if candidacy.age is not None else "",
        SEX_LABELS.get(candidacy.sex, ""),
    ]


def optional_cells(candidacy):
    """SOBRENOMBRE and ACCION_AFIRMATIVA after INE's 25 columns, from the public projection."""
    values = ine_values(candidacy, OPTIONAL_COLUMNS)
    return [values[column] for column in OPTIONAL_COLUMNS]


def curricular_values(candidacy):
    """{column: raw value} of the curricular questionnaire, before INE's empty conventions."""
    return ine_values(candidacy, CURRICULAR_COLUMNS)


ANSWER_EVIDENCE = [c for c in CURRICULAR_COLUMNS if c not in ANSWER_EVIDENCE_EXCLUDED]


def curricular_cells(candidacy):
    values = curricular_values(candidacy)
    answered = any(values[c] for c in ANSWER_EVIDENCE)
    cells = []
    for column in CURRICULAR_COLUMNS:
        value = values[column]
        if not value:
            when_answered, when_blank = EMPTY_CELL.get(column, DEFAULT_EMPTY)
            value = when_answered if answered else when_blank
        cells.append(value)
    return cells


def identity_header():
    return IDENTITY_REGISTRATION_COLUMNS + list(ine_identity_columns())


def identity_rows_for(candidacies):
    """{candidacy id: [20 answers]} for people who consented to publication, through the public
    projection's consent rule (no other code reads identity data for a public file)."""
    return ine_identity_rows([c.pk for c in candidacies])


def write_ine_xlsx(path, queryset=None):
    """`conoceles.xlsx` in INE's layout; identity rows only for people who consented to
    publication (the public projection's consent rule decides, through `public.consent`)."""
    from openpyxl import Workbook

    queryset = queryset if queryset is not None else published_candidacies()
    book = Workbook(write_only=True)
    candidates = book.create_sheet(CANDIDATES_SHEET)
    candidates.append(CANDIDATES_COLUMNS)
    identity = book.create_sheet(IDENTITY_SHEET)
    identity.append(identity_header())
    rows = 0
    for chunk in chunks(queryset):
        answers = identity_rows_for(chunk)
        formulas = formula_numbers(chunk)
        for candidacy in chunk:
            registration = registration_cells(candidacy, formulas.get(candidacy.pk))
            cells = registration + curricular_cells(candidacy) + optional_cells(candidacy)
            candidates.append(xlsx_row(candidates, cells))
            if candidacy.pk in answers:
                identity.append(xlsx_row(identity, registration + list(answers[candidacy.pk])))
            rows += 1
    book.save(path)
    return rows
