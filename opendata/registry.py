"""Loading the official registration list (CSV) as draft candidacies for the parties to complete.

Columns (a header row, any order, any case, accents and spaces aside): nombre (or nombre plus
apellido_paterno and apellido_materno), sexo, fecha_nacimiento, cargo (slug, name or short name
of the office), distrito (number), lista (position), municipio (INEGI code or name, municipal
offices only), partido (acronym or name) or independiente (slug or name), tipo
(propietaria/propietario/suplente), accion_afirmativa (optional), clave (optional registry key).
Columns the loader does not know are ignored and listed in the report.

What the file may look like, as institutes produce it:
- encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or, when the
  file is not valid UTF-8, Windows-1252 (Excel's "CSV" on Windows in Mexico, a superset of
  Latin-1 for letters). A file mixing UTF-8 and another encoding is refused, and so is a name
  with the typical signs of a wrong conversion («PeÃ±a»).
- delimiter: comma, semicolon, tab or vertical bar, detected from the header; any line ending;
  quoted fields (with delimiters or line breaks inside); blank lines anywhere; title lines above
  the header; spaces around values.
- values: case and accents aside; sexo Mujer/Hombre/No binario, M/H as in the CURP, or
  Femenino/Masculino; «F» is refused as ambiguous, and so is «M» in a file that also uses «F»
  (there «M» may mean masculino). Dates AAAA-MM-DD, or DD/MM/AAAA as written in Mexico; a file
  with a month-first date (05/25/1980) makes its other slash dates ambiguous, and they are
  refused; two-digit years are refused.

Every bad row is reported with the line of the file where it starts and the reason, in Spanish.

Re-running: a fórmula slot (office, actor, district, municipality or list position, tipo)
identifies a row, so a second load of the same file changes nothing, and a corrected file
updates only the registration data (name, sex, birth date, affirmative action, key) of the slots
that changed. What the party captured (the questionnaires, photo, consent) is never touched: the
update is applied on top of the candidacy's latest revision, so a draft keeps every answer, and
a published candidacy keeps its public version until the IEC publishes the change (the change
waits as a draft). A person already registered for the same office in another slot, or a key
already used by another candidacy, is reported instead of creating a duplicate.
"""

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page, PageLogEntry, Revision

from candidates.bulk import add_draft_children, group_by_parent, index_for_search
from candidates.choices import AffirmativeAction, FormulaRole, Sex
from candidates.models import CandidacyPage, CapturingActorPage
from elections.models import (
    Coalition,
    District,
    ElectoralProcess,
    Municipality,
    Office,
    OfficeScope,
)
from identity.lifecycle import process_is_blocked

from .workbook import (
    MEGABYTE,
    XLS_SIGNATURE,
    ZIP_SIGNATURE,
    check_readable,
    describe_foreign,
)

# A state's registry is a few thousand rows (≈ 1 MB); anything far larger is not that file.
MAX_REGISTRY_BYTES = 20 * MEGABYTE
BATCH_SIZE = 500

COLUMNS = [
    "nombre",
    "apellido_paterno",
    "apellido_materno",
    "sexo",
    "fecha_nacimiento",
    "cargo",
    "distrito",
    "lista",
    "municipio",
    "partido",
    "independiente",
    "tipo",
    "accion_afirmativa",
    "clave",
]
REQUIRED = ["nombre", "sexo", "fecha_nacimiento", "cargo", "tipo"]
# Other spellings of the same columns (after folding: lower case, no accents, "_" for spaces).
ALIASES = {
    "nombre_completo": "nombre",
    "nombres": "nombre",
    "nombre_s": "nombre",
    "primer_apellido": "apellido_paterno",
    "segundo_apellido": "apellido_materno",
    "fecha_de_nacimiento": "fecha_nacimiento",
    "nacimiento": "fecha_nacimiento",
    "distrito_local": "distrito",
    "numero_de_lista": "lista",
    "posicion_en_lista": "lista",
    "tipo_de_candidatura": "tipo",
    "tipo_candidato": "tipo",
    "partido_politico": "partido",
    "siglas": "partido",
    "candidatura_independiente": "independiente",
    "clave_de_registro": "clave",
}
DELIMITERS = [",", ";", "\t", "|"]
DELIMITER_NAMES = {",": "coma", ";": "punto y coma", "\t": "tabulador", "|": "barra vertical"}
HEADER_SEARCH_LINES = 10

