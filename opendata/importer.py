"""Import of INE's Conóceles export (both sheets) as published candidacies.

INE's file is already-published data, so candidacies are created live. The import is idempotent:
each row is turned into the cells it would export to, and a candidacy whose export already gives
those cells is left alone (no new revision, no log entry).
"""

import datetime as dt
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from wagtail.signal_handlers import disable_reference_index_auto_update

from candidates.choices import FormulaRole
from candidates.models import CandidacyPage

from . import ine
from .catalogs import OFFICE_SPECS, CatalogCache
from .signals import open_data_regeneration_deferred
from .workbook import SpreadsheetError, read_sheets

DEFAULT_ELECTION_DAY = dt.date(2022, 6, 5)


try:
    from identity.exports import InvalidIdentityValue
except ImportError:  # pragma: no cover - identity app without its export module

    class InvalidIdentityValue(ValueError):
        pass


@contextmanager
def deferred_search_indexing():
    """Index imported pages in bulk at the end instead of one task per save."""
    from modelsearch.signal_handlers import post_save_signal_handler

    connected = post_save.disconnect(post_save_signal_handler, sender=CandidacyPage)
    try:
        yield
    finally:
        if connected:
            post_save.connect(post_save_signal_handler, sender=CandidacyPage)


def index_pages(pks):
    if not pks:
        return
    from modelsearch.backends import get_search_backends

    for start in range(0, len(pks), 500):
        pages = list(CandidacyPage.objects.filter(pk__in=pks[start : start + 500]))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(CandidacyPage, pages)


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


