"""A catalog file checked before anything is loaded: every mistake, in Spanish, per entry.

`load_catalog` trusts its file. An institute writing its first catalog from docs/new-process.md
makes the usual mistakes (a key misspelt, a district pointing at a municipality that is not in
the CSV, a code with four digits, two offices with one identifier); without this check each one
is a KeyError or an IntegrityError halfway through the load. Here the whole file is read first and
every problem is listed with where it is («offices[2] (diputacion-mr): …»), and nothing is
written until the file is clean.
"""

import csv
import json
import re
from pathlib import Path

from django.utils.dateparse import parse_date, parse_datetime

from .inegi import NATIONAL_CATALOG, national_municipalities
from .models import CoalitionKind, ElectoralProcess, OfficeScope, Principle
from .models.process import RESERVED_PROCESS_SLUGS

INEGI_MUNICIPALITY = re.compile(r"^\d{5}$")
STATE_CODE = re.compile(r"^\d{2}$")
SLUG = re.compile(r"^[-a-z0-9_]+$")
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")

TOP_KEYS = {"process", "institute", "municipalities_csv", "offices", "districts", "parties",
            "capturing_parties", "coalitions", "independents"}  # fmt: skip
TOP_REQUIRED = {"process", "offices", "districts", "parties"}
INSTITUTE_KEYS = {"name", "short_name", "address", "phone", "email", "website", "legal_notice"}
PROCESS_REQUIRED = {
    "slug", "name", "institute_name", "institute_acronym", "state_name", "state_code",
    "starts_on", "registration_starts_on", "registration_ends_on", "campaign_starts_on",
    "campaign_ends_on", "election_day", "capture_opens_at", "capture_closes_at",
    "publish_start", "online_until", "block_at", "cancel_after",
}  # fmt: skip
DATETIME_FIELDS = {"capture_opens_at", "capture_closes_at"}
OFFICE_REQUIRED = {"slug", "name", "short_name", "principle", "scope", "minimum_age", "ine_label"}
OFFICE_OPTIONAL = {"seats", "has_substitutes", "sort_order"}
DISTRICT_KEYS = {"number", "head_town", "municipalities"}
PARTY_REQUIRED = {"acronym", "slug", "name", "color"}
PARTY_OPTIONAL = {"is_local", "sort_order"}
COALITION_REQUIRED = {"slug", "name", "color", "members", "offices"}
COALITION_OPTIONAL = {"kind", "siglado"}
INDEPENDENT_REQUIRED = {"slug", "name", "office"}
INDEPENDENT_OPTIONAL = {"district", "color"}


class CatalogError(ValueError):
    """Every problem of a catalog file; `problems` holds one Spanish line each."""

    def __init__(self, path, problems):
        self.problems = problems
        super().__init__(
            f"{Path(path).name}: {len(problems)} problema(s):\n"
            + "\n".join(f"- {p}" for p in problems)
        )


def _process_fields():
    names = {f.name for f in ElectoralProcess._meta.concrete_fields} - {"id"}
    return names | {"slug"}


def _keys(problems, where, item, required, optional=frozenset()):
    """Unknown and missing keys of one entry; comments ("_nota") are allowed anywhere."""
    if not isinstance(item, dict):
        problems.append(f"{where}: debe ser un objeto {{…}}, no {type(item).__name__}.")
        return False
    for key in sorted(set(item) - required - optional):
        if not key.startswith("_"):
            problems.append(
                f"{where}: clave desconocida «{key}» (válidas: "
                + ", ".join(sorted(required | optional))
                + ")."
            )
    for key in sorted(required - set(item)):
        problems.append(f"{where}: falta «{key}».")
    return True


def _entries(problems, data, name):
    entries = data.get(name, [])
    if not isinstance(entries, list):
        problems.append(f"«{name}» debe ser una lista […].")
        return []
    return entries


def _label(name, index, item, key="slug"):
    shown = item.get(key) if isinstance(item, dict) else None
    return f"{name}[{index}]" + (f" ({shown})" if shown not in (None, "") else "")


def _unique(problems, name, entries, key):
    seen = {}
    for index, item in enumerate(entries):
        if isinstance(item, dict) and item.get(key) not in (None, ""):
            value = item[key]
            if value in seen:
                problems.append(
                    f"{name}[{index}]: «{key}» «{value}» repetido (ya está en "
                    f"{name}[{seen[value]}])."
                )
            seen.setdefault(value, index)
    return seen


