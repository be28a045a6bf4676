"""The first pass of the Conóceles import: each row of the CANDIDATOS sheet checked and
converted, with no database access.

Every cell is checked here, before anything is written, so that a file's mistakes are all
reported at once, each with its sheet and row, and the passes that touch the database work on
rows known to be good.
"""

from dataclasses import dataclass, field

from candidates.choices import FormulaRole
from identity.exports import InvalidIdentityValue, parse_ine_identity_values

from .. import ine
from . import vocabulary
from .catalogs import OFFICE_SPECS, state_code
from .ine_sheets import person_key


class RowError(Exception):
    """One problem of a row; `column` and `value` go to the downloadable report (--informe)."""

    def __init__(self, message, column="", value="", flaggable=False, sheet=None, line=None):
        super().__init__(message)
        self.column, self.value = column, value
        # A cell the candidacy can do without: with --proceso it is left empty and flagged.
        self.flaggable = flaggable
        # Set when the problem is in another sheet's row (an identity answer).
        self.sheet, self.line = sheet, line


class RowErrors(RowError):
    """Every problem of one row, so that the party fixes a row once, not once per problem."""

    def __init__(self, problems):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


class IdentityRowError(RowError):
    """A problem in the identity sheet's row of a person: reported with that sheet's row."""

    def __init__(self, sheet, line, message):
        super().__init__(message, sheet=sheet, line=line)


_fold = vocabulary.fold
# INE's labels and the OPL variants of opendata/reading/vocabulary.py (docs/import.md).
SEX_BY_LABEL = vocabulary.SEX_BY_LABEL
EDUCATION_BY_LABEL = vocabulary.EDUCATION_BY_LABEL
STATUS_BY_LABEL = vocabulary.STATUS_BY_LABEL
AFFIRMATIVE_ACTION_BY_LABEL = vocabulary.AFFIRMATIVE_ACTION_BY_LABEL
ROLE_BY_LABEL = {
    "propietaria": FormulaRole.OWNER,
    "propietario": FormulaRole.OWNER,
    "suplente": FormulaRole.SUBSTITUTE,
}


def _number(value, column, minimum=None, maximum=None):
    text = ine.clean_text(value).strip()
    if not text.isdigit():
        raise RowError(f"{column} debe ser un número entero (se encontró «{text}»).", column, text)
    number = int(text)
    if minimum is not None and not (minimum <= number <= maximum):
        raise RowError(f"{column} fuera de rango ({minimum}–{maximum}): {number}.", column, text)
    return number


def _optional(value, placeholders=(ine.NOT_PROVIDED, ine.NOT_APPLICABLE)):
    text = ine.clean_text(value)
    return "" if text.strip() in placeholders or vocabulary.is_empty_variant(text) else text


# Longest text each cell may carry (the database column's limit): a longer cell is reported
# instead of failing the whole import on PostgreSQL (or being stored cut on SQLite).
CELL_LIMITS = {
    "ENTIDAD": 40,
    "DISTRITO LOCAL": 120,
    "PARTIDO_COALICION": 180,
    "MUNICIPIO": 120,
    "NOMBRE_CANDIDATO": 200,
    "DIRECCION_CASA_CAMPAÑA": 200,
    "CORREO_ELECTRONICO": 254,
    "PAGINA_WEB": 200,
}
ALIAS_LIMIT = 100  # CandidacyPage.alias
PHONE_SEPARATORS = str.maketrans("", "", " -.()/")


def _phone(text):
    """INE's 10-digit phone; separators (spaces, dashes, parentheses) are dropped."""
    if not text:
        return ""
    digits = text.translate(PHONE_SEPARATORS)
    if digits.isdigit() and len(digits) == 10:
        return digits
    if len(text) > 10:
        raise RowError(f"TELEFONO debe tener 10 dígitos (se encontró «{text}»).", "TELEFONO", text)
    return text


@dataclass
class ParsedRow:
    """One row of the CANDIDATOS sheet, checked and converted, before any database access."""

    line: int  # the row number as the spreadsheet shows it
    state: str
    office_label: str
    name: str
    external_id: str
    role: str
    district: tuple | None  # (number, head town)
    municipality: str
    organization: str
    fields: dict  # the candidacy's own values (no catalog records)
    identity: dict | None  # parsed answers of the identity sheet, when the person has a row
    flags: list = field(default_factory=list)  # flaggable RowErrors: cells left empty


