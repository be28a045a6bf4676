"""A row's cells as a candidacy's values, and the file's conventions that decide ambiguous cells.

How values may be written: case and accents aside; sexo Mujer/Hombre/No binario, M/H as in the
CURP, or Femenino/Masculino; «F» is refused as ambiguous, and so is «M» in a file that also uses
«F» (there «M» may mean masculino). Dates AAAA-MM-DD, or DD/MM/AAAA as written in Mexico; a file
with a month-first date (05/25/1980) makes its other slash dates ambiguous, and they are
refused; two-digit years are refused. A name with the typical signs of a wrong conversion of
the file's encoding («PeÃ±a») is refused too.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.text import slugify

from candidates.choices import AffirmativeAction, FormulaRole, Sex
from candidates.models import CapturingActorPage
from elections.models import (
    Coalition,
    District,
    IndependentCandidacy,
    Municipality,
    Office,
    OfficeScope,
    Party,
    SigladoEntry,
)

from .reading import clean, fold

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


class RowError(Exception):
    """One problem of a row. `column` and `value` go to the problems report (`--informe`, the
    admin upload's download), as the INE import's do; a `flaggable` problem is a cell the
    candidacy can do without: it is left empty (or, on a candidacy already loaded, as it was),
    the candidacy is loaded all the same, and the problem stays flagged for the party."""

    def __init__(self, message, column="", value="", flaggable=False):
        super().__init__(message)
        self.column, self.value, self.flaggable = column, value, flaggable


class RowErrors(RowError):
    """Every problem of one row, so that the institute fixes a row once, not once per problem."""

    def __init__(self, problems):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


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


class RowParser:
    """The checks of one row that need the process's offices, districts, municipalities and
    capturing actors: read once per file, so that a row costs no query."""

    def __init__(self, process, conventions):
        self.process = process
        self.conventions = conventions
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
        # The siglado: which coalition a member party's candidacy in a contest belongs to.
        self.siglado = {
            (entry.office_id, entry.district_id, entry.party_id): entry.coalition
            for entry in SigladoEntry.objects.filter(coalition__process=process).select_related(
                "coalition"
            )
        }
        # Parties and independents are the process's loaded catalog's, found by acronym, name
        # or slug (a party is one row per process: 2027's PAN is not 2023's); each candidacy
        # then lives under its actor's capture page.
        self.pages = {}
        for actor in CapturingActorPage.objects.descendant_of(process.page):
            if actor.party_id:
                self.pages[("partido", actor.party_id)] = actor
            else:
                self.pages[("independiente", actor.independent_id)] = actor
        self.parties = {}
        for party in Party.objects.filter(process=process).order_by("sort_order", "pk"):
            for label in (party.acronym, party.name, party.slug):
                self.parties.setdefault(fold(label), party)
        self.independents = {}
        for independent in IndependentCandidacy.objects.filter(process=process).order_by("pk"):
            for label in (independent.slug, independent.name):
                self.independents.setdefault(fold(label), independent)
        # Only to say so when a file names a party of another process's catalog.
        self.foreign_parties = {}
        for acronym, name, other in (
            Party.objects.exclude(process=process)
            .order_by("-process__election_day")
            .values_list("acronym", "name", "process__name")
        ):
            for label in (acronym, name):
                self.foreign_parties.setdefault(fold(label), other)

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
        """Missing, ambiguous or unknown sex is flaggable, as in the INE import: the party
        completes it in the admin."""
        text = row.get("sexo", "")
        value = fold(text)

        def flag(message):
            return RowError(message, "sexo", text, flaggable=True)

        if not value:
            raise flag("Falta el sexo (Mujer, Hombre o No binario).")
        if value in ENGLISH_SEX_CODES:
            raise flag(
                f"Sexo ambiguo: «{text}». Escribe Mujer, Hombre o No binario (o M/H como en la "
                "CURP)."
            )
        if value == "m" and self.conventions.english_sex_line:
            raise flag(
                f"Sexo ambiguo: «{text}». La fila {self.conventions.english_sex_line} usa «F», "
                "así que en este archivo «M» podría significar masculino. Escribe Mujer u Hombre."
            )
        sex = SEXES.get(value)
        if sex is None:
            raise flag(f"Sexo no válido: «{text}» (Mujer, Hombre o No binario).")
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
        if role == FormulaRole.SUBSTITUTE and office is not None and not office.has_substitutes:
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

    def _coalition(self, office, district, party):
        """The coalition whose candidacy this is, per the siglado (None for a party alone)."""
        if party is None:
            return None
        return self.siglado.get((office.pk, getattr(district, "pk", None), party.pk))

    def _actor(self, row):
        party_text, independent_text = row.get("partido", ""), row.get("independiente", "")
        if party_text and independent_text:
            raise RowError(
                "Indica el partido o la candidatura independiente, no ambos "
                f"(«{party_text}» y «{independent_text}»).",
                "partido",
                party_text,
            )
        if not party_text and not independent_text:
            raise RowError("Falta el partido (siglas) o la candidatura independiente.", "partido")
        if independent_text:
            independent = self.independents.get(fold(independent_text))
            if independent is None:
                raise RowError(
                    f"Candidatura independiente desconocida en el catálogo de {self.process}: "
                    f"«{independent_text}».",
                    "independiente",
                    independent_text,
                )
            actor = self.pages.get(("independiente", independent.pk))
            if actor is None:
                raise RowError(
                    f"La candidatura independiente «{independent.name}» no tiene página de "
                    "captura.",
                    "independiente",
                    independent_text,
                )
            return actor, None, independent
        party = self.parties.get(fold(party_text))
        if party is None:
            if fold(party_text) in self.coalitions:
                raise RowError(
                    f"«{party_text}» es una coalición: indica el partido que captura la "
                    "candidatura según el siglado.",
                    "partido",
                    party_text,
                )
            other = self.foreign_parties.get(fold(party_text))
            where = f" (es de otro proceso: {other})" if other else ""
            raise RowError(
                f"Partido desconocido en el catálogo de {self.process}: «{party_text}»{where}.",
                "partido",
                party_text,
            )
        actor = self.pages.get(("partido", party.pk))
        if actor is None:
            raise RowError(
                f"El partido «{party.acronym}» está en el catálogo del proceso pero no tiene "
                "página de captura (no está entre los partidos que capturan, "
                "«capturing_parties»).",
                "partido",
                party_text,
            )
        return actor, party, None

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
        raise RowError(
            f"Acción afirmativa no reconocida: «{text}».", "accion_afirmativa", text, True
        )
