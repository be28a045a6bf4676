"""Catalog records an INE file refers to by name, created on first sight and cached per import.

INE's export names states, offices, districts, municipalities and parties/coalitions by label
only. The importer maps each label to one record (get or create), so a second import of the same
file finds everything and changes nothing.
"""

import datetime as dt
import unicodedata

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify

from candidates.bulk import add_live_children
from candidates.models import CapturingActorPage, ProcessPage
from elections.models import (
    Coalition,
    CoalitionKind,
    District,
    ElectoralProcess,
    IndependentCandidacy,
    Municipality,
    Office,
    OfficeScope,
    Party,
    Principle,
)
from home.models import HomePage
from identity.lifecycle import process_is_blocked

from .workbook import SpreadsheetError

STATE_CODES = {
    "AGUASCALIENTES": "01", "BAJA CALIFORNIA": "02", "BAJA CALIFORNIA SUR": "03",
    "CAMPECHE": "04", "COAHUILA": "05", "COAHUILA DE ZARAGOZA": "05", "COLIMA": "06",
    "CHIAPAS": "07", "CHIHUAHUA": "08", "CIUDAD DE MÉXICO": "09", "DURANGO": "10",
    "GUANAJUATO": "11", "GUERRERO": "12", "HIDALGO": "13", "JALISCO": "14", "MÉXICO": "15",
    "ESTADO DE MÉXICO": "15", "MICHOACÁN": "16", "MORELOS": "17", "NAYARIT": "18",
    "NUEVO LEÓN": "19", "OAXACA": "20", "PUEBLA": "21", "QUERÉTARO": "22", "QUINTANA ROO": "23",
    "SAN LUIS POTOSÍ": "24", "SINALOA": "25", "SONORA": "26", "TABASCO": "27",
    "TAMAULIPAS": "28", "TLAXCALA": "29", "VERACRUZ": "30", "YUCATÁN": "31", "ZACATECAS": "32",
}  # fmt: skip


def _fold(text):
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).upper().split())


STATE_CODES_FOLDED = {_fold(name): code for name, code in STATE_CODES.items()}


def state_code(label):
    """INEGI code of a state as INE writes it (accents, case and spacing aside), or None."""
    return STATE_CODES_FOLDED.get(_fold(label))


# (name, short name, slug, principle, scope, has substitutes, sort order) per INE office label.
OFFICE_SPECS = {
    "GUBERNATURA": (
        "Gubernatura", "Gubernatura", "gubernatura", Principle.MAJORITY, OfficeScope.STATE,
        False, 1,
    ),
    "DIPUTACIÓN LOCAL MR": (
        "Diputación local de mayoría relativa", "Diputación MR", "diputacion-mr",
        Principle.MAJORITY, OfficeScope.DISTRICT, True, 2,
    ),
    "DIPUTACIÓN LOCAL RP": (
        "Diputación local de representación proporcional", "Diputación RP", "diputacion-rp",
        Principle.PROPORTIONAL, OfficeScope.LIST, True, 3,
    ),
    "PRESIDENCIA MUNICIPAL": (
        "Presidencia municipal", "Presidencia municipal", "presidencia-municipal",
        Principle.MAJORITY, OfficeScope.MUNICIPALITY, True, 4,
    ),
}  # fmt: skip

COMMON_CANDIDACY = "CANDIDATURA COMÚN"