def parse_row(line, row, identity, sheet, offices_from_catalog=False, flag_cells=False):
    """The row checked and converted; every problem found is raised together (`RowErrors`).

    With `flag_cells`, a row whose problems are all flaggable (a cell the candidacy can do
    without) comes back with those cells empty and the problems in `flags`.
    """
    cell = {k: ine.clean_text(v) for k, v in row.items()}
    problems = []

    def problem(message, column, value=None, flaggable=False):
        value = cell.get(column, "") if value is None else value
        problems.append(RowError(message, column, value, flaggable=flaggable))

    def flaggable(error):
        error.flaggable = True
        problems.append(error)

    def attempt(convert, *args, default=None):
        try:
            return convert(*args)
        except RowError as error:
            problems.append(error)
            return default

    for column, limit in CELL_LIMITS.items():
        if len(cell[column].strip()) > limit:
            problem(f"{column} excede {limit} caracteres ({len(cell[column].strip())}).", column)
    state = " ".join(cell["ENTIDAD"].split()).upper()
    if not state:
        problem("ENTIDAD vacía.", "ENTIDAD")
    elif state_code(state) is None:
        problem(f"ENTIDAD no es una entidad federativa: «{state}».", "ENTIDAD")
    office_label = " ".join(cell["CARGO"].split()).upper()
    # With --proceso, offices are the loaded catalog's (any label it knows), checked there.
    if not office_label:
        problem("CARGO vacío.", "CARGO")
    elif not offices_from_catalog and office_label not in OFFICE_SPECS:
        problem(
            f"CARGO desconocido: «{cell['CARGO'].strip()}» (se esperaba uno de: "
            + ", ".join(OFFICE_SPECS)
            + ").",
            "CARGO",
        )
    name = " ".join(cell["NOMBRE_CANDIDATO"].split())
    if not name:
        problem("NOMBRE_CANDIDATO vacío.", "NOMBRE_CANDIDATO")
    number = attempt(_number, row["NUM_LISTA_O_FORMULA"], "NUM_LISTA_O_FORMULA")
    if number is not None and len(str(number)) > 40:
        problem("NUM_LISTA_O_FORMULA excede 40 cifras.", "NUM_LISTA_O_FORMULA")
    # Many OPL reports publish no age: an empty EDAD is no age, not an error.
    age_text = _optional(cell["EDAD"]).strip()
    age = None
    if age_text:
        try:
            age = _number(age_text, "EDAD", 18, 120)
        except RowError as error:
            flaggable(error)
    # Some OPL reports publish no sex either: with --proceso the party completes it.
    sex_text = _optional(cell["SEXO"]).strip()
    sex = SEX_BY_LABEL.get(_fold(sex_text))
    if not sex_text:
        problem("SEXO vacío (MUJER, HOMBRE o NO BINARIO).", "SEXO", flaggable=True)
    elif sex is None:
        message = f"SEXO no reconocido: «{sex_text}» (MUJER, HOMBRE o NO BINARIO)."
        problem(message, "SEXO", flaggable=True)
    optional = _optional_values(cell, problem)
    education_text = _optional(cell["ESCOLARIDAD"]).strip()
    education = EDUCATION_BY_LABEL.get(_fold(education_text), "")
    if education_text and not education:
        problem(f"ESCOLARIDAD no reconocida: «{education_text}».", "ESCOLARIDAD", flaggable=True)
    status_text = _optional(cell["ESTATUS_ESCOLARIDAD"]).strip()
    status = STATUS_BY_LABEL.get(_fold(status_text), "")
    if status_text and not status:
        problem(
            f"ESTATUS_ESCOLARIDAD no reconocido: «{status_text}».",
            "ESTATUS_ESCOLARIDAD",
            flaggable=True,
        )
    organization = " ".join(cell["PARTIDO_COALICION"].split())
    if not organization:
        problem("PARTIDO_COALICION vacío.", "PARTIDO_COALICION")
    circumscription_text = _optional(cell["CIRCUNSCRIPCION"]).strip()
    circumscription = (
        attempt(_number, circumscription_text, "CIRCUNSCRIPCION", 1, 99)
        if circumscription_text
        else None
    )
    role = attempt(_role, row, identity)
    district = attempt(_district, " ".join(cell["DISTRITO LOCAL"].split()))
    contact = _contact_values(cell, flaggable)
    try:
        contact["public_phone"] = _phone(contact["public_phone"].strip())
    except RowError as error:
        contact["public_phone"] = ""
        flaggable(error)
    for attr in ("website", *(a for _host, a in ine.SOCIAL_FIELDS), "other_social_url"):
        if len(contact[attr]) > 200:
            column = "PAGINA_WEB" if attr == "website" else "REDES"
            problem(f"Un enlace de {column} excede 200 caracteres.", column, contact[attr], True)
            contact[attr] = ""
    flags, answers = [], None
    if flag_cells:
        # Every problem of the row, the identity sheet's included, is reported at once.
        answers = _identity_answers(line, row, identity, sheet, problems)
        if all(error.flaggable for error in problems):
            flags, problems = problems, []
    if problems:
        # The identity sheet's row is only worth reading for a row that is otherwise good.
        raise problems[0] if len(problems) == 1 else RowErrors(problems)
    match = None if flag_cells else identity.get(person_key(row))
    if match:
        if match.repeated:
            raise IdentityRowError(
                match.sheet,
                match.repeated[0],
                f"repite a la persona de la fila {match.line} de la misma hoja; la "
                f"candidatura de la fila {line} de «{sheet}» no se importó.",
            )
        try:
            answers = parse_ine_identity_values(match.answers)
        except InvalidIdentityValue as error:
            raise IdentityRowError(
                match.sheet,
                match.line,
                f"{error} La candidatura de la fila {line} de «{sheet}» no se importó.",
            ) from error
    return ParsedRow(
        line=line,
        state=state,
        office_label=office_label,
        name=name,
        external_id=str(number),
        role=role,
        district=district,
        municipality=" ".join(_optional(cell["MUNICIPIO"]).split()),
        organization=organization,
        fields={
            "title": name,
            "circumscription": circumscription,
            "sex": sex or "",
            "registered_age": age,
            "external_id": str(number),
            "education_level": education,
            "education_status": status,
            **contact,
            **_text_values(cell),
            **optional,
        },
        identity=answers,
        flags=flags,
    )


