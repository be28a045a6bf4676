"""Import of INE's Conóceles export (both sheets) as published candidacies.

INE's file is already-published data, so candidacies are created live. The import runs in three
passes so that its cost does not grow with queries per row: every row is parsed and checked first
(no database), then catalogs are resolved (cached per label) and the existing candidacies fetched
in one query per 500 rows, then new candidacies are inserted in bulk (`candidates.bulk`) and the
identity answers applied in bulk; changed candidacies get a new live revision each, in bulk too
(`publish_changed`), and only a candidacy moved to another force or withdrawn goes through
Wagtail's move and publish one by one. The import is idempotent: a candidacy whose fields
already match its row is left alone (no new revision, no log entry).
"""

import datetime as dt
import sys
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from candidates.bulk import (
    add_live_children,
    group_by_parent,
    index_for_search,
    publish_changed,
    search_indexing_deferred,
)
from candidates.choices import FormulaRole
from candidates.models import CandidacyPage
from identity.exports import (
    InvalidIdentityValue,
    apply_ine_identity_answers,
    parse_ine_identity_values,
)

from . import ine
from .catalogs import OFFICE_SPECS, CatalogCache, state_code
from .signals import open_data_regeneration_deferred
from .workbook import SpreadsheetError, read_sheets

DEFAULT_ELECTION_DAY = dt.date(2022, 6, 5)


def index_updated(pks):
    """Index the candidacies moved or republished one by one (bulk writes index themselves)."""
    for start in range(0, len(pks), 500):
        pages = CandidacyPage.objects.filter(pk__in=pks[start : start + 500])
        index_for_search(CandidacyPage, pages.select_related("office"))