class ConocelesImporter:
    def __init__(self, election_day=DEFAULT_ELECTION_DAY, progress=None):
        self.catalogs = CatalogCache(election_day)
        self.progress = progress or (lambda done, total: None)
        self.report = ImportReport()

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
        # Substitutes first, so that a principal can point at its substitute when it is saved.
        self.owner_names = {
            (self._key(row)[0], self._key(row)[1]): self._key(row)[2]
            for _n, row in entries
            if self._role(row, identity) == FormulaRole.OWNER
        }
        entries.sort(key=lambda e: 0 if self._role(e[1], identity) == FormulaRole.SUBSTITUTE else 1)
        with open_data_regeneration_deferred():
            if atomic:
                try:
                    with transaction.atomic():
                        self._import_all(entries, identity)
                        if self.report.errors:
                            raise ImportAborted
                except ImportAborted:
                    self.report.rolled_back = True
                    self.report.created = self.report.updated = self.report.unchanged = 0
                    self.report.identity_applied = 0
            else:
                # One outer transaction (rows in savepoints): bad rows are skipped, good rows
                # kept, and the database syncs to disk once instead of once per row.
                with transaction.atomic():
                    self._import_all(entries, identity)
        return self.report

    def _identity_rows(self, sheets):
        if ine.IDENTITY_SHEET not in sheets:
            return {}
        header = _check_header(sheets, ine.IDENTITY_SHEET, ine.IDENTITY_REGISTRATION_COLUMNS)
        found = {}
        for row in sheets[ine.IDENTITY_SHEET][1:]:
            values = dict(zip(header, row, strict=False))
            key = (
                ine.clean_text(values["ENTIDAD"]).strip(),
                ine.clean_text(values["NUM_LISTA_O_FORMULA"]).strip(),
                ine.clean_text(values["NOMBRE_CANDIDATO"]).strip(),
            )
            found[key] = (values, [ine.clean_text(v) for v in row[len(ine.REGISTRATION_COLUMNS) :]])
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
        total = len(entries)
        self.principal_of = {}
        self.touched = []
        with deferred_search_indexing(), disable_reference_index_auto_update():
            for done, (number, row) in enumerate(entries, start=1):
                try:
                    with transaction.atomic():
                        self._import_row(row, identity)
                except (RowError, InvalidIdentityValue) as error:
                    self.report.errors.append((ine.CANDIDATES_SHEET, number, str(error)))
                self.progress(done, total)
        index_pages(self.touched)

    # --- one row -----------------------------------------------------------------------------
    def _import_row(self, row, identity):
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

        process, process_page = self.catalogs.process(state)
        office = self.catalogs.office(process, office_label)
        district = self._district(process, cell["DISTRITO LOCAL"].strip())
        municipality_name = _optional(cell["MUNICIPIO"]).strip()
        municipality = (
            self.catalogs.municipality(process, municipality_name) if municipality_name else None
        )
        circumscription_text = _optional(cell["CIRCUNSCRIPCION"]).strip()
        circumscription = (
            _number(circumscription_text, "CIRCUNSCRIPCION", 1, 99)
            if circumscription_text
            else None
        )
        role = self._role(row, identity)
        coalition = party = independent = None
        if organization == ine.INDEPENDENT_LABEL:
            owner_name = self.owner_names.get((state, str(number)), name)
            independent, actor = self.catalogs.independent(
                process, process_page, owner_name, number, office, district
            )
        else:
            coalition, party, actor = self.catalogs.organization(
                process, process_page, organization
            )

        values = {
            "title": name,
            "office": office,
            "formula_role": role,
            "district": district,
            "municipality": municipality,
            "circumscription": circumscription,
            "party": party,
            "coalition": coalition,
            "independent": independent,
            "sex": sex,
            "registered_age": age,
            "external_id": str(number),
            "education_level": ine.EDUCATION_BY_LABEL.get(education, ""),
            "education_status": ine.STATUS_BY_LABEL.get(status, ""),
            **self._contact_values(cell),
            **self._text_values(cell),
        }
        if role == FormulaRole.OWNER:
            values["substitute"] = self.principal_of.get((process.pk, office.pk, str(number)))
        page = (
            CandidacyPage.objects.filter(
                office__process=process, external_id=str(number), formula_role=role
            )
            .select_related("office__process", "district", "municipality", "party", "coalition")
            .first()
        )
        if page is None:
            page = self._create_published(actor, self._slug(name, number, role), values)
            self.report.created += 1
            self.touched.append(page.pk)
        elif self._differs(page, values) or page.get_parent().pk != actor.pk or not page.live:
            for attr, value in values.items():
                setattr(page, attr, value)
            page.save_revision(clean=False).publish()
            self.report.updated += 1
            self.touched.append(page.pk)
        else:
            self.report.unchanged += 1
        if role == FormulaRole.SUBSTITUTE:
            self.principal_of[(process.pk, office.pk, str(number))] = page
        match = identity.get(self._key(row))
        if match:
            self._apply_identity(page, match[1])

    @staticmethod
    def _create_published(actor, slug, values):
        """A live page with one revision, in two saves instead of publish()'s five.

        INE's rows are already published data: no workflow, no scheduled publishing, so
        `publish()`'s extra work (log entries, signals per page) is skipped; open data and the
        search index are refreshed once at the end of the import instead.
        """
        now = timezone.now()
        page = CandidacyPage(
            slug=slug,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            **values,
        )
        actor.add_child(instance=page)
        revision = page.save_revision(clean=False, changed=False)
        CandidacyPage.objects.filter(pk=page.pk).update(live_revision=revision)
        page.live_revision = revision
        return page

    def _district(self, process, label):
        if not label or label == ine.NOT_APPLICABLE:
            return None
        number, _, head_town = label.partition("-")
        if not number.strip().isdigit() or not head_town.strip():
            raise RowError(f"DISTRITO LOCAL debe ser «número-CABECERA» (se encontró «{label}»).")
        return self.catalogs.district(process, int(number), head_town.strip())

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
        for attr, value in values.items():
            current = getattr(page, attr)
            if attr in ("courses", "professional_history", "political_trajectory", "proposals"):
                if [(c.block_type, _plain(c.value)) for c in current] != [
                    (t, _plain(v)) for t, v in value
                ]:
                    return True
            elif hasattr(current, "pk") or hasattr(value, "pk"):
                if getattr(current, "pk", None) != getattr(value, "pk", None):
                    return True
            elif current != value:
                return True
        return False

    def _apply_identity(self, page, answers):
        try:
            from identity.exports import apply_ine_identity_row, ine_identity_rows
        except ImportError:  # identity app without its export functions yet
            return
        current = ine_identity_rows([page.pk], include_income=True).get(page.pk)
        if current is None and not any(str(a).strip() for a in answers):
            return  # nothing answered, nothing to record
        if current is not None and [c.strip() for c in current] == [a.strip() for a in answers]:
            return
        apply_ine_identity_row(page, answers)
        self.report.identity_applied += 1


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
