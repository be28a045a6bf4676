"""Loading the official registration list (CSV) as draft candidacies for the parties to complete.

Columns (header row, any order): nombre, sexo, fecha_nacimiento (AAAA-MM-DD), cargo (slug or
name of the office), distrito (number), lista (position), partido (acronym) or independiente
(slug), tipo (propietaria/propietario/suplente), accion_afirmativa (optional), clave (optional
registry key). A fórmula slot (office, actor, district or list position, tipo) identifies a row,
so a second load updates names or dates instead of duplicating; unchanged rows are left alone.
"""

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from candidates.bulk import add_draft_children, group_by_parent
from candidates.choices import AffirmativeAction, FormulaRole, Sex
from candidates.models import CandidacyPage, CapturingActorPage
from elections.models import District, Office, OfficeScope

REQUIRED = ["nombre", "sexo", "fecha_nacimiento", "cargo", "tipo"]
SEXES = {"m": Sex.WOMAN, "mujer": Sex.WOMAN, "h": Sex.MAN, "hombre": Sex.MAN,
         "x": Sex.NON_BINARY, "no binario": Sex.NON_BINARY}  # fmt: skip
ROLES = {"propietaria": FormulaRole.OWNER, "propietario": FormulaRole.OWNER,
         "suplente": FormulaRole.SUBSTITUTE}  # fmt: skip
ACTIONS = {**{v: v for v in AffirmativeAction.values},
           **{label.lower(): v for v, label in AffirmativeAction.choices}}  # fmt: skip


class RegistryFileError(Exception):
    pass


class RowError(Exception):
    pass


@dataclass
class RegistryReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    rolled_back: bool = False


class Aborted(Exception):
    pass


def load_registry(path, process, atomic=False):
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise RegistryFileError(f"«{path.name}» no es un archivo CSV.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error) as error:
        raise RegistryFileError(
            f"No se pudo leer «{path.name}»: guárdalo como CSV en UTF-8 ({error})."
        ) from error
    header = set(rows[0].keys()) if rows else set()
    missing = [c for c in REQUIRED if c not in header]
    if not rows or missing:
        raise RegistryFileError(
            "El archivo no tiene las columnas del registro; faltan: "
            + ", ".join(missing or REQUIRED)
        )
    report = RegistryReport()
    try:
        with transaction.atomic():
            loader = _Loader(process)
            for number, row in enumerate(rows, start=2):
                try:
                    with transaction.atomic():
                        outcome = loader.load(row, number)
                    setattr(report, outcome, getattr(report, outcome) + 1)
                except RowError as error:
                    report.errors.append((number, str(error)))
            if atomic and report.errors:
                raise Aborted
            # New rows are inserted together: a fixed number of queries for the whole file.
            add_draft_children(group_by_parent(loader.new))
    except Aborted:
        report.rolled_back = True
        report.created = report.updated = report.unchanged = 0
    return report


SLOT = ("office_id", "district_id", "list_position", "party_id", "independent_id", "formula_role")
VALUES = ("title", "sex", "birth_date", "affirmative_action", "external_id")


class _Loader:
    def __init__(self, process):
        self.new = []  # (actor page, unsaved draft), inserted in bulk at the end
        # Every slot of the process in one light query: {slot: (page id, values) or row number}.
        self.slots = {
            tuple(row[: len(SLOT)]): (row[len(SLOT)], row[len(SLOT) + 1 :])
            for row in CandidacyPage.objects.filter(office__process=process).values_list(
                *SLOT, "pk", *VALUES
            )
        }
        self.process = process
        self.offices = {o.slug: o for o in Office.objects.filter(process=process)}
        self.offices.update({slugify(o.name): o for o in self.offices.values()})
        self.districts = {d.number: d for d in District.objects.filter(process=process)}
        self.actors = {}
        for actor in CapturingActorPage.objects.descendant_of(process.page).select_related(
            "party", "independent"
        ):
            if actor.party_id:
                self.actors[("partido", actor.party.acronym.upper())] = actor
            else:
                self.actors[("independiente", actor.independent.slug)] = actor

    def load(self, row, line):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        name = row.get("nombre")
        if not name:
            raise RowError("Falta el nombre.")
        sex = SEXES.get(row.get("sexo", "").lower())
        if sex is None:
            raise RowError(f"Sexo no válido: «{row.get('sexo')}» (Mujer, Hombre o No binario).")
        try:
            birth_date = dt.date.fromisoformat(row.get("fecha_nacimiento", ""))
        except ValueError:
            raise RowError(
                f"Fecha de nacimiento no válida: «{row.get('fecha_nacimiento')}» (AAAA-MM-DD)."
            ) from None
        office = self.offices.get(slugify(row.get("cargo", "")))
        if office is None:
            raise RowError(f"Cargo desconocido en este proceso: «{row.get('cargo')}».")
        role = ROLES.get(row.get("tipo", "").lower())
        if role is None:
            raise RowError(
                f"Tipo no válido: «{row.get('tipo')}» (propietaria/propietario/suplente)."
            )
        if role == FormulaRole.SUBSTITUTE and not office.has_substitutes:
            raise RowError(f"El cargo «{office.name}» no se registra con suplente.")
        district = list_position = None
        if office.scope == OfficeScope.DISTRICT:
            number = row.get("distrito", "")
            district = self.districts.get(int(number)) if number.isdigit() else None
            if district is None:
                raise RowError(f"Distrito no válido para «{office.name}»: «{number}».")
        if office.scope == OfficeScope.LIST:
            position = row.get("lista", "")
            if not position.isdigit() or int(position) < 1:
                raise RowError(f"Número de lista no válido: «{position}».")
            list_position = int(position)
        party = independent = None
        if row.get("independiente"):
            actor = self.actors.get(("independiente", row["independiente"]))
            independent = actor.independent if actor else None
        else:
            actor = self.actors.get(("partido", row.get("partido", "").upper()))
            party = actor.party if actor else None
        if actor is None:
            raise RowError(
                f"Partido o candidatura independiente sin página de captura: "
                f"«{row.get('partido') or row.get('independiente')}»."
            )
        action = row.get("accion_afirmativa", "").lower()
        if action and action not in ACTIONS:
            raise RowError(f"Acción afirmativa no reconocida: «{row['accion_afirmativa']}».")
        values = {
            "title": name,
            "sex": sex,
            "birth_date": birth_date,
            "affirmative_action": ACTIONS.get(action, ""),
            "external_id": row.get("clave", "")[:40],
        }
        slot = {
            "office": office,
            "district": district,
            "list_position": list_position,
            "party": party,
            "independent": independent,
            "formula_role": role,
        }
        key = tuple(getattr(slot_value, "pk", slot_value) for slot_value in slot.values())
        found = self.slots.get(key)
        if isinstance(found, int):
            raise RowError(
                f"Repite la candidatura (cargo, lugar, partido y tipo) de la fila {found}."
            )
        if found is None:
            page = CandidacyPage(
                slug=slugify(f"{name}-{office.slug}-{role}")[:200], **slot, **values
            )
            self.new.append((actor, page))
            self.slots[key] = line
            return "created"
        page_id, current = found
        if tuple(current) == tuple(values[attr] for attr in VALUES):
            return "unchanged"
        page = CandidacyPage.objects.get(pk=page_id)
        for attr, value in values.items():
            setattr(page, attr, value)
        page.save(clean=False)
        page.save_revision(clean=False, changed=not page.live)
        return "updated"
