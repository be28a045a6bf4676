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
from .catalogs import OFFICE_SPECS, CatalogCache
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


def _check_header(sheets, name, expected):
    if name not in sheets or not sheets[name]:
        found = ", ".join(f"«{s}»" for s in sheets) or "ninguna"
        raise SpreadsheetError(
            f"El archivo no tiene la hoja «{name}» del formato Conóceles del INE "
            f"(hojas encontradas: {found})."
        )
    header = [ine.clean_text(c).strip() for c in sheets[name][0]]
    missing = [c for c in expected if c not in header]
    if missing:
        raise SpreadsheetError(
            f"La hoja «{name}» no tiene las columnas del formato del INE; faltan: "
            + ", ".join(missing[:5])
            + ("…" if len(missing) > 5 else "")
        )
    return header


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


FOREIGN_KEYS = ("office", "district", "municipality", "party", "coalition", "independent")
STREAM_FIELDS = ("courses", "professional_history", "political_trajectory", "proposals")


class ConocelesImporter:
    def __init__(self, election_day=DEFAULT_ELECTION_DAY, progress=None):
        self.catalogs = CatalogCache(election_day)
        self.progress = progress or (lambda done, total: None)
        self.report = ImportReport()
        self.updated_ids = []  # candidacies changed in place, to index at the end

    # --- entry point -----------------------------------------------------------------------
    def run(self, path, atomic=False):
        sheets = read_sheets(path)
        header = _check_header(sheets, ine.CANDIDATES_SHEET, ine.CANDIDATES_COLUMNS)
        rows = [dict(zip(header, row, strict=False)) for row in sheets[ine.CANDIDATES_SHEET][1:]]
        identity = self._identity_rows(sheets)
        entries = [
            (n, row)
            for n, row in enumerate(rows, start=2)
            if any(ine.clean_text(v).strip() for v in row.values())
        ]
        with open_data_regeneration_deferred():
            try:
                # One transaction: the database syncs to disk once, and with --atomic a bad
                # row undoes everything. Without it, bad rows are skipped and good rows kept.
                with transaction.atomic():
                    self._import_all(entries, identity)
                    if atomic and self.report.errors:
                        raise ImportAborted
            except ImportAborted:
                self.report.rolled_back = True
                self.report.created = self.report.updated = self.report.unchanged = 0
                self.report.identity_applied = 0
        return self.report

    def _identity_rows(self, sheets):
        if ine.IDENTITY_SHEET not in sheets:
            return {}
        header = _check_header(sheets, ine.IDENTITY_SHEET, ine.IDENTITY_REGISTRATION_COLUMNS)
        found = {}
        for row in sheets[ine.IDENTITY_SHEET][1:]:
            values = dict(zip(header, row, strict=False))
            found[self._key(values)] = (
                values,
                [ine.clean_text(v) for v in row[len(ine.REGISTRATION_COLUMNS) :]],
            )
        return found

    @staticmethod
    def _key(row):
        return (
            ine.clean_text(row["ENTIDAD"]).strip(),
            ine.clean_text(row["NUM_LISTA_O_FORMULA"]).strip(),
            ine.clean_text(row["NOMBRE_CANDIDATO"]).strip(),
        )

    def _role(self, row, identity):
        """INE's first sheet labels women suplentes PROPIETARIA; its identity sheet is right."""
        label = ine.clean_text(row["TIPO_CANDIDATO"]).strip()
        match = identity.get(self._key(row))
        if match:
            label = ine.clean_text(match[0]["TIPO_CANDIDATO"]).strip()
        return FormulaRole.SUBSTITUTE if label == "SUPLENTE" else FormulaRole.OWNER

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
            except (RowError, InvalidIdentityValue) as error:
                self.report.errors.append((ine.CANDIDATES_SHEET, number, str(error)))
                continue
            parsed.append(item)
        return parsed

    def _parse(self, line, row, identity):
        cell = {k: ine.clean_text(v) for k, v in row.items()}
        state = cell["ENTIDAD"].strip()
        if not state:
            raise RowError("ENTIDAD vacía.")
        office_label = cell["CARGO"].strip()
        if office_label not in OFFICE_SPECS:
            raise RowError(f"CARGO desconocido: «{office_label}».")
        name = cell["NOMBRE_CANDIDATO"].strip()
        if not name:
            raise RowError("NOMBRE_CANDIDATO vacío.")
        number = _number(row["NUM_LISTA_O_FORMULA"], "NUM_LISTA_O_FORMULA")
        age = _number(row["EDAD"], "EDAD", 18, 120)
        sex = ine.SEX_BY_LABEL.get(cell["SEXO"].strip())
        if sex is None:
            raise RowError(f"SEXO no reconocido: «{cell['SEXO']}» (MUJER, HOMBRE o NO BINARIO).")
        education = _optional(cell["ESCOLARIDAD"]).strip()
        if education and education not in ine.EDUCATION_BY_LABEL:
            raise RowError(f"ESCOLARIDAD no reconocida: «{education}».")
        status = _optional(cell["ESTATUS_ESCOLARIDAD"]).strip()
        if status and status not in ine.STATUS_BY_LABEL:
            raise RowError(f"ESTATUS_ESCOLARIDAD no reconocido: «{status}».")
        organization = cell["PARTIDO_COALICION"].strip()
        if not organization:
            raise RowError("PARTIDO_COALICION vacío.")
        circumscription_text = _optional(cell["CIRCUNSCRIPCION"]).strip()
        circumscription = (
            _number(circumscription_text, "CIRCUNSCRIPCION", 1, 99)
            if circumscription_text
            else None
        )
        match = identity.get(self._key(row))
        return ParsedRow(
            line=line,
            state=state,
            office_label=office_label,
            name=name,
            external_id=str(number),
            role=self._role(row, identity),
            district=self._district(cell["DISTRITO LOCAL"].strip()),
            municipality=_optional(cell["MUNICIPIO"]).strip(),
            organization=organization,
            fields={
                "title": name,
                "circumscription": circumscription,
                "sex": sex,
                "registered_age": age,
                "external_id": str(number),
                "education_level": ine.EDUCATION_BY_LABEL.get(education, ""),
                "education_status": ine.STATUS_BY_LABEL.get(status, ""),
                **self._contact_values(cell),
                **self._text_values(cell),
            },
            identity=parse_ine_identity_values(match[1]) if match else None,
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
                    self.report.errors.append((ine.CANDIDATES_SHEET, item.row.line, str(error)))
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
