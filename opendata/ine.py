"""INE's Conóceles open-data layout: two sheets, CANDIDATOS (25 columns, and the optional alias
and affirmative-action ones) and CUESTIONARIO IDENTIDAD (31 columns), with INE's own header
strings, vocabularies and empty-cell conventions.

The one module both directions share: the import (`opendata.reading`) and the export
(`opendata.writing.ine_layout`) read their headers and conventions here, so that a file imported
and exported again gives back the same cells.
"""

from candidates.choices import EducationLevel, EducationStatus, Sex

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
# INE's 2022 file has the 25 columns above; OPL reports converted to INE's layout often add the
# alias and the affirmative-action group. Read when present, written after INE's 25 (a reader
# that takes INE's columns by position still finds them where INE puts them).
OPTIONAL_COLUMNS = ["SOBRENOMBRE", "ACCION_AFIRMATIVA"]
# The spellings OPL files use for those two headers (compared as `header_key` does).
OPTIONAL_COLUMN_VARIANTS = {
    "SOBRENOMBRE": ("SOBRENOMBRE", "SOBRE NOMBRE", "ALIAS", "SOBRENOMBRE_CANDIDATO"),
    "ACCION_AFIRMATIVA": (
        "ACCION_AFIRMATIVA",
        "ACCIÓN_AFIRMATIVA",
        "ACCION AFIRMATIVA",
        "ACCIÓN AFIRMATIVA",
        "GRUPO_ACCION_AFIRMATIVA",
    ),
}
REQUIRED_CANDIDATES_COLUMNS = REGISTRATION_COLUMNS + CURRICULAR_COLUMNS
CANDIDATES_COLUMNS = REQUIRED_CANDIDATES_COLUMNS + OPTIONAL_COLUMNS
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
# Cells whose content does not show that the person opened the questionnaire: phone and e-mail
# come from the registration.
ANSWER_EVIDENCE_EXCLUDED = ("TELEFONO", "CORREO_ELECTRONICO")

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


def clean_text(value):
    """A cell as text: xlrd gives floats for numbers; INE leaves some cells as a single space."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if value is None:
        return ""
    return str(value)