def _process(problems, data):
    process = data.get("process")
    if not _keys(problems, "process", process or {}, PROCESS_REQUIRED, _process_fields()):
        return None
    if process.get("slug") and not SLUG.match(str(process["slug"])):
        problems.append(
            f"process: «slug» «{process['slug']}» solo admite minúsculas sin acentos, números "
            "y guiones."
        )
    if process.get("slug") in RESERVED_PROCESS_SLUGS:
        problems.append(
            f"process: «slug» «{process['slug']}» es una dirección del sitio "
            f"(/{process['slug']}/); elija otro identificador."
        )
    code = str(process.get("state_code", ""))
    if code and (not STATE_CODE.match(code) or not 0 <= int(code) <= 32):
        problems.append(
            f"process: «state_code» «{code}» no es una clave INEGI de entidad (01 a 32, o 00 "
            "para un proceso federal)."
        )
    for key in sorted(
        PROCESS_REQUIRED
        - {"slug", "name", "institute_name", "institute_acronym", "state_name", "state_code"}
    ):
        value = process.get(key)
        if value is None:
            continue
        parse = parse_datetime if key in DATETIME_FIELDS else parse_date
        try:
            parsed = parse(str(value))
        except ValueError:
            parsed = None
        if parsed is None:
            shape = "AAAA-MM-DDTHH:MM:SS-06:00" if key in DATETIME_FIELDS else "AAAA-MM-DD"
            problems.append(f"process: «{key}» «{value}» no es una fecha válida ({shape}).")
    return code


def _municipalities(problems, data, path, state_code):
    """{INEGI code: name} of the CSV the catalog names, with each bad line reported."""
    name = data.get("municipalities_csv")
    if not name:
        # No CSV of its own: the state's rows of the shipped national catalogue.
        if not state_code or not STATE_CODE.match(state_code):
            return {}
        codes = national_municipalities(state_code)
        if not codes:
            problems.append(
                f"process: el catálogo nacional de municipios ({NATIONAL_CATALOG.name}) no tiene "
                f"municipios de la entidad {state_code}; indica «municipalities_csv» con los "
                "tuyos."
            )
        return codes
    csv_path = Path(path).parent / name
    if not csv_path.exists():
        problems.append(f"municipalities_csv: no existe el archivo «{csv_path}».")
        return {}
    codes = {}
    with csv_path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"inegi_code", "name"} - set(reader.fieldnames or [])
        if missing:
            problems.append(
                f"{name}: el encabezado debe tener las columnas inegi_code y name (faltan: "
                + ", ".join(sorted(missing))
                + ")."
            )
            return {}
        for line, row in enumerate(reader, start=2):
            code = (row.get("inegi_code") or "").strip()
            if not INEGI_MUNICIPALITY.match(code):
                problems.append(
                    f"{name}, línea {line}: «{code}» no es una clave INEGI de municipio (cinco "
                    "dígitos: dos de la entidad y tres del municipio, p. ej. 05030)."
                )
                continue
            if state_code and state_code != "00" and not code.startswith(state_code):
                problems.append(
                    f"{name}, línea {line}: el municipio {code} no es de la entidad "
                    f"{state_code} del proceso."
                )
            if not (row.get("name") or "").strip():
                problems.append(f"{name}, línea {line}: el municipio {code} no tiene nombre.")
            if code in codes:
                problems.append(f"{name}, línea {line}: la clave {code} está repetida.")
            codes[code] = (row.get("name") or "").strip()
    return codes


def _offices(problems, data):
    offices = _entries(problems, data, "offices")
    principles, scopes = {c for c, _ in Principle.choices}, {c for c, _ in OfficeScope.choices}
    for index, item in enumerate(offices):
        where = _label("offices", index, item)
        if not _keys(problems, where, item, OFFICE_REQUIRED, OFFICE_OPTIONAL):
            continue
        if "principle" in item and item["principle"] not in principles:
            problems.append(f"{where}: «principle» debe ser MR o RP (es «{item['principle']}»).")
        if "scope" in item and item["scope"] not in scopes:
            problems.append(
                f"{where}: «scope» debe ser uno de "
                + ", ".join(sorted(scopes))
                + f" (es «{item['scope']}»)."
            )
        age = item.get("minimum_age")
        if "minimum_age" in item and (not isinstance(age, int) or age < 18):
            problems.append(f"{where}: «minimum_age» debe ser un entero de 18 o más.")
        if item.get("slug") and not SLUG.match(str(item["slug"])):
            problems.append(f"{where}: «slug» solo admite minúsculas, números y guiones.")
    _unique(problems, "offices", offices, "ine_label")
    return _unique(problems, "offices", offices, "slug")


def _districts(problems, data, codes):
    districts = _entries(problems, data, "districts")
    for index, item in enumerate(districts):
        where = _label("districts", index, item, "number")
        if not _keys(problems, where, item, DISTRICT_KEYS):
            continue
        if not isinstance(item["number"], int) or item["number"] < 1:
            problems.append(f"{where}: «number» debe ser un entero positivo.")
        for code in item.get("municipalities") or []:
            if not INEGI_MUNICIPALITY.match(str(code)):
                problems.append(f"{where}: «{code}» no es una clave INEGI de municipio.")
            elif codes and code not in codes:
                source = data.get("municipalities_csv") or "el catálogo nacional de la entidad"
                problems.append(f"{where}: el municipio {code} no está en {source}.")
    return _unique(problems, "districts", districts, "number")