class ImportAborted(Exception):
    """Raised inside the atomic block to roll everything back."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (sheet, row number as in the spreadsheet, reason)
    identity_applied: int = 0
    rolled_back: bool = False

    def error_lines(self):
        return [f"Hoja {sheet}, fila {row}: {reason}" for sheet, row, reason in self.errors]


class RowError(Exception):
    pass


class IdentityRowError(RowError):
    """A problem in the identity sheet's row of a person: reported with that sheet's row."""

    def __init__(self, sheet, line, message):
        super().__init__(message)
        self.sheet, self.line = sheet, line


def _fold(text):
    """Case, accents and spacing aside: «Maestría», «MAESTRIA» and « maestria » match."""
    text = unicodedata.normalize("NFKD", ine.clean_text(text))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


SEX_BY_LABEL = {_fold(label): value for label, value in ine.SEX_BY_LABEL.items()}
EDUCATION_BY_LABEL = {_fold(label): value for label, value in ine.EDUCATION_BY_LABEL.items()}
STATUS_BY_LABEL = {_fold(label): value for label, value in ine.STATUS_BY_LABEL.items()}
ROLE_BY_LABEL = {
    "propietaria": FormulaRole.OWNER,
    "propietario": FormulaRole.OWNER,
    "suplente": FormulaRole.SUBSTITUTE,
}


def _number(value, column, minimum=None, maximum=None):
    text = ine.clean_text(value).strip()
    if not text.isdigit():
        raise RowError(f"{column} debe ser un número entero (se encontró «{text}»).")
    number = int(text)
    if minimum is not None and not (minimum <= number <= maximum):
        raise RowError(f"{column} fuera de rango ({minimum}–{maximum}): {number}.")
    return number


def _optional(value, placeholders=(ine.NOT_PROVIDED, ine.NOT_APPLICABLE)):
    text = ine.clean_text(value)
    return "" if text.strip() in placeholders else text


# INE's header is the first row; a re-saved copy may carry a title or notes above it.
HEADER_SEARCH_ROWS = 10


def _header_key(value):
    return " ".join(ine.clean_text(value).split()).upper()


def _header_row(rows, expected):
    """(index, header) of the first of the top rows holding every expected column, or None."""
    wanted = {_header_key(c) for c in expected}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if wanted <= {_header_key(c) for c in row}:
            return index, [ine.clean_text(c).strip() for c in row]
    return None


@dataclass
class Table:
    """A sheet's data rows as {column: cell}, each with its row number as the spreadsheet shows
    it (1-based, counting the header and anything above it)."""

    sheet: str
    header: list
    rows: list  # [(row number, {column: cell}, [cells])]


def _find_sheet(sheets, name, expected):
    """The sheet called `name` (case and spacing aside), else the only sheet with its columns."""
    if name in sheets:
        return name
    wanted = _header_key(name)
    for sheet in sheets:
        if _header_key(sheet) == wanted:
            return sheet
    holding = [sheet for sheet, rows in sheets.items() if _header_row(rows, expected)]
    return holding[0] if len(holding) == 1 else None


def _read_table(sheets, name, expected, required=True):
    sheet = _find_sheet(sheets, name, expected)
    if sheet is None:
        if not required:
            return None
        found = ", ".join(f"«{s}»" for s in sheets) or "ninguna"
        raise SpreadsheetError(
            f"El archivo no tiene la hoja «{name}» del formato Conóceles del INE "
            f"(hojas encontradas: {found})."
        )
    rows = sheets[sheet]
    if not any(any(ine.clean_text(v).strip() for v in row) for row in rows):
        raise SpreadsheetError(f"La hoja «{sheet}» está vacía.")
    found = _header_row(rows, expected)
    if found is None:
        best = max(rows[:HEADER_SEARCH_ROWS], key=lambda row: len(set(map(_header_key, row))))
        present = {_header_key(c) for c in best}
        missing = [c for c in expected if _header_key(c) not in present]
        raise SpreadsheetError(
            f"La hoja «{sheet}» no tiene las columnas del formato del INE; faltan: "
            + ", ".join(missing[:5])
            + ("…" if len(missing) > 5 else "")
            + ". Revisa que la primera fila sea el encabezado original y que ninguna columna "
            "se haya renombrado."
        )
    index, header = found
    keys = [_header_key(c) for c in header]
    repeated = sorted({c for c in expected if keys.count(_header_key(c)) > 1})
    if repeated:
        raise SpreadsheetError(
            f"La hoja «{sheet}» repite la columna " + ", ".join(f"«{c}»" for c in repeated) + "."
        )
    # Cells by INE's spelling of each column, whatever spacing or case the copy has.
    canonical = {_header_key(c): c for c in expected}
    names = [canonical.get(key, text) for key, text in zip(keys, header, strict=True)]
    table = []
    for number, row in enumerate(rows[index + 1 :], start=index + 2):
        cells = list(row) + [""] * (len(names) - len(row))  # a short row has blank cells
        if not any(ine.clean_text(v).strip() for v in cells):
            continue
        table.append((number, dict(zip(names, cells, strict=False)), cells))
    return Table(sheet=sheet, header=names, rows=table)


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
PHONE_SEPARATORS = str.maketrans("", "", " -.()/")


def _phone(text):
    """INE's 10-digit phone; separators (spaces, dashes, parentheses) are dropped."""
    if not text:
        return ""
    digits = text.translate(PHONE_SEPARATORS)
    if digits.isdigit() and len(digits) == 10:
        return digits
    if len(text) > 10:
        raise RowError(f"TELEFONO debe tener 10 dígitos (se encontró «{text}»).")
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


@dataclass
class ResolvedRow:
    row: ParsedRow
    process: object
    actor: object
    values: dict  # fields plus catalog records: what the candidacy page must hold
    page: object = None


@dataclass
class IdentityRow:
    sheet: str
    line: int
    values: dict  # registration cells by column
    answers: list  # the twenty answers, in INE's order
    repeated: list = field(default_factory=list)  # later rows of the same person


FOREIGN_KEYS = ("office", "district", "municipality", "party", "coalition", "independent")
STREAM_FIELDS = ("courses", "professional_history", "political_trajectory", "proposals")