def _optional_values(cell, problem):
    """SOBRENOMBRE and ACCION_AFIRMATIVA, only when the file has the column: a file without
    them (INE's 2022 layout) leaves what the candidacy already holds."""
    values = {}
    if "SOBRENOMBRE" in cell:
        alias = " ".join(_optional(cell["SOBRENOMBRE"]).split())
        if len(alias) > ALIAS_LIMIT:
            problem(f"SOBRENOMBRE excede {ALIAS_LIMIT} caracteres.", "SOBRENOMBRE", alias, True)
            alias = ""
        values["alias"] = alias
    if "ACCION_AFIRMATIVA" in cell:
        text = _optional(cell["ACCION_AFIRMATIVA"]).strip()
        group = AFFIRMATIVE_ACTION_BY_LABEL.get(_fold(text), "")
        if text and _fold(text) != "no" and not group:
            problem(
                f"ACCION_AFIRMATIVA no reconocida: «{text}» (indígena, discapacidad, "
                "afromexicana, LGBTTTIQ+, joven, persona mayor o migrante).",
                "ACCION_AFIRMATIVA",
                flaggable=True,
            )
        values["affirmative_action"] = group
    return values


def _identity_answers(line, row, identity, sheet, problems):
    """The person's identity answers with each one outside the questionnaire dropped and
    flagged (the others kept); a repeated person is a problem of the row.

    The flag names the question, never the answer: identity answers are sensitive data and
    live only in their own model, not in a flag or in the report.
    """
    from identity.questions import ITEMS

    match = identity.get(person_key(row))
    if not match:
        return None
    if match.repeated:
        problems.append(
            IdentityRowError(
                match.sheet,
                match.repeated[0],
                f"repite a la persona de la fila {match.line} de la misma hoja; la "
                f"candidatura de la fila {line} de «{sheet}» no se importó.",
            )
        )
        return None
    values = list(match.answers)
    if len(values) != len(ITEMS):
        return parse_ine_identity_values(values)  # raises with the count, as without flags
    for index, item in enumerate(ITEMS):
        alone = [""] * len(ITEMS)
        alone[index] = values[index]
        try:
            parse_ine_identity_values(alone)
        except InvalidIdentityValue:
            values[index] = ""
            problems.append(
                RowError(
                    f"Pregunta {item.number} del cuestionario de identidad: la respuesta no es "
                    "una de sus opciones; se descartó solo esa respuesta (las demás se "
                    "guardaron).",
                    f"{ine.IDENTITY_SHEET} {item.number}",
                    "(dato de identidad, no se repite)",
                    flaggable=True,
                    sheet=match.sheet,
                    line=match.line,
                )
            )
    return parse_ine_identity_values(values)