def _parties(problems, data):
    parties = _entries(problems, data, "parties")
    for index, item in enumerate(parties):
        where = _label("parties", index, item, "acronym")
        if not _keys(problems, where, item, PARTY_REQUIRED, PARTY_OPTIONAL):
            continue
        if "color" in item and not COLOR.match(str(item["color"])):
            problems.append(f"{where}: «color» debe ser #RRGGBB (es «{item['color']}»).")
    _unique(problems, "parties", parties, "slug")
    _unique(problems, "parties", parties, "name")
    acronyms = _unique(problems, "parties", parties, "acronym")
    for acronym in data.get("capturing_parties", []):
        if acronym not in acronyms:
            problems.append(f"capturing_parties: «{acronym}» no está en parties.")
    return acronyms


def _coalitions(problems, data, offices, districts, parties):
    coalitions = _entries(problems, data, "coalitions")
    kinds = {c for c, _ in CoalitionKind.choices}
    for index, item in enumerate(coalitions):
        where = _label("coalitions", index, item)
        if not _keys(problems, where, item, COALITION_REQUIRED, COALITION_OPTIONAL):
            continue
        if item.get("kind", "coalicion") not in kinds:
            problems.append(f"{where}: «kind» debe ser uno de " + ", ".join(sorted(kinds)) + ".")
        for acronym in item.get("members") or []:
            if acronym not in parties:
                problems.append(f"{where}: el integrante «{acronym}» no está en parties.")
        for slug in item.get("offices") or []:
            if slug not in offices:
                problems.append(f"{where}: el cargo «{slug}» no está en offices.")
        members = set(item.get("members") or [])
        for office_slug, assignment in (item.get("siglado") or {}).items():
            if office_slug.startswith("_"):
                continue
            if office_slug not in (item.get("offices") or []):
                problems.append(
                    f"{where}: el siglado de «{office_slug}» es de un cargo que la coalición no "
                    "postula (añádelo a «offices»)."
                )
            owners = [assignment] if isinstance(assignment, str) else list(assignment)
            for acronym in owners:
                if not acronym.startswith("_") and acronym not in members:
                    problems.append(
                        f"{where}: el siglado de «{office_slug}» asigna a «{acronym}», que no "
                        "integra la coalición."
                    )
            if isinstance(assignment, dict):
                for acronym, numbers in assignment.items():
                    for number in [] if acronym.startswith("_") else numbers:
                        if number not in districts:
                            problems.append(
                                f"{where}: el siglado de «{office_slug}» nombra el distrito "
                                f"{number}, que no está en districts."
                            )
    _unique(problems, "coalitions", coalitions, "slug")


def _independents(problems, data, offices, districts):
    independents = _entries(problems, data, "independents")
    for index, item in enumerate(independents):
        where = _label("independents", index, item)
        if not _keys(problems, where, item, INDEPENDENT_REQUIRED, INDEPENDENT_OPTIONAL):
            continue
        if item.get("office") not in offices:
            problems.append(f"{where}: el cargo «{item.get('office')}» no está en offices.")
        if item.get("district") is not None and item["district"] not in districts:
            problems.append(f"{where}: el distrito {item['district']} no está en districts.")
    _unique(problems, "independents", independents, "slug")


def validate_catalog(path):
    """Raise `CatalogError` with every problem of the catalog at `path`; return its data."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CatalogError(
            path, [f"no es JSON válido: línea {error.lineno}, columna {error.colno}: {error.msg}."]
        ) from error
    if not isinstance(data, dict):
        raise CatalogError(path, ["el archivo debe ser un objeto JSON {…}."])
    problems = []
    for key in sorted(set(data) - TOP_KEYS):
        if not key.startswith("_"):
            problems.append(
                f"clave desconocida «{key}» (válidas: " + ", ".join(sorted(TOP_KEYS)) + ")."
            )
    for key in sorted(TOP_REQUIRED - set(data)):
        problems.append(f"falta «{key}».")
    if "institute" in data:
        _keys(problems, "institute", data["institute"], set(), INSTITUTE_KEYS)
    state_code = _process(problems, data)
    codes = _municipalities(problems, data, path, state_code)
    offices = _offices(problems, data)
    districts = _districts(problems, data, codes)
    parties = _parties(problems, data)
    _coalitions(problems, data, offices, districts, parties)
    _independents(problems, data, offices, districts)
    if problems:
        raise CatalogError(path, problems)
    return data