SEXES = {
    "m": Sex.WOMAN,
    "mujer": Sex.WOMAN,
    "femenino": Sex.WOMAN,
    "h": Sex.MAN,
    "hombre": Sex.MAN,
    "masculino": Sex.MAN,
    "x": Sex.NON_BINARY,
    "nb": Sex.NON_BINARY,
    "no binario": Sex.NON_BINARY,
    "no binaria": Sex.NON_BINARY,
    "persona no binaria": Sex.NON_BINARY,
}
# Letters that mean masculine/feminine in English-style codes (F/M): in their presence «M» is
# no longer «Mujer» for sure.
ENGLISH_SEX_CODES = {"f", "female", "male"}
ROLES = {
    "propietaria": FormulaRole.OWNER,
    "propietario": FormulaRole.OWNER,
    "propietaria/o": FormulaRole.OWNER,
    "propietario/a": FormulaRole.OWNER,
    "suplente": FormulaRole.SUBSTITUTE,
}
NO_ACTION = {"", "no", "ninguna", "ninguno", "n/a", "na", "-", "no aplica"}

# The usual marks of UTF-8 read as Windows-1252 and saved again («PeÃ±a», «JosÃ©»).
MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc"
    "\u2013-\u203a\u20ac\u2122]"
)
NAME_PUNCTUATION = set(" '’-.0123456789")  # digits: synthetic and test names ("Persona 1")
ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
SLASH_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
NUMBER = re.compile(r"^0*(\d{1,4})(?:\.0+)?$")
DISTRICT = re.compile(r"^(?:distrito\s*)?0*(\d{1,4})(?:\.0+)?(?:\s*[-–]\s*(.*))?$", re.IGNORECASE)


class RegistryFileError(Exception):
    """A file that cannot be read as the registry; the message is for the user, in Spanish."""


class RowError(Exception):
    pass


@dataclass
class RegistryReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line of the file, reason)
    rolled_back: bool = False
    encoding: str = ""
    delimiter: str = ""
    ignored_columns: list = field(default_factory=list)
    pending_publication: int = 0  # published candidacies whose change waits as a draft


class Aborted(Exception):
    pass


# --- reading the file ------------------------------------------------------------------------


def fold(text):
    """Lower case, no accents, single spaces: how values and headers are compared."""
    text = unicodedata.normalize("NFKD", str(text).replace("\xa0", " "))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def column_key(text):
    key = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    return ALIASES.get(key, key)


def clean(value):
    """A cell as the loader compares it: no surrounding or repeated spaces, no NBSP."""
    return " ".join((value or "").replace("\xa0", " ").split())


@dataclass
class RegistryFile:
    encoding: str
    delimiter: str
    header: list  # canonical column names (or the folded unknown ones)
    records: list  # [(line, {column: value}, problem or None)]
    ignored_columns: list


