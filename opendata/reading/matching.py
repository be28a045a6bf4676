"""`import_conoceles --proceso`: the file's labels matched against a loaded process's catalogs.

Without `--proceso` the import builds a process of its own from INE's labels (`CatalogCache`).
An institute that loaded its catalogs (`load_catalogs`) wants the opposite: every party,
coalition, office, district and municipality of the file found among *its* records, and a label
that matches none reported with what it could have been, never a party or process invented.
Matching folds case, accents and spacing; a coalition is also found by its members' acronyms
("PAN-PRI-PRD", "PRI / PAN / PRD").

Same interface as `CatalogCache`, so the importer's passes do not change; a label that matches
nothing raises `RowError` with its column, which the importer reports with the row's others.
"""

import re

from django.db.models import Q

from candidates.models import CapturingActorPage, ProcessPage
from candidates.tree import actor_pages
from elections.models import Coalition, District, ElectoralProcess, Municipality, Office
from identity.lifecycle import process_is_blocked

from .. import ine
from .catalogs import state_code
from .ine_rows import RowError
from .offices import OfficeIndex
from .vocabulary import fold
from .workbook import SpreadsheetError

MEMBER_SEPARATORS = re.compile(r"\s*(?:[-/,+·]|\by\b)\s*")


def _listing(labels, limit=12):
    labels = sorted(set(labels))
    shown = ", ".join(f"«{label}»" for label in labels[:limit])
    return shown + (f" y {len(labels) - limit} más" if len(labels) > limit else "")


