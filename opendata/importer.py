"""Import of INE's Conóceles export (both sheets) as published candidacies.

INE's file is already-published data, so candidacies are created live. The import runs in three
passes so that its cost does not grow with queries per row: every row is parsed and checked first
(no database), then catalogs are resolved (cached per label) and the existing candidacies fetched
in one query per 500 rows, then new candidacies are inserted in bulk (`candidates.bulk`) and the
identity answers applied in bulk; changed candidacies get a new live revision each, in bulk too
(`publish_changed`), and only a candidacy moved to another force or withdrawn goes through
Wagtail's move and publish one by one. The import is idempotent: a candidacy whose fields
already match its row is left alone (no new revision, no log entry).

The workbook's tables are found by `ine_sheets`, and the first pass is `ine_rows`: this module
holds what touches the database.
"""

import datetime as dt
import sys
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from candidates.bulk import (
    add_draft_children,
    add_live_children,
    group_by_parent,
    index_for_search,
    publish_changed,
    search_indexing_deferred,
)
from candidates.choices import FormulaRole
from candidates.events import bulk_change
from candidates.models import CandidacyPage
from identity.exports import InvalidIdentityValue, apply_ine_identity_answers

from . import ine
from .models import ImportFlag
from .reading.catalogs import CatalogCache
from .reading.ine_rows import IdentityRowError, ParsedRow, RowError, RowErrors, parse_row
from .reading.ine_sheets import identity_rows, person_key, read_table
from .reading.limits import over_limit_flags
from .reading.matching import ProcessCatalogs
from .reading.workbook import SpreadsheetError, read_sheets

DEFAULT_ELECTION_DAY = dt.date(2022, 6, 5)


def index_updated(pks):
    """Index the candidacies moved or republished one by one (bulk writes index themselves)."""
    for start in range(0, len(pks), 500):
        pages = CandidacyPage.objects.filter(pk__in=pks[start : start + 500])
        index_for_search(CandidacyPage, pages.select_related("office"))


class ImportAborted(Exception):
    """Raised inside the atomic block to roll everything back."""


