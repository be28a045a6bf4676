"""Loading the read rows as draft candidacies: matching each row to the process's candidacies,
and writing what is new or changed in bulk.

Re-running: a fórmula slot (office, actor, district, municipality or list position, tipo)
identifies a row, so a second load of the same file changes nothing, and a corrected file
updates only the registration data (name, sex, birth date, affirmative action, key) of the slots
that changed. What the party captured (the questionnaires, photo, consent) is never touched: the
update is applied on top of the candidacy's latest revision, so a draft keeps every answer, and
a published candidacy keeps its public version until the IEC publishes the change (the change
waits as a draft). A person already registered for the same office in another slot, or a key
already used by another candidacy, is reported instead of creating a duplicate.

A new candidacy of a coalition member in a contest of the siglado belongs to that coalition (the
public site shows the coalition's name and emblem). The coalition follows from the slot, so a
re-run leaves it as the siglado said when the candidacy was created.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Revision

from candidates.bulk import (
    add_draft_children,
    group_by_parent,
    index_for_search,
    save_draft_revisions,
)
from candidates.models import CandidacyPage
from elections.models import ElectoralProcess, OfficeScope
from identity.lifecycle import process_is_blocked

from ...models import ImportFlag
from .reading import DELIMITER_NAMES, RegistryFileError, clean, fold, read_registry
from .values import Conventions, RowError, RowErrors, RowParser

BATCH_SIZE = 500
PLACE_COLUMNS = {
    OfficeScope.DISTRICT: "distrito",
    OfficeScope.MUNICIPALITY: "municipio",
    OfficeScope.LIST: "lista",
}
FLAGGED_NOTE = "Se cargó, con este dato pendiente de corregir por el partido."


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
    # line -> [(column, value, problem)]: every problem of a row that was not loaded
    details: dict = field(default_factory=dict)
    # (line, column, value, problem) of the cells left out of loaded rows, flagged for the party
    flagged: list = field(default_factory=list)

    def add_row_error(self, line, error):
        self.errors.append((line, str(error)))
        parts = getattr(error, "problems", None) or [error]
        self.details[line] = [
            (getattr(part, "column", ""), getattr(part, "value", ""), str(part)) for part in parts
        ]

    def problem_rows(self):
        """One (sheet, line, column, value, problem) per problem, in the order of the file: the
        INE import's report (`opendata.reading.problems.write_problems`); a CSV has no sheet."""
        rows = []
        for line, reason in self.errors:
            for column, value, problem in self.details.get(line) or [("", "", reason)]:
                rows.append(("", line, column, value, problem))
        for line, column, value, problem in self.flagged:
            rows.append(("", line, column, value, f"{problem} {FLAGGED_NOTE}"))
        return sorted(rows, key=lambda item: item[1])


class Aborted(Exception):
    pass


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
                    flags = loader.load(row, line)
                except RowError as error:
                    report.add_row_error(line, error)
                    continue
                report.flagged.extend((line, f.column, f.value, str(f)) for f in flags)
            if atomic and report.errors:
                raise Aborted
            changed, unchanged = loader.compare()
            # New rows are inserted together, changed ones revised together: a fixed number of
            # queries for the whole file.
            add_draft_children(group_by_parent(loader.new))
            report.pending_publication = loader.write_changes(changed)
            loader.record_flags()
            report.created, report.updated, report.unchanged = (
                len(loader.new),
                len(changed),
                unchanged,
            )
    except Aborted:
        report.rolled_back = True
        report.created = report.updated = report.unchanged = report.pending_publication = 0
        report.flagged = []  # nothing was loaded, so nothing is flagged
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