class ProcessCatalogs:
    """Catalog records of one loaded process, looked up by the file's labels; nothing created."""

    def __init__(self, slug):
        process = ElectoralProcess.objects.select_related("privacy_state").filter(slug=slug).first()
        if process is None:
            known = ElectoralProcess.objects.values_list("slug", flat=True)
            raise SpreadsheetError(
                f"No existe el proceso «{slug}». Procesos cargados: {_listing(known) or 'ninguno'}."
            )
        if process_is_blocked(process):
            raise SpreadsheetError(
                f"El proceso «{process.name}» ya cerró: sus datos personales están bloqueados y "
                "no se importan más candidaturas. No se importó nada."
            )
        page = ProcessPage.objects.filter(process=process).first()
        if page is None:
            raise SpreadsheetError(
                f"El proceso «{process.name}» no tiene su página: carga sus catálogos con "
                "load_catalogs (o créala en el administrador) antes de importar."
            )
        self.process_record, self.page = process, page
        self.actors = actor_pages(page)  # {acronym or independent slug: page}
        # Offices are the catalog's: matched by its labels and their variants (`offices`).
        self.offices = OfficeIndex(Office.objects.filter(process=process))
        self.districts = {d.number: d for d in District.objects.filter(process=process)}
        # The districts' municipalities, and the state's own (INEGI code prefix): an alcaldía
        # or a municipality is found even when the catalog lists no districts.
        self.municipalities = {
            fold(m.name): m
            for m in Municipality.objects.filter(
                Q(districts__process=process) | Q(inegi_code__startswith=process.state_code)
            )
            .distinct()
            .order_by("inegi_code")
        }
        self.parties = {}
        for actor in self.actors.values():
            if actor.party_id:
                for label in (actor.party.acronym, actor.party.name, actor.party.slug):
                    self.parties.setdefault(fold(label), actor.party)
        self.coalitions = {}
        self.coalitions_by_members = {}
        for coalition in Coalition.objects.filter(process=process).prefetch_related(
            "members", "offices", "siglado"
        ):
            for label in (coalition.name, coalition.slug):
                self.coalitions.setdefault(fold(label), coalition)
            members = frozenset(fold(m.acronym) for m in coalition.members.all())
            self.coalitions_by_members.setdefault(members, coalition)
        self.independents = {
            fold(i.name): i for i in process.independent_candidacies.all().order_by("pk")
        }

    # --- the CatalogCache interface ---------------------------------------------------------------
    def process(self, state):
        code = state_code(state)
        # A federal process (state code 00) spans every state.
        if self.process_record.state_code not in ("00", code):
            raise RowError(
                f"ENTIDAD «{state}» no es la del proceso «{self.process_record.name}» "
                f"({self.process_record.state_name}).",
                "ENTIDAD",
                state,
            )
        return self.process_record, self.page

    def office(self, process, label):
        office = self.offices.get(label)
        if office is None:
            raise RowError(
                f"CARGO «{label}» no está en el catálogo del proceso; sus cargos: "
                + _listing(o.ine_label or o.name for o in self.offices.offices)
                + ".",
                "CARGO",
                label,
            )
        return office

    def district(self, process, number, head_town):
        district = self.districts.get(number)
        if district is None:
            raise RowError(
                f"DISTRITO LOCAL {number} no está en el catálogo del proceso (tiene "
                f"{len(self.districts)} distritos).",
                "DISTRITO LOCAL",
                f"{number}-{head_town}",
            )
        return district

    def municipality(self, process, name):
        municipality = self.municipalities.get(fold(name))
        if municipality is None:
            raise RowError(
                f"MUNICIPIO «{name}» no está entre los municipios del proceso (los de su "
                "archivo de municipios y sus distritos).",
                "MUNICIPIO",
                name,
            )
        return municipality

    def organization(self, process, process_page, name):
        """(coalition, capturing party, actor page): a party of the process, or a coalition
        by name or members, captured by the party its siglado names."""
        folded = fold(name)
        party = self.parties.get(folded)
        if party is not None:
            return None, party, self.actors[party.acronym]
        coalition = self.coalitions.get(folded)
        if coalition is None:
            members = frozenset(filter(None, MEMBER_SEPARATORS.split(folded)))
            coalition = self.coalitions_by_members.get(members) if len(members) > 1 else None
        if coalition is None:
            raise RowError(
                f"PARTIDO_COALICION «{name}» no coincide con ningún partido ni coalición del "
                "proceso (por siglas, nombre o partidos que la integran); registrados: "
                + _listing([p.acronym for p in set(self.parties.values())])
                + (
                    "; coaliciones: " + _listing(c.name for c in set(self.coalitions.values()))
                    if self.coalitions
                    else ""
                )
                + ".",
                "PARTIDO_COALICION",
                name,
            )
        return coalition, *self._capturer(coalition, name)

    def _capturer(self, coalition, name):
        for entry in coalition.siglado.all():
            if entry.party.acronym in self.actors:
                return entry.party, self.actors[entry.party.acronym]
        for member in coalition.members.all():
            if member.acronym in self.actors:
                return member, self.actors[member.acronym]
        raise RowError(
            f"La coalición «{coalition.name}» no tiene un partido integrante con página de "
            "captura en el proceso.",
            "PARTIDO_COALICION",
            name,
        )

    def postulate(self, coalition, office):
        """The catalog says which offices a coalition postulates; the file does not change it."""
        if coalition is not None and office.pk not in {o.pk for o in coalition.offices.all()}:
            raise RowError(
                f"La coalición «{coalition.name}» no postula «{office.name}» según el catálogo "
                "del proceso.",
                "CARGO",
                office.ine_label or office.name,
            )

    def independent(self, process, process_page, person_name, number, office, district):
        independent = self.independents.get(fold(person_name))
        if independent is None:
            raise RowError(
                f"La candidatura independiente de «{person_name}» no está registrada en el "
                "proceso.",
                "PARTIDO_COALICION",
                ine.INDEPENDENT_LABEL,
            )
        actor = CapturingActorPage.objects.filter(independent=independent).first()
        if actor is None:
            raise RowError(
                f"La candidatura independiente de «{person_name}» no tiene página de captura.",
                "PARTIDO_COALICION",
                ine.INDEPENDENT_LABEL,
            )
        return independent, actor
