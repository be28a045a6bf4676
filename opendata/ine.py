"""INE's Conóceles open-data layout: two sheets, CANDIDATOS (25 columns) and CUESTIONARIO
IDENTIDAD (31 columns), with INE's own header strings and empty-cell conventions.

Both the import (reading INE's file) and the export (writing `conoceles.xlsx`) go through this
module so that a file imported and exported again gives back the same cells.
"""

from candidates.choices import EducationLevel, EducationStatus, FormulaRole, Sex
from elections.models import Principle

NOT_PROVIDED = "No proporcionó"
NOT_APPLICABLE = "No aplica"
INDEPENDENT_LABEL = "CANDIDATURA INDEPENDIENTE"

CANDIDATES_SHEET = "CANDIDATOS"
IDENTITY_SHEET = "CUESTIONARIO IDENTIDAD"

REGISTRATION_COLUMNS = [
    "PARTIDO_COALICION",
    "CARGO",
    "ENTIDAD",
    "DISTRITO LOCAL",
    "CIRCUNSCRIPCION",
    "MUNICIPIO",
    "NUM_LISTA_O_FORMULA",
    "NOMBRE_CANDIDATO",
    "TIPO_CANDIDATO",
    "EDAD",
    "SEXO",
]
CURRICULAR_COLUMNS = [
    "DIRECCION_CASA_CAMPAÑA",
    "TELEFONO",
    "CORREO_ELECTRONICO",
    "PAGINA_WEB",
    "REDES",
    "ESCOLARIDAD",
    "ESTATUS_ESCOLARIDAD",
    "CURSOS",
    "HISTORIA_PROFESIONAL",
    "TRAYECTORIA_POLITICA",
    "MOTIVO_CARGO_PUBLICO",
    "PROPUESTA_1",
    "PROPUESTA_2",
    "PROPUESTA_GENERO",
]
CANDIDATES_COLUMNS = REGISTRATION_COLUMNS + CURRICULAR_COLUMNS
# INE's identity sheet spells the district header without the space.
IDENTITY_REGISTRATION_COLUMNS = [
    "DISTRITOLOCAL" if c == "DISTRITO LOCAL" else c for c in REGISTRATION_COLUMNS
]

# What INE writes in an empty curricular cell: (questionnaire answered, not answered at all).
# Observed on INE's 2022 export: a person who never opened the questionnaire gets blank cells,
# except TELEFONO and REDES; one who answered gets "No proporcionó", except the e-mail.
EMPTY_CELL = {
    "DIRECCION_CASA_CAMPAÑA": (NOT_PROVIDED, ""),
    "TELEFONO": (NOT_PROVIDED, NOT_PROVIDED),
    "CORREO_ELECTRONICO": ("", ""),
    "PAGINA_WEB": (NOT_PROVIDED, ""),
    "REDES": (NOT_PROVIDED, NOT_PROVIDED),
}
DEFAULT_EMPTY = (NOT_PROVIDED, "")

SEX_LABELS = {Sex.WOMAN: "MUJER", Sex.MAN: "HOMBRE", Sex.NON_BINARY: "NO BINARIO"}
SEX_BY_LABEL = {v: k for k, v in SEX_LABELS.items()}
EDUCATION_BY_LABEL = {label: value for value, label in EducationLevel.choices}
STATUS_BY_LABEL = {label: value for value, label in EducationStatus.choices}
# INE's form used both genders of the same word.
STATUS_BY_LABEL["Trunca"] = EducationStatus.UNFINISHED

SOCIAL_FIELDS = [
    ("facebook.com", "facebook_url"),
    ("x.com", "x_url"),
    ("twitter.com", "x_url"),
    ("instagram.com", "instagram_url"),
    ("youtube.com", "youtube_url"),
    ("youtu.be", "youtube_url"),
    ("tiktok.com", "tiktok_url"),
]


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


def _proposal_texts(candidacy):
    texts = [child.block.text_of(child.value) for child in candidacy.proposals or []]
    return (texts + ["", ""])[:2]


def curricular_values(candidacy):
    """{column: raw value} of the curricular questionnaire, before INE's empty conventions."""
    first, second = _proposal_texts(candidacy)
    return {
        "DIRECCION_CASA_CAMPAÑA": candidacy.campaign_address,
        "TELEFONO": candidacy.public_phone,
        "CORREO_ELECTRONICO": candidacy.public_email,
        "PAGINA_WEB": candidacy.website,
        "REDES": ", ".join(url for _label, url in candidacy.social_links),
        "ESCOLARIDAD": candidacy.get_education_level_display() if candidacy.education_level else "",
        "ESTATUS_ESCOLARIDAD": (
            candidacy.get_education_status_display() if candidacy.education_status else ""
        ),
        "CURSOS": candidacy.courses_text(),
        "HISTORIA_PROFESIONAL": candidacy.professional_text(),
        "TRAYECTORIA_POLITICA": candidacy.trajectory_text(),
        "MOTIVO_CARGO_PUBLICO": candidacy.motivation,
        "PROPUESTA_1": first,
        "PROPUESTA_2": second,
        "PROPUESTA_GENERO": candidacy.gender_proposal,
    }


# Cells whose content shows that the person opened the questionnaire (phone and e-mail come
# from the registration and do not count).
ANSWER_EVIDENCE = [c for c in CURRICULAR_COLUMNS if c not in ("TELEFONO", "CORREO_ELECTRONICO")]


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
    from identity.exports import ine_identity_columns

    return IDENTITY_REGISTRATION_COLUMNS + list(ine_identity_columns())


def identity_rows_for(candidacies):
    """{candidacy id: [20 answers]} for people who consented to publication, from the identity
    app's one export function (no other code reads identity data for a public file)."""
    from identity.exports import ine_identity_rows

    return ine_identity_rows([c.pk for c in candidacies])


def clean_text(value):
    """A cell as text: xlrd gives floats for numbers; INE leaves some cells as a single space."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if value is None:
        return ""
    return str(value)