def _aware(day, hour=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class CatalogCache:
    """Get-or-create of every catalog record the import needs, one query per new label."""

    def __init__(self, election_day):
        self.election_day = election_day
        self.processes = {}
        self.offices = {}
        self.districts = {}
        self.municipalities = {}
        self.organizations = {}
        self.independents = {}
        self.home = HomePage.objects.order_by("depth").first()

    # --- process -----------------------------------------------------------------------------
    def process(self, state):
        if state not in self.processes:
            year = self.election_day.year
            slug = slugify(f"ine-{year}-{state}")
            process = (
                ElectoralProcess.objects.select_related("privacy_state").filter(slug=slug).first()
            )
            if process is not None and process_is_blocked(process):
                # Closed: its personal data is kept only to settle liabilities (DOMAIN §2.7).
                raise SpreadsheetError(
                    f"El proceso «{process.name}» ya cerró: sus datos personales están "
                    "bloqueados y no se importan más candidaturas. No se importó nada."
                )
            if process is None:
                day = self.election_day
                today = timezone.localdate()
                process = ElectoralProcess.objects.create(
                    name=f"Proceso Electoral Local {year - 1}-{year} ({state.title()})",
                    slug=slug,
                    institute_name=f"Organismo Público Local de {state.title()}",
                    institute_acronym="OPL",
                    state_name=state,
                    state_code=state_code(state) or "00",
                    starts_on=day - dt.timedelta(days=270),
                    registration_starts_on=day - dt.timedelta(days=75),
                    registration_ends_on=day - dt.timedelta(days=65),
                    campaign_starts_on=day - dt.timedelta(days=63),
                    campaign_ends_on=day - dt.timedelta(days=4),
                    election_day=day,
                    capture_opens_at=_aware(day - dt.timedelta(days=75)),
                    capture_closes_at=_aware(day - dt.timedelta(days=4), 23),
                    publish_start=day - dt.timedelta(days=63),
                    # Republishing INE's file starts the data's public life now: a past
                    # election's dates would block the identity answers INE published.
                    online_until=max(day, today) + dt.timedelta(days=30),
                    block_at=max(day, today) + dt.timedelta(days=365),
                    cancel_after=max(day, today) + dt.timedelta(days=730),
                )
            page = ProcessPage.objects.filter(process=process).first()
            if page is None:
                page = ProcessPage(title=process.name, slug=slug, process=process)
                self.home.add_child(instance=page)
                page.save_revision().publish()
            self.processes[state] = (process, page)
        return self.processes[state]

    # --- offices and places --------------------------------------------------------------------
    def office(self, process, label):
        key = (process.pk, label)
        if key not in self.offices:
            office = Office.objects.filter(process=process, ine_label=label).first()
            if office is None:
                name, short, slug, principle, scope, substitutes, order = OFFICE_SPECS[label]
                office = Office.objects.create(
                    process=process,
                    name=name,
                    short_name=short,
                    slug=slug,
                    principle=principle,
                    scope=scope,
                    has_substitutes=substitutes,
                    ine_label=label,
                    sort_order=order,
                    # INE's file is registered data: eligibility was checked by the OPL.
                    minimum_age=18,
                )
            office.process = process
            self.offices[key] = office
        return self.offices[key]

    def district(self, process, number, head_town):
        key = (process.pk, number)
        if key not in self.districts:
            district, _ = District.objects.get_or_create(
                process=process, number=number, defaults={"head_town": head_town}
            )
            self.districts[key] = district
        return self.districts[key]

    def municipality(self, process, name):
        """INE's file names municipalities without INEGI codes: reuse one of the state with the
        same name, or give it a code in the unused 9xx block of the state."""
        key = (process.state_code, name)
        if key not in self.municipalities:
            state_code = process.state_code
            found = Municipality.objects.filter(
                inegi_code__startswith=state_code, name__iexact=name
            ).first()
            if found is None:
                taken = set(
                    Municipality.objects.filter(
                        inegi_code__startswith=f"{state_code}9"
                    ).values_list("inegi_code", flat=True)
                )
                code = next(
                    f"{state_code}9{n:02d}"
                    for n in range(100)
                    if f"{state_code}9{n:02d}" not in taken
                )
                found = Municipality.objects.create(inegi_code=code, name=name, slug=slugify(name))
            self.municipalities[key] = found
        return self.municipalities[key]

    # --- who postulates and who captures ------------------------------------------------------
    def organization(self, process, process_page, name):
        """(coalition, capturing party, actor page) for an INE party/coalition label.

        INE names the postulating force only. Its label becomes a Coalition of the process (what
        the public sees, the same name INE shows) and a capturing party of that process owns the
        actor page.
        """
        key = (process.pk, name)
        if key not in self.organizations:
            slug = slugify(name)[:190] or "sin-nombre"
            coalition = Coalition.objects.filter(process=process, slug=slug).first()
            if coalition is None:
                kind = CoalitionKind.COMMON if name == COMMON_CANDIDACY else CoalitionKind.COALITION
                coalition = Coalition.objects.create(
                    process=process, name=name, slug=slug, kind=kind
                )
            party_slug = slugify(f"{slug}-{process.slug}")[:50]
            party = Party.objects.filter(process=process, slug=party_slug).first()
            if party is None:
                party = Party.objects.create(
                    process=process,
                    name=f"{name} · {process.state_name}"[:150],
                    acronym=self._acronym(name, process),
                    slug=party_slug,
                )
            # Validation of each candidacy reads both relations: load them once per import.
            prefetch_related_objects([coalition], "members", "offices")
            if party.pk not in {member.pk for member in coalition.members.all()}:
                coalition.members.add(party)
                prefetch_related_objects([coalition], "members", "offices")
            actor = CapturingActorPage.objects.filter(party=party).first()
            if actor is None:
                actor = CapturingActorPage(title=name, slug=party_slug, party=party)
                add_live_children([(process_page, [actor])])
            self.organizations[key] = (coalition, party, actor)
        return self.organizations[key]

    @staticmethod
    def _acronym(name, process):
        initials = "".join(w[0] for w in name.replace(".", "").split() if len(w) > 2)[:10]
        base = f"{initials or 'X'}-{process.state_code}"
        acronym, n = base, 1
        while Party.objects.filter(process=process, acronym=acronym).exists():
            n += 1
            acronym = f"{base}-{n}"[:20]
        return acronym

    def postulate(self, coalition, office):
        """INE lists the force that postulated each row: that force postulates the office."""
        if office.pk not in {o.pk for o in coalition.offices.all()}:
            coalition.offices.add(office)
            prefetch_related_objects([coalition], "members", "offices")

    def independent(self, process, process_page, person_name, number, office, district):
        key = (process.pk, number)
        if key not in self.independents:
            slug = slugify(f"{person_name}-{number}")[:190]
            independent = IndependentCandidacy.objects.filter(process=process, slug=slug).first()
            if independent is None:
                independent = IndependentCandidacy.objects.create(
                    process=process,
                    name=person_name,
                    slug=slug,
                    office=office,
                    district=district,
                )
            actor = CapturingActorPage.objects.filter(independent=independent).first()
            if actor is None:
                actor = CapturingActorPage(
                    title=person_name, slug=f"independiente-{slug}"[:250], independent=independent
                )
                add_live_children([(process_page, [actor])])
            self.independents[key] = (independent, actor)
        return self.independents[key]