class _Loader(RowParser):
    def __init__(self, process, conventions):
        super().__init__(process, conventions)
        self.new = []  # (actor page, unsaved draft), inserted in bulk at the end
        self.matched = []  # rows whose slot has a candidacy already: compared at the end
        self.seen = {}  # {slot: (line, values)} of this file
        self.people = {}  # {(office id, folded name, birth date): line or page id}
        self.keys = {}  # {registry key: line or page id}
        self.flags = []  # (line, page or page id, flaggable problems) of every loaded row
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

    # --- one row, no database ----------------------------------------------------------------
    def load(self, row, line):
        """Check every cell of the row and queue it; raise with every problem of the row.

        A row whose only problems are flaggable (sex, affirmative action, an over-long key:
        cells the candidacy can do without) is loaded, those cells left out, and its flags kept
        for `record_flags`, as the INE import does.
        """
        row = {k: clean(v) for k, v in row.items()}
        problems = []

        def attempt(step, column, *args):
            try:
                return step(*args)
            except RowError as error:
                if not error.column:
                    error.column, error.value = column, row.get(column, "")
                problems.append(error)
                return None

        name = attempt(self._name, "nombre", row)
        sex = attempt(self._sex, "sexo", row)
        birth_date = attempt(self._birth_date, "fecha_nacimiento", row)
        office = attempt(self._office, "cargo", row)
        role = attempt(self._role, "tipo", row, office)
        place = None
        if office is not None:
            if birth_date is not None:
                attempt(self._check_age, "fecha_nacimiento", office, birth_date)
            place = attempt(self._place, PLACE_COLUMNS.get(office.scope, ""), row, office)
        found = attempt(self._actor, "partido", row)
        action = attempt(self._action, "accion_afirmativa", row)
        key = row.get("clave", "")
        if len(key) > 40:
            problems.append(
                RowError(f"La clave excede 40 caracteres: «{key}».", "clave", key, True)
            )
            key = None
        if any(not problem.flaggable for problem in problems):
            # Not loaded: every problem of the row, flaggable ones too, so it is fixed once.
            raise problems[0] if len(problems) == 1 else RowErrors(problems)
        district, municipality, list_position = place
        actor, party, independent = found
        # A flagged cell is left out: empty on a new candidacy, as it was on a loaded one.
        values = {"title": name, "birth_date": birth_date}
        for attr, value in (("sex", sex), ("affirmative_action", action), ("external_id", key)):
            if value is not None:
                values[attr] = value
        key = key or ""
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
                coalition=self._coalition(office, district, party),
                **slot,
                **values,
            )
            self.new.append((actor, page))
            self.flags.append((line, page, problems))
        else:
            self.matched.append(Match(line, existing, values))
            self.flags.append((line, existing, problems))
        return problems

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
                if attr in match.values  # a flagged cell keeps what the candidacy holds
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
        revisions, drafts = [], []
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
            revisions.append((page, content))
            if not page.live:
                # A draft's row is its current version: it takes the new values too.
                page.office = office
                for attr, value in values.items():
                    setattr(page, attr, value)
                page.age = age
                drafts.append(page)
        save_draft_revisions(CandidacyPage, revisions)
        CandidacyPage.objects.bulk_update(
            drafts,
            ["sex", "birth_date", "affirmative_action", "external_id", "age"],
            batch_size=BATCH_SIZE,
        )  # a flagged cell was not set: the row's value is written back unchanged
        index_for_search(CandidacyPage, drafts)
        return sum(1 for page, _content, _values in changed if page.live)

    def record_flags(self):
        """Each loaded candidacy's flags are the file's current ones: a fixed cell clears its
        flag, a new problem adds one (the INE import's `ImportFlag`, shown to the party on the
        candidacy's edit page). Returns how many were recorded."""
        pages = {}
        for _line, page, problems in self.flags:
            page_id = getattr(page, "pk", page)
            pages[page_id] = problems
        ImportFlag.objects.filter(candidacy_id__in=list(pages)).delete()
        created = ImportFlag.objects.bulk_create(
            [
                ImportFlag(
                    candidacy_id=page_id,
                    column=problem.column,
                    value=problem.value,
                    problem=str(problem),
                )
                for page_id, problems in pages.items()
                for problem in problems
            ],
            batch_size=BATCH_SIZE,
        )
        return len(created)