def _role(row, identity):
    """INE's first sheet labels women suplentes PROPIETARIA; its identity sheet is right."""
    label = ine.clean_text(row["TIPO_CANDIDATO"]).strip()
    match = identity.get(person_key(row))
    if match:
        label = ine.clean_text(match.values["TIPO_CANDIDATO"]).strip() or label
    role = ROLE_BY_LABEL.get(_fold(label))
    if role is None:
        raise RowError(
            f"TIPO_CANDIDATO no reconocido: «{label}» (PROPIETARIA, PROPIETARIO o SUPLENTE).",
            "TIPO_CANDIDATO",
            label,
        )
    return role


def _district(label):
    if not label or label == ine.NOT_APPLICABLE:
        return None
    number, _, head_town = label.partition("-")
    if not number.strip().isdigit() or not head_town.strip():
        raise RowError(
            f"DISTRITO LOCAL debe ser «número-CABECERA» (se encontró «{label}»).",
            "DISTRITO LOCAL",
            label,
        )
    return int(number), head_town.strip()


def _contact_values(cell, flaggable):
    """The contact fields; an unusable REDES entry goes to `flaggable`, the others are kept."""
    values = {
        "campaign_street": _optional(cell["DIRECCION_CASA_CAMPAÑA"]),
        "public_phone": _optional(cell["TELEFONO"]),
        "public_email": _optional(cell["CORREO_ELECTRONICO"]),
        "website": _optional(cell["PAGINA_WEB"]),
        "facebook_url": "",
        "x_url": "",
        "instagram_url": "",
        "youtube_url": "",
        "tiktok_url": "",
        "other_social_url": "",
    }
    unknown = []
    for entry in vocabulary.split_social(_optional(cell["REDES"])):
        attr, url = vocabulary.social_entry(entry)
        if attr is None:
            unknown.append(entry)
            continue
        if values[attr]:
            flaggable(
                RowError(
                    f"REDES repite una red o trae más de una no reconocida: «{entry}».",
                    "REDES",
                    entry,
                )
            )
            continue
        values[attr] = url
    if unknown:
        flaggable(
            RowError(
                "REDES trae cuentas sin su red social (escriba, por ejemplo, «Instagram: @cuenta» "
                "o la dirección completa): " + ", ".join(f"«{entry}»" for entry in unknown) + ".",
                "REDES",
                ", ".join(unknown),
            )
        )
    return values


def _text_values(cell):
    def narrative(text):
        return [("text", text)] if text else []

    first, second = cell["PROPUESTA_1"], cell["PROPUESTA_2"]
    proposals = []
    if first or second:
        proposals = [
            ("proposal", {"title": "", "description": first}),
            ("proposal", {"title": "", "description": second}),
        ]
    courses = cell["CURSOS"]
    return {
        "courses": [("course", {"name": courses, "institution": "", "year": None})]
        if courses
        else [],
        "professional_history": narrative(cell["HISTORIA_PROFESIONAL"]),
        "political_trajectory": narrative(cell["TRAYECTORIA_POLITICA"]),
        "motivation": cell["MOTIVO_CARGO_PUBLICO"],
        "proposals": proposals,
        "gender_proposal": _optional(cell["PROPUESTA_GENERO"]),
    }
