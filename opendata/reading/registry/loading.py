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
from elections.models import ElectoralProcess
from identity.lifecycle import process_is_blocked

from .reading import DELIMITER_NAMES, RegistryFileError, clean, fold, read_registry
from .values import Conventions, RowError, RowParser

BATCH_SIZE = 500


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


class _Loader(RowParser):
    def __init__(self, process, conventions):
        super().__init__(process, conventions)
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
                coalition=self._coalition(office, district, party),
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
        )
        index_for_search(CandidacyPage, drafts)
        return sum(1 for page, _content, _values in changed if page.live)