SPREADSHEET_SUFFIXES = (".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".numbers")


def read_registry(path):
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    excel_hint = (
        "Ábrela en Excel y usa «Guardar como» › «CSV UTF-8 (delimitado por comas)». "
        "El archivo de Conóceles del INE (.xls o .xlsx) se importa con «manage.py "
        "import_conoceles»."
    )
    if suffix in SPREADSHEET_SUFFIXES and not path.is_dir():
        raise RegistryFileError(
            f"«{name}» no es un archivo CSV: es una hoja de cálculo. {excel_hint}"
        )
    if suffix != ".csv" and not path.is_dir():
        raise RegistryFileError(f"«{name}» no es un archivo CSV (se esperaba la extensión .csv).")
    check_readable(path, RegistryFileError, MAX_REGISTRY_BYTES)
    data = path.read_bytes()
    if data.startswith((XLS_SIGNATURE, ZIP_SIGNATURE)):
        raise RegistryFileError(
            f"«{name}» no es un archivo CSV: es una hoja de cálculo de Excel con la extensión "
            f"cambiada. {excel_hint}"
        )
    foreign = describe_foreign(data[:16])
    if foreign:
        raise RegistryFileError(f"«{name}» no es un archivo CSV: es {foreign}.")
    text, encoding = _decode(data, name)
    if not text.strip():
        raise RegistryFileError(f"«{name}» no tiene ninguna fila: está en blanco.")
    delimiter, header_line, header = _find_header(text, name)
    known = [c for c in header if c in COLUMNS]
    repeated = sorted({c for c in known if known.count(c) > 1})
    if repeated:
        raise RegistryFileError(
            "El encabezado repite la columna " + ", ".join(f"«{c}»" for c in repeated) + "."
        )
    ignored = [c for c in header if c and c not in COLUMNS]
    records = _records(text, delimiter, header_line, header, name)
    if not records:
        raise RegistryFileError(
            f"«{name}» solo tiene el encabezado: no hay candidaturas que cargar."
        )
    return RegistryFile(
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        records=records,
        ignored_columns=ignored,
    )


def _decode(data, name):
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as error:
            raise RegistryFileError(
                f"«{name}» dice estar en UTF-8 pero tiene bytes que no lo son (posición "
                f"{error.start}). Guárdalo de nuevo como «CSV UTF-8»."
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise RegistryFileError(f"«{name}» no se puede leer como UTF-16.") from error
    if b"\x00" in data:
        raise RegistryFileError(f"«{name}» no es un archivo de texto (contiene bytes nulos).")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if re.search(rb"\xc3[\x80-\xbf]", data):
            raise RegistryFileError(
                f"«{name}» mezcla codificaciones: tiene acentos en UTF-8 y, en la línea {line}, "
                "caracteres en otra codificación. Guárdalo completo como «CSV UTF-8»."
            ) from error
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RegistryFileError(
            f"«{name}» no está en UTF-8 ni en Windows-1252 (línea {line}). Guárdalo como "
            "«CSV UTF-8»."
        ) from error


def _find_header(text, name):
    """(delimiter, index of the header line among the file's lines, canonical header)."""
    best = (0, None, None, None)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for _ in range(HEADER_SEARCH_LINES):
                start = reader.line_num
                cells = next(reader)
                header = [column_key(c) for c in cells]
                score = len({c for c in header if c in COLUMNS})
                if score > best[0]:
                    best = (score, delimiter, start, header)
        except (StopIteration, csv.Error):
            pass
    score, delimiter, start, header = best
    if not score:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")[:80]
        raise RegistryFileError(
            f"«{name}» no tiene el encabezado de la lista de registro (se esperaban columnas "
            f"como {', '.join(REQUIRED)}); su primera línea es «{first}»."
        )
    present = set(header)
    if "nombre" not in present and "apellido_paterno" in present:
        present.add("nombre")
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise RegistryFileError(
            "El archivo no tiene las columnas del registro; faltan: " + ", ".join(missing) + "."
        )
    return delimiter, start, header


def _records(text, delimiter, header_line, header, name):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    trailing = []  # rows longer than the header only by empty cells
    width = len(header)
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if start <= header_line + 1:
                continue  # the header and anything above it
            if not any(c.strip() for c in cells):
                continue  # blank lines, or a row of empty cells (";;;;" from Excel)
            problem = None
            if len(cells) > width:
                problem = (
                    f"Tiene {len(cells)} valores y el encabezado {width} columnas; ¿hay "
                    f"«{delimiter}» sin comillas dentro de un valor (p. ej. en el nombre)?"
                )
                if not any(c.strip() for c in cells[width:]):
                    trailing.append(len(records))
            elif any("\n" in c and delimiter in c for c in cells):
                problem = (
                    f"Comillas sin cerrar: el valor abarca hasta la línea {reader.line_num} e "
                    "incluye otras filas. Revisa las comillas de esta fila."
                )
            cells = cells + [""] * (width - len(cells))
            row = {column: cells[i] for i, column in enumerate(header) if column in COLUMNS}
            records.append((start, row, problem))
    except csv.Error as error:
        raise RegistryFileError(
            f"«{name}», línea {reader.line_num + 1}: no se puede leer como CSV ({error})."
        ) from error
    if trailing and len(trailing) == len(records):
        # Every row ends with the same kind of empty cells (a trailing delimiter the header
        # lacks): the writer's habit, not a shifted row.
        records = [(line, row, None) for line, row, _problem in records]
    return records


# --- conventions seen across the whole file ----------------------------------------------------


@dataclass
class Conventions:
    """What one row cannot tell alone: whether «M» and 05/06/1980 are unambiguous here."""

    english_sex_line: int | None = None
    month_first_line: int | None = None

    @classmethod
    def of(cls, records):
        found = cls()
        for line, row, _problem in records:
            if found.english_sex_line is None and fold(row.get("sexo", "")) in ENGLISH_SEX_CODES:
                found.english_sex_line = line
            match = SLASH_DATE.match(clean(row.get("fecha_nacimiento", "")))
            if found.month_first_line is None and match and int(match[2]) > 12:
                found.month_first_line = line
        return found


# --- the load ----------------------------------------------------------------------------------


def load_registry(path, process, atomic=False):
    # Read afresh (one query, whatever the caller's instance has cached).
    current = ElectoralProcess.objects.select_related("privacy_state").get(pk=process.pk)
    if process_is_blocked(current):
        # Closed: its personal data is kept only to settle liabilities (DOMAIN §2.7).
        raise RegistryFileError(
            f"El proceso «{process}» ya cerró: sus datos personales están bloqueados y no se "
            "cargan más registros."
        )
    source = read_registry(path)
    report = RegistryReport(
        encoding=source.encoding,
        delimiter=DELIMITER_NAMES[source.delimiter],
        ignored_columns=source.ignored_columns,
    )
    conventions = Conventions.of(source.records)
    try:
        with transaction.atomic():
            loader = _Loader(process, conventions)
            for line, row, problem in source.records:
                try:
                    if problem:
                        raise RowError(problem)
                    loader.load(row, line)
                except RowError as error:
                    report.errors.append((line, str(error)))
            if atomic and report.errors:
                raise Aborted
            changed, unchanged = loader.compare()
            # New rows are inserted together, changed ones revised together: a fixed number of
            # queries for the whole file.
            add_draft_children(group_by_parent(loader.new))
            report.pending_publication = loader.write_changes(changed)
            report.created, report.updated, report.unchanged = (
                len(loader.new),
                len(changed),
                unchanged,
            )
    except Aborted:
        report.rolled_back = True
        report.created = report.updated = report.unchanged = report.pending_publication = 0
    return report


SLOT = (
    "office_id",
    "district_id",
    "municipality_id",
    "list_position",
    "party_id",
    "independent_id",
    "formula_role",
)
VALUES = ("title", "sex", "birth_date", "affirmative_action", "external_id")


@dataclass
class Occupant:
    """The candidacy that holds a slot already, as its row says."""

    pk: int
    title: str
    birth_date: dt.date | None
    key: str

    def is_same_person(self, name, birth_date, key):
        """A correction keeps the birth date or the name (words added or removed, order, case
        and accents aside), unless the registry key says it is the same registration."""
        if key and key == self.key:
            return True
        if birth_date == self.birth_date:
            return True
        new, old = set(fold(name).split()), set(fold(self.title).split())
        return new <= old or old <= new


@dataclass
class Match:
    line: int
    page_id: int
    values: dict


class _Loader:
    def __init__(self, process, conventions):
        self.process = process
        self.conventions = conventions
        self.new = []  # (actor page, unsaved draft), inserted in bulk at the end
        self.matched = []  # rows whose slot has a candidacy already: compared at the end
        self.seen = {}  # {slot: (line, values)} of this file
        self.people = {}  # {(office id, folded name, birth date): line or page id}
        self.keys = {}  # {registry key: line or page id}
        # Every slot of the process in one light query.
        self.slots = {}
        for row in CandidacyPage.objects.filter(office__process=process).values_list(
            *SLOT, "pk", "title", "birth_date", "external_id"
        ):
            slot, (pk, title, birth_date, key) = tuple(row[: len(SLOT)]), row[len(SLOT) :]
            self.slots[slot] = Occupant(pk, title, birth_date, key)
            self.people.setdefault((slot[0], fold(title), birth_date), ("page", pk))
            if key:
                self.keys.setdefault(key, ("page", pk))
        self.offices = {}
        for office in Office.objects.filter(process=process):
            office.process = process
            for label in (office.slug, office.name, office.short_name, office.ine_label):
                if label:
                    self.offices.setdefault(slugify(label), office)
        self.offices_by_id = {office.pk: office for office in self.offices.values()}
        self.districts = {d.number: d for d in District.objects.filter(process=process)}
        self.municipalities = {}
        for municipality in Municipality.objects.filter(inegi_code__startswith=process.state_code):
            self.municipalities[municipality.inegi_code] = municipality
            self.municipalities[municipality.inegi_code[2:]] = municipality
            self.municipalities.setdefault(fold(municipality.name), municipality)
        self.coalitions = set()
        for name, slug in Coalition.objects.filter(process=process).values_list("name", "slug"):
            self.coalitions.update({fold(name), fold(slug)})
        self.actors = {}
        for actor in CapturingActorPage.objects.descendant_of(process.page).select_related(
            "party", "independent"
        ):
            if actor.party_id:
                for label in (actor.party.acronym, actor.party.name):
                    self.actors.setdefault(("partido", fold(label)), actor)
            else:
                for label in (actor.independent.slug, actor.independent.name):
                    self.actors.setdefault(("independiente", fold(label)), actor)

    # --- one row, no database ----------------------------------------------------------------
    def load(self, row, line):
        row = {k: clean(v) for k, v in row.items()}
        name = self._name(row)
        sex = self._sex(row)
        birth_date = self._birth_date(row)
        office = self._office(row)
        role = self._role(row, office)
        self._check_age(office, birth_date)
        district, municipality, list_position = self._place(row, office)
        actor, party, independent = self._actor(row)
        action = self._action(row)
        key = row.get("clave", "")
        if len(key) > 40:
            raise RowError(f"La clave excede 40 caracteres: «{key}».")
        values = {
            "title": name,
            "sex": sex,
            "birth_date": birth_date,
            "affirmative_action": action,
            "external_id": key,
        }
        slot = {
            "office": office,
            "district": district,
            "municipality": municipality,
            "list_position": list_position,
            "party": party,
            "independent": independent,
            "formula_role": role,
        }
        slot_key = tuple(getattr(value, "pk", value) for value in slot.values())
        if slot_key in self.seen:
            first, first_values = self.seen[slot_key]
            if first_values == values:
                raise RowError(f"Fila repetida: es idéntica a la fila {first}.")
            raise RowError(
                f"Repite la candidatura (cargo, lugar, partido y tipo) de la fila {first}."
            )
        occupant = self.slots.get(slot_key)
        existing = occupant.pk if occupant else None
        if occupant and not occupant.is_same_person(name, birth_date, key):
            raise RowError(
                f"El lugar ya lo ocupa otra persona («{occupant.title}», página {occupant.pk}): "
                "cambian el nombre y la fecha de nacimiento. Una sustitución se hace en el "
                "administrador (la candidatura anterior se retira y se crea la nueva); la carga "
                "no la hace, porque la nueva persona heredaría lo que capturó la anterior."
            )
        person = (office.pk, fold(name), birth_date)
        self._check_unique(self.people, person, existing, line, self._person_message)
        if key:
            self._check_unique(self.keys, key, existing, line, self._key_message)
        self.seen[slot_key] = (line, values)
        if existing is None:
            page = CandidacyPage(
                slug=slugify(f"{name}-{office.slug}-{role}")[:200] or "candidatura",
                **slot,
                **values,
            )
            self.new.append((actor, page))
        else:
            self.matched.append(Match(line, existing, values))

    @staticmethod
    def _check_unique(index, value, existing, line, message):
        """`value` (a person or a key) must not belong to another row or candidacy."""
        owner = index.get(value)
        if owner is not None and owner != ("page", existing):
            raise RowError(message(value, owner))
        index[value] = ("line", line)

    @staticmethod
    def _person_message(person, owner):
        kind, where = owner
        if kind == "line":
            return (
                "La misma persona (nombre y fecha de nacimiento) ya está registrada para este "
                f"cargo en la fila {where}."
            )
        return (
            "La misma persona (nombre y fecha de nacimiento) ya tiene una candidatura para este "
            f"cargo en otro lugar, partido o tipo (página {where}). Si cambió su registro, "
            "corrígelo en el administrador; la carga no crea un duplicado."
        )

    @staticmethod
    def _key_message(key, owner):
        kind, where = owner
        if kind == "line":
            return f"La clave «{key}» ya está en la fila {where}."
        return (
            f"La clave «{key}» ya pertenece a otra candidatura de este proceso (página {where}) "
            "con otro cargo, lugar, partido o tipo."
        )

    def _name(self, row):
        parts = [row.get("nombre", ""), row.get("apellido_paterno", "")]
        parts.append(row.get("apellido_materno", ""))
        name = " ".join(p for p in parts if p)
        if not name:
            raise RowError("Falta el nombre.")
        if MOJIBAKE.search(name):
            raise RowError(
                f"El nombre «{name}» tiene caracteres dañados por una conversión de codificación "
                "(p. ej. «Ã±» en lugar de «ñ»). Corrígelo en el archivo original."
            )
        if "," in name:
            raise RowError(
                f"El nombre «{name}» tiene una coma: escríbelo completo y sin comas, nombre y "
                "apellidos (p. ej. «Ana Pérez Gil»), o usa las columnas nombre, apellido_paterno "
                "y apellido_materno."
            )
        odd = sorted(
            {c for c in name if not (c.isalpha() or unicodedata.combining(c))} - NAME_PUNCTUATION
        )
        if odd:
            raise RowError(
                f"El nombre «{name}» tiene caracteres que no son letras: "
                + " ".join(f"«{c}»" for c in odd)
                + ". ¿Se guardó el archivo con otra codificación?"
            )
        if len(name) > 200:
            raise RowError("El nombre excede 200 caracteres.")
        return name

    def _sex(self, row):
        text = row.get("sexo", "")
        value = fold(text)
        if not value:
            raise RowError("Falta el sexo (Mujer, Hombre o No binario).")
        if value in ENGLISH_SEX_CODES:
            raise RowError(
                f"Sexo ambiguo: «{text}». Escribe Mujer, Hombre o No binario (o M/H como en la "
                "CURP)."
            )
        if value == "m" and self.conventions.english_sex_line:
            raise RowError(
                f"Sexo ambiguo: «{text}». La fila {self.conventions.english_sex_line} usa «F», "
                "así que en este archivo «M» podría significar masculino. Escribe Mujer u Hombre."
            )
        sex = SEXES.get(value)
        if sex is None:
            raise RowError(f"Sexo no válido: «{text}» (Mujer, Hombre o No binario).")
        return sex

    def _birth_date(self, row):
        text = row.get("fecha_nacimiento", "")
        if not text:
            raise RowError("Falta la fecha de nacimiento.")
        formats = "(AAAA-MM-DD o DD/MM/AAAA)"
        iso, slash = ISO_DATE.match(text), SLASH_DATE.match(text)
        if iso:
            year, month, day = (int(g) for g in iso.groups())
        elif slash:
            day, month, year = (int(g) for g in slash.groups())
            if len(slash[3]) == 2:
                raise RowError(
                    f"Fecha de nacimiento con año de dos cifras: «{text}». Escribe el año "
                    f"completo {formats}."
                )
            if month > 12 and day <= 12:
                raise RowError(
                    f"Fecha de nacimiento «{text}» en orden mes/día; escríbela como DD/MM/AAAA "
                    "o AAAA-MM-DD."
                )
            first = self.conventions.month_first_line
            if first and day <= 12:
                raise RowError(
                    f"Fecha de nacimiento ambigua: «{text}». La fila {first} tiene una fecha en "
                    "orden mes/día, así que no se sabe cuál es el día y cuál el mes; usa "
                    "AAAA-MM-DD."
                )
        elif text.isdigit():
            raise RowError(
                f"Fecha de nacimiento no válida: «{text}» parece un número de serie de Excel; "
                f"da formato de fecha a la columna {formats}."
            )
        else:
            raise RowError(f"Fecha de nacimiento no válida: «{text}» {formats}.")
        try:
            birth_date = dt.date(year, month, day)
        except ValueError:
            raise RowError(f"Fecha de nacimiento inexistente: «{text}» {formats}.") from None
        if birth_date >= self.process.election_day:
            raise RowError(
                f"Fecha de nacimiento «{text}» posterior a la jornada electoral "
                f"({self.process.election_day:%d/%m/%Y})."
            )
        if self.process.age_on_election_day(birth_date) > 120:
            raise RowError(f"Fecha de nacimiento improbable: «{text}» (más de 120 años).")
        return birth_date

    def _office(self, row):
        text = row.get("cargo", "")
        if not text:
            raise RowError("Falta el cargo.")
        office = self.offices.get(slugify(text))
        if office is None:
            raise RowError(f"Cargo desconocido en este proceso: «{text}».")
        return office

    @staticmethod
    def _role(row, office):
        text = row.get("tipo", "")
        if not text:
            raise RowError("Falta el tipo (propietaria, propietario o suplente).")
        role = ROLES.get(fold(text))
        if role is None:
            raise RowError(f"Tipo no válido: «{text}» (propietaria/propietario/suplente).")
        if role == FormulaRole.SUBSTITUTE and not office.has_substitutes:
            raise RowError(f"El cargo «{office.name}» no se registra con suplente.")
        return role

    def _check_age(self, office, birth_date):
        age = self.process.age_on_election_day(birth_date)
        if age < office.minimum_age:
            raise RowError(
                f"Edad insuficiente: para {office.name} se requiere una edad mínima de "
                f"{office.minimum_age} años el día de la elección "
                f"({self.process.election_day:%d/%m/%Y}); la persona tendría {age}."
            )

    def _place(self, row, office):
        district = municipality = list_position = None
        if office.scope == OfficeScope.DISTRICT:
            text = row.get("distrito", "")
            if not text:
                raise RowError(f"Falta el distrito para «{office.name}».")
            match = DISTRICT.match(text)
            district = self.districts.get(int(match[1])) if match else None
            if district is None:
                raise RowError(
                    f"Distrito no válido para «{office.name}»: «{text}» (el proceso tiene "
                    f"{len(self.districts)} distritos)."
                )
            head_town = match[2]
            if head_town and fold(head_town) != fold(district.head_town):
                raise RowError(
                    f"El distrito «{text}» no coincide con su cabecera: el distrito "
                    f"{district.number} es {district.head_town}."
                )
        if office.scope == OfficeScope.MUNICIPALITY:
            text = row.get("municipio", "")
            if not text:
                raise RowError(f"Falta el municipio para «{office.name}».")
            municipality = self.municipalities.get(text) or self.municipalities.get(fold(text))
            if municipality is None:
                raise RowError(f"Municipio desconocido en la entidad: «{text}».")
        if office.scope == OfficeScope.LIST:
            text = row.get("lista", "")
            match = NUMBER.match(text)
            if not match or int(match[1]) < 1:
                raise RowError(f"Número de lista no válido: «{text}».")
            list_position = int(match[1])
        return district, municipality, list_position

    def _actor(self, row):
        party_text, independent_text = row.get("partido", ""), row.get("independiente", "")
        if party_text and independent_text:
            raise RowError(
                "Indica el partido o la candidatura independiente, no ambos "
                f"(«{party_text}» y «{independent_text}»)."
            )
        if not party_text and not independent_text:
            raise RowError("Falta el partido (siglas) o la candidatura independiente.")
        if independent_text:
            actor = self.actors.get(("independiente", fold(independent_text)))
            if actor is None:
                raise RowError(
                    f"Candidatura independiente sin página de captura: «{independent_text}»."
                )
            return actor, None, actor.independent
        actor = self.actors.get(("partido", fold(party_text)))
        if actor is None:
            if fold(party_text) in self.coalitions:
                raise RowError(
                    f"«{party_text}» es una coalición: indica el partido que captura la "
                    "candidatura según el siglado."
                )
            raise RowError(
                f"Partido o candidatura independiente sin página de captura: «{party_text}»."
            )
        return actor, actor.party, None

    @staticmethod
    def _action(row):
        text = row.get("accion_afirmativa", "")
        value = fold(text)
        if value in NO_ACTION:
            return ""
        for code, label in AffirmativeAction.choices:
            short = fold(label).removeprefix("persona ")
            if value in (code, fold(label), short, short.rstrip("+")):
                return code
        raise RowError(f"Acción afirmativa no reconocida: «{text}».")

    # --- the end: what changed, written in bulk ----------------------------------------------
    def compare(self):
        """([(page, latest content, values)], unchanged count) of the rows with a candidacy."""
        ids = [match.page_id for match in self.matched]
        pages = {}
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            related = CandidacyPage.objects.filter(pk__in=chunk).select_related(
                "district", "municipality", "party", "coalition", "independent"
            )
            for page in related:
                pages[page.pk] = page
        revisions = {}
        revision_ids = [
            page.latest_revision_id for page in pages.values() if page.latest_revision_id
        ]
        for start in range(0, len(revision_ids), BATCH_SIZE):
            chunk = revision_ids[start : start + BATCH_SIZE]
            for pk, content in Revision.objects.filter(pk__in=chunk).values_list("pk", "content"):
                revisions[pk] = content
        changed, unchanged = [], 0
        for match in self.matched:
            page = pages[match.page_id]
            content = revisions.get(page.latest_revision_id)
            if content is None:
                content = page.serializable_data()
            current = {
                attr: CandidacyPage._meta.get_field(attr).to_python(content.get(attr))
                for attr in VALUES
            }
            if current == match.values:
                unchanged += 1
            else:
                changed.append((page, dict(content), match.values))
        return changed, unchanged

    def write_changes(self, changed):
        """Registration values on top of each candidacy's latest revision; returns how many
        of them are published (their public version waits for the IEC to publish)."""
        if not changed:
            return 0
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(CandidacyPage)
        base_content_type = ContentType.objects.get_for_model(Page)
        revisions, drafts, bases = [], [], []
        for page, content, values in changed:
            office = self.offices_by_id[page.office_id]
            age = self.process.age_on_election_day(values["birth_date"])
            content.update(
                {
                    **values,
                    "birth_date": values["birth_date"].isoformat(),
                    "draft_title": values["title"],
                    "age": age,
                }
            )
            revisions.append(
                Revision(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=str(page.pk),
                    created_at=now,
                    content=content,
                    object_str=values["title"],
                )
            )
            if not page.live:
                # A draft's row is its current version: it takes the new values too.
                page.office = office
                for attr, value in values.items():
                    setattr(page, attr, value)
                page.age = age
                drafts.append(page)
        Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
        for (page, _content, values), revision in zip(changed, revisions, strict=True):
            base = Page(pk=page.pk, title=page.title)
            base.draft_title = values["title"]
            base.latest_revision = revision
            base.latest_revision_created_at = now
            base.has_unpublished_changes = True
            bases.append(base)
        Page.objects.bulk_update(
            bases,
            [
                "title",
                "draft_title",
                "latest_revision",
                "latest_revision_created_at",
                "has_unpublished_changes",
            ],
            batch_size=BATCH_SIZE,
        )
        CandidacyPage.objects.bulk_update(
            drafts,
            ["sex", "birth_date", "affirmative_action", "external_id", "age"],
            batch_size=BATCH_SIZE,
        )
        batch = uuid.uuid4()
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type=content_type,
                    page_id=page.pk,
                    label=values["title"],
                    action="wagtail.edit",
                    data={},
                    timestamp=now,
                    uuid=batch,
                    revision=revision,
                    content_changed=True,
                )
                for (page, _content, values), revision in zip(changed, revisions, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        index_for_search(CandidacyPage, drafts)
        return sum(1 for page, _content, _values in changed if page.live)