FLAGGED_NOTE = "Se importó como borrador, con este dato pendiente de corregir por el partido."


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (sheet, row number as in the spreadsheet, reason)
    identity_applied: int = 0
    rolled_back: bool = False
    # (sheet, row, reason) -> [(sheet, row, column, value, problem)]: a reason's parts, for
    # --informe (a part in the identity sheet names that sheet's row).
    details: dict = field(default_factory=dict)
    # (sheet, row, column, value, problem) of cells left empty and flagged (--proceso).
    flagged: list = field(default_factory=list)
    drafts: int = 0  # of `created`, candidacies created as drafts because of their flags

    def add_flags(self, sheet, row, flags):
        for flag in flags:
            # A flag of another sheet (an identity answer) carries its own sheet and row.
            self.flagged.append(
                (
                    getattr(flag, "sheet", None) or sheet,
                    getattr(flag, "line", None) or row,
                    flag.column,
                    flag.value,
                    str(flag),
                )
            )

    def error_lines(self):
        return [f"Hoja {sheet}, fila {row}: {reason}" for sheet, row, reason in self.errors]

    def add_row_error(self, sheet, row, error):
        reason = str(error)
        self.errors.append((sheet, row, reason))
        parts = getattr(error, "problems", None) or [error]
        self.details[(sheet, row, reason)] = [
            (
                getattr(part, "sheet", None) or sheet,
                getattr(part, "line", None) or row,
                getattr(part, "column", ""),
                getattr(part, "value", ""),
                str(part),
            )
            for part in parts
        ]

    def problem_rows(self):
        """One (sheet, row, column, value, problem) per problem, in the order of the file."""
        rows = []
        for sheet, row, reason in self.errors:
            rows.extend(self.details.get((sheet, row, reason)) or [(sheet, row, "", "", reason)])
        for sheet, row, column, value, problem in self.flagged:
            rows.append((sheet, row, column, value, f"{problem} {FLAGGED_NOTE}"))
        return sorted(rows, key=lambda item: (item[0], item[1]))


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
    def __init__(self, election_day=DEFAULT_ELECTION_DAY, progress=None, process=None):
        """`process`: slug of a loaded process whose catalogs the rows must match (--proceso);
        without it the import builds a process of its own from INE's labels."""
        self.process_slug = process
        self.catalogs = None if process else CatalogCache(election_day)
        self.progress = progress or (lambda done, total: None)
        self.report = ImportReport()
        self.sheet = ine.CANDIDATES_SHEET  # as the file names it
        self.updated_ids = []  # candidacies changed in place, to index at the end

    # --- entry point -----------------------------------------------------------------------
    def run(self, path, atomic=False):
        if self.catalogs is None:
            self.catalogs = ProcessCatalogs(self.process_slug)
        sheets = read_sheets(path)
        table = read_table(sheets, ine.CANDIDATES_SHEET, ine.REQUIRED_CANDIDATES_COLUMNS)
        if not table.rows:
            raise SpreadsheetError(
                f"La hoja «{table.sheet}» solo tiene el encabezado: no hay candidaturas que "
                "importar."
            )
        self.sheet = table.sheet
        identity = identity_rows(sheets, table.sheet)
        entries = [(number, row) for number, row, _cells in table.rows]
        with bulk_change():
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

    def _report_orphans(self, identity, entries):
        people = {person_key(row) for _number, row in entries}
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
                try:
                    resolved.append(self._resolve(row, owner_names))
                except RowError as error:
                    # Not imported: its flaggable cells are reported with its other problems.
                    parts = getattr(error, "problems", None) or [error]
                    parts = [*row.flags, *parts] if row.flags else parts
                    error = parts[0] if len(parts) == 1 else RowErrors(parts)
                    self.report.add_row_error(self.sheet, row.line, error)
                    continue
                self.report.add_flags(self.sheet, row.line, row.flags)
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
                strict = bool(self.process_slug)
                item = parse_row(
                    number,
                    row,
                    identity,
                    self.sheet,
                    offices_from_catalog=strict,
                    flag_cells=strict,
                )
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
                self.report.add_row_error(self.sheet, number, error)
                continue
            parsed.append(item)
        return parsed

    # --- pass 2: catalogs and the candidacies that already exist --------------------------------
    def _resolve(self, row, owner_names):
        """The row's catalog records; every label that matches none is reported together."""
        problems = []

        def attempt(lookup, *args):
            try:
                return lookup(*args)
            except RowError as error:
                problems.append(error)
                return None

        process, process_page = self.catalogs.process(row.state)
        office = attempt(self.catalogs.office, process, row.office_label)
        district = attempt(self.catalogs.district, process, *row.district) if row.district else None
        municipality = (
            attempt(self.catalogs.municipality, process, row.municipality)
            if row.municipality
            else None
        )
        coalition = party = independent = actor = None
        if row.organization == ine.INDEPENDENT_LABEL:
            owner_name = owner_names.get((row.state, row.external_id), row.name)
            found = attempt(
                self.catalogs.independent,
                process,
                process_page,
                owner_name,
                int(row.external_id),
                office,
                district,
            )
            if found:
                independent, actor = found
        else:
            found = attempt(self.catalogs.organization, process, process_page, row.organization)
            if found:
                coalition, party, actor = found
                if office is not None:
                    attempt(self.catalogs.postulate, coalition, office)
        if problems:
            raise problems[0] if len(problems) == 1 else RowErrors(problems)
        if self.process_slug:
            row.flags.extend(over_limit_flags(row.fields, process))
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
        new, drafts, changed = [], [], []
        for item in batch:
            page = existing.get((item.process.pk, item.row.external_id, item.row.role))
            if page is None:
                page = CandidacyPage(
                    slug=self._slug(item.row.name, item.row.external_id, item.row.role),
                    **item.values,
                )
                # A row with flagged cells waits, as a draft, for its party to correct it.
                (drafts if item.row.flags else new).append((item.actor, page))
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
        if drafts:
            self.report.drafts += len(add_draft_children(group_by_parent(drafts)))
            self.report.created += len(drafts)
        self.report.updated += len(self._publish(changed))
        if self.process_slug:
            self._record_flags(batch)

    @staticmethod
    def _record_flags(batch):
        """The flags of each written candidacy are the file's current ones: fixed cells clear."""
        written = [item for item in batch if item.page is not None and item.page.pk]
        ImportFlag.objects.filter(candidacy__in=[item.page.pk for item in written]).delete()
        ImportFlag.objects.bulk_create(
            ImportFlag(candidacy=item.page, column=flag.column, value=flag.value, problem=str(flag))
            for item in written
            for flag in item.row.flags
        )

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