class ConocelesImporter:
    def __init__(self, election_day=DEFAULT_ELECTION_DAY, progress=None):
        self.catalogs = CatalogCache(election_day)
        self.progress = progress or (lambda done, total: None)
        self.report = ImportReport()
        self.sheet = ine.CANDIDATES_SHEET  # as the file names it
        self.updated_ids = []  # candidacies changed in place, to index at the end

    # --- entry point -----------------------------------------------------------------------
    def run(self, path, atomic=False):
        sheets = read_sheets(path)
        table = _read_table(sheets, ine.CANDIDATES_SHEET, ine.CANDIDATES_COLUMNS)
        if not table.rows:
            raise SpreadsheetError(
                f"La hoja «{table.sheet}» solo tiene el encabezado: no hay candidaturas que "
                "importar."
            )
        self.sheet = table.sheet
        identity = self._identity_rows(sheets, table.sheet)
        entries = [(number, row) for number, row, _cells in table.rows]
        with open_data_regeneration_deferred():
            try:
                # One transaction: the database syncs to disk once, and with --atomic a bad
                # row undoes everything. Without it, bad rows are skipped and good rows kept.
                with transaction.atomic():
                    self._import_all(entries, identity)
                    self._report_orphans(identity, entries)
                    if atomic and self.report.errors:
                        raise ImportAborted
            except ImportAborted:
                self.report.rolled_back = True
                self.report.created = self.report.updated = self.report.unchanged = 0
                self.report.identity_applied = 0
        return self.report

    def _identity_rows(self, sheets, candidates_sheet):
        """{(state, number, name): IdentityRow} of the identity sheet, if the file has one."""
        others = {name: rows for name, rows in sheets.items() if name != candidates_sheet}
        table = _read_table(
            others, ine.IDENTITY_SHEET, ine.IDENTITY_REGISTRATION_COLUMNS, required=False
        )
        if table is None:
            return {}
        answer_columns = self._answer_columns(table)
        found = {}
        for number, values, cells in table.rows:
            key = self._key(values)
            if key in found:
                found[key].repeated.append(number)
                continue
            answers = [ine.clean_text(cells[i]) if i < len(cells) else "" for i in answer_columns]
            found[key] = IdentityRow(table.sheet, number, values, answers)
        return found

    @staticmethod
    def _answer_columns(table):
        """Positions of the twenty answers: by INE's headers, or right after the registration
        columns when the copy has them in INE's order and exactly twenty more."""
        from identity.exports import ine_identity_columns

        keys = [_header_key(c) for c in table.header]
        wanted = [_header_key(c) for c in ine_identity_columns()]
        if all(keys.count(key) == 1 for key in wanted):
            return [keys.index(key) for key in wanted]
        registration = [_header_key(c) for c in ine.IDENTITY_REGISTRATION_COLUMNS]
        width = len(registration)
        extra = [key for key in keys[width:] if key]
        if keys[:width] == registration and len(extra) == len(wanted):
            return list(range(width, width + len(wanted)))
        raise SpreadsheetError(
            f"La hoja «{table.sheet}» no tiene las veinte preguntas del cuestionario de "
            f"identidad del INE después de las columnas del registro (se encontraron "
            f"{len(extra)} columnas más). No se importa nada para no atribuir una respuesta a "
            "la pregunta equivocada."
        )

    def _report_orphans(self, identity, entries):
        people = {self._key(row) for _number, row in entries}
        for key, row in identity.items():
            if key not in people:
                self.report.errors.append(
                    (
                        row.sheet,
                        row.line,
                        "no corresponde a ninguna fila de la hoja de candidaturas (ENTIDAD, "
                        "NUM_LISTA_O_FORMULA y NOMBRE_CANDIDATO); sus respuestas no se aplicaron.",
                    )
                )

    @staticmethod
    def _key(row):
        """Who a row is about, the same in both sheets (spacing and case aside)."""
        return tuple(
            _header_key(row[column])
            for column in ("ENTIDAD", "NUM_LISTA_O_FORMULA", "NOMBRE_CANDIDATO")
        )

    def _role(self, row, identity):
        """INE's first sheet labels women suplentes PROPIETARIA; its identity sheet is right."""
        label = ine.clean_text(row["TIPO_CANDIDATO"]).strip()
        match = identity.get(self._key(row))
        if match:
            label = ine.clean_text(match.values["TIPO_CANDIDATO"]).strip() or label
        role = ROLE_BY_LABEL.get(_fold(label))
        if role is None:
            raise RowError(
                f"TIPO_CANDIDATO no reconocido: «{label}» (PROPIETARIA, PROPIETARIO o SUPLENTE)."
            )
        return role

    def _import_all(self, entries, identity):
        parsed = self._parse_all(entries, identity)
        owner_names = {
            (row.state, row.external_id): row.name
            for row in parsed
            if row.role == FormulaRole.OWNER
        }
        resolved = []
        with search_indexing_deferred(CandidacyPage):
            for done, row in enumerate(parsed, start=1):
                resolved.append(self._resolve(row, owner_names))
                self.progress(done, len(entries))
            existing = self._existing(resolved)
            # Substitutes first, so that each principal is written pointing at its substitute.
            principal_of = {}
            for role in (FormulaRole.SUBSTITUTE, FormulaRole.OWNER):
                batch = [item for item in resolved if item.row.role == role]
                if role == FormulaRole.OWNER:
                    for item in batch:
                        key = (item.process.pk, item.values["office"].pk, item.row.external_id)
                        item.values["substitute"] = principal_of.get(key)
                self._write(batch, existing)
                if role == FormulaRole.SUBSTITUTE:
                    for item in batch:
                        if item.page is not None:
                            key = (item.process.pk, item.page.office_id, item.row.external_id)
                            principal_of[key] = item.page
            self._apply_identity(resolved)
        index_updated(self.updated_ids)
        self.progress(len(entries), len(entries))

    # --- pass 1: parse and check every row, no database -----------------------------------------
    def _parse_all(self, entries, identity):
        parsed, seen = [], {}
        for number, row in entries:
            try:
                item = self._parse(number, row, identity)
                key = (item.state, item.external_id, item.role)
                if key in seen:
                    raise RowError(
                        f"repite la fórmula {item.external_id} "
                        f"({FormulaRole(item.role).label.lower()}) de la fila {seen[key]}."
                    )
                seen[key] = number
            except IdentityRowError as error:
                self.report.errors.append((error.sheet, error.line, str(error)))
                continue
            except (RowError, InvalidIdentityValue) as error:
                self.report.errors.append((self.sheet, number, str(error)))
                continue
            parsed.append(item)
        return parsed

    def _parse(self, line, row, identity):
        cell = {k: ine.clean_text(v) for k, v in row.items()}
        for column, limit in CELL_LIMITS.items():
            if len(cell[column].strip()) > limit:
                raise RowError(f"{column} excede {limit} caracteres ({len(cell[column].strip())}).")
        state = " ".join(cell["ENTIDAD"].split()).upper()
        if not state:
            raise RowError("ENTIDAD vacía.")
        if state_code(state) is None:
            raise RowError(f"ENTIDAD no es una entidad federativa: «{state}».")
        office_label = " ".join(cell["CARGO"].split()).upper()
        if office_label not in OFFICE_SPECS:
            raise RowError(
                f"CARGO desconocido: «{cell['CARGO'].strip()}» (se esperaba uno de: "
                + ", ".join(OFFICE_SPECS)
                + ")."
            )
        name = " ".join(cell["NOMBRE_CANDIDATO"].split())
        if not name:
            raise RowError("NOMBRE_CANDIDATO vacío.")
        number = _number(row["NUM_LISTA_O_FORMULA"], "NUM_LISTA_O_FORMULA")
        if len(str(number)) > 40:
            raise RowError("NUM_LISTA_O_FORMULA excede 40 cifras.")
        age = _number(row["EDAD"], "EDAD", 18, 120)
        sex = SEX_BY_LABEL.get(_fold(cell["SEXO"]))
        if sex is None:
            raise RowError(f"SEXO no reconocido: «{cell['SEXO']}» (MUJER, HOMBRE o NO BINARIO).")
        education_text = _optional(cell["ESCOLARIDAD"]).strip()
        education = EDUCATION_BY_LABEL.get(_fold(education_text), "")
        if education_text and not education:
            raise RowError(f"ESCOLARIDAD no reconocida: «{education_text}».")
        status_text = _optional(cell["ESTATUS_ESCOLARIDAD"]).strip()
        status = STATUS_BY_LABEL.get(_fold(status_text), "")
        if status_text and not status:
            raise RowError(f"ESTATUS_ESCOLARIDAD no reconocido: «{status_text}».")
        organization = " ".join(cell["PARTIDO_COALICION"].split())
        if not organization:
            raise RowError("PARTIDO_COALICION vacío.")
        circumscription_text = _optional(cell["CIRCUNSCRIPCION"]).strip()
        circumscription = (
            _number(circumscription_text, "CIRCUNSCRIPCION", 1, 99)
            if circumscription_text
            else None
        )
        role = self._role(row, identity)
        answers = None
        match = identity.get(self._key(row))
        if match:
            if match.repeated:
                raise IdentityRowError(
                    match.sheet,
                    match.repeated[0],
                    f"repite a la persona de la fila {match.line} de la misma hoja; la "
                    f"candidatura de la fila {line} de «{self.sheet}» no se importó.",
                )
            try:
                answers = parse_ine_identity_values(match.answers)
            except InvalidIdentityValue as error:
                raise IdentityRowError(
                    match.sheet,
                    match.line,
                    f"{error} La candidatura de la fila {line} de «{self.sheet}» no se importó.",
                ) from error
        contact = self._contact_values(cell)
        contact["public_phone"] = _phone(contact["public_phone"].strip())
        for attr in ("website", *(attr for _host, attr in ine.SOCIAL_FIELDS), "other_social_url"):
            if len(contact[attr]) > 200:
                raise RowError("Un enlace de PAGINA_WEB o REDES excede 200 caracteres.")
        return ParsedRow(
            line=line,
            state=state,
            office_label=office_label,
            name=name,
            external_id=str(number),
            role=role,
            district=self._district(" ".join(cell["DISTRITO LOCAL"].split())),
            municipality=" ".join(_optional(cell["MUNICIPIO"]).split()),
            organization=organization,
            fields={
                "title": name,
                "circumscription": circumscription,
                "sex": sex,
                "registered_age": age,
                "external_id": str(number),
                "education_level": education,
                "education_status": status,
                **contact,
                **self._text_values(cell),
            },
            identity=answers,
        )

    @staticmethod
    def _district(label):
        if not label or label == ine.NOT_APPLICABLE:
            return None
        number, _, head_town = label.partition("-")
        if not number.strip().isdigit() or not head_town.strip():
            raise RowError(f"DISTRITO LOCAL debe ser «número-CABECERA» (se encontró «{label}»).")
        return int(number), head_town.strip()

    # --- pass 2: catalogs and the candidacies that already exist --------------------------------
    def _resolve(self, row, owner_names):
        process, process_page = self.catalogs.process(row.state)
        office = self.catalogs.office(process, row.office_label)
        district = self.catalogs.district(process, *row.district) if row.district else None
        municipality = (
            self.catalogs.municipality(process, row.municipality) if row.municipality else None
        )
        coalition = party = independent = None
        if row.organization == ine.INDEPENDENT_LABEL:
            owner_name = owner_names.get((row.state, row.external_id), row.name)
            independent, actor = self.catalogs.independent(
                process, process_page, owner_name, int(row.external_id), office, district
            )
        else:
            coalition, party, actor = self.catalogs.organization(
                process, process_page, row.organization
            )
            self.catalogs.postulate(coalition, office)
        values = {
            **row.fields,
            "office": office,
            "formula_role": row.role,
            "district": district,
            "municipality": municipality,
            "party": party,
            "coalition": coalition,
            "independent": independent,
        }
        return ResolvedRow(row=row, process=process, actor=actor, values=values)

    @staticmethod
    def _existing(resolved):
        """{(process id, external id, role): page} in one query per process and 500 rows."""
        wanted = {}
        for item in resolved:
            wanted.setdefault(item.process.pk, set()).add(item.row.external_id)
        found = {}
        for process_id, ids in wanted.items():
            ids = sorted(ids)
            for start in range(0, len(ids), 500):
                pages = CandidacyPage.objects.filter(
                    office__process_id=process_id, external_id__in=ids[start : start + 500]
                ).order_by("pk")
                for page in pages:
                    found.setdefault((process_id, page.external_id, page.formula_role), page)
        return found

    # --- pass 3: write ----------------------------------------------------------------------------
    def _write(self, batch, existing):
        new, changed = [], []
        for item in batch:
            page = existing.get((item.process.pk, item.row.external_id, item.row.role))
            if page is None:
                page = CandidacyPage(
                    slug=self._slug(item.row.name, item.row.external_id, item.row.role),
                    **item.values,
                )
                new.append((item.actor, page))
            elif not self._is_live_child(page, item.actor):
                # Moved to another force, or withdrawn: Wagtail's own move and publish.
                try:
                    with transaction.atomic():
                        self._move_and_publish(page, item.values, item.actor)
                except (ValidationError, DatabaseError) as error:
                    self.report.errors.append((self.sheet, item.row.line, str(error)))
                    continue
                self.report.updated += 1
                self.updated_ids.append(page.pk)
            elif self._differs(page, item.values):
                for attr, value in item.values.items():
                    setattr(page, attr, value)
                changed.append(page)
            else:
                self.report.unchanged += 1
            item.page = page
        self.report.created += len(self._create(new))
        self.report.updated += len(self._publish(changed))

    def _create(self, new):
        """[(actor page, unsaved candidacy)] → saved, live candidacies."""
        return add_live_children(group_by_parent(new))

    def _publish(self, changed):
        """Candidacies edited in place → a new live revision each."""
        return publish_changed(changed)

    @staticmethod
    def _move_and_publish(page, values, actor):
        if page.path[: -page.steplen] != actor.path:
            page.move(actor, pos="last-child")
            page.refresh_from_db()
        for attr, value in values.items():
            setattr(page, attr, value)
        page.save_revision(clean=False).publish()

    @staticmethod
    def _is_live_child(page, actor):
        return page.path[: -page.steplen] == actor.path and page.live

    @staticmethod
    def _slug(name, number, role):
        return slugify(f"{name}-{number}-{role}")[:250]

    @staticmethod
    def _contact_values(cell):
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
        networks = _optional(cell["REDES"]).strip()
        for url in filter(None, (u.strip() for u in networks.split(", ") if networks)):
            host = url.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.").lower()
            attr = dict(ine.SOCIAL_FIELDS).get(host, "other_social_url")
            if values[attr]:
                raise RowError(f"REDES repite una red o trae más de una no reconocida: «{url}».")
            values[attr] = url
        return values

    @staticmethod
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

    @staticmethod
    def _differs(page, values):
        """Compare without touching related rows: foreign keys by id, streams by plain value."""
        for attr, value in values.items():
            if attr in STREAM_FIELDS:
                current = [(c.block_type, _plain(c.value)) for c in getattr(page, attr)]
                if current != [(t, _plain(v)) for t, v in value]:
                    return True
            elif attr in FOREIGN_KEYS or attr == "substitute":
                if getattr(page, f"{attr}_id") != getattr(value, "pk", None):
                    return True
            elif getattr(page, attr) != value:
                return True
        return False

    def _apply_identity(self, resolved):
        pairs = [
            (item.page, item.row.identity)
            for item in resolved
            if item.page is not None and item.row.identity is not None
        ]
        self.report.identity_applied += len(apply_ine_identity_answers(pairs))


def _plain(value):
    if hasattr(value, "items"):
        return {k: v for k, v in dict(value).items() if v not in (None, "")}
    return value


def stderr_progress(stream=sys.stderr):
    """A one-line progress bar on stderr: no dependency, readable in a log."""

    def show(done, total):
        if done == total or done % 25 == 0:
            width = 30
            filled = int(width * done / max(total, 1))
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                stream.write("\n")
            stream.flush()

    return show
