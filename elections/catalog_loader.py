"""Load an electoral process's catalogs from a JSON data file; running it again changes nothing."""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from .catalog_validation import CatalogError, validate_catalog
from .inegi import national_municipalities
from .models import (
    Coalition,
    District,
    ElectoralProcess,
    IndependentCandidacy,
    InstituteSettings,
    Municipality,
    Office,
    Party,
    SigladoEntry,
)
from .models.actors import foreign_members_error

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CATALOG = DATA_DIR / "coahuila_2023.json"

DATE_FIELDS = {
    "starts_on",
    "registration_starts_on",
    "registration_ends_on",
    "campaign_starts_on",
    "campaign_ends_on",
    "election_day",
    "publish_start",
    "online_until",
    "block_at",
    "cancel_after",
}
DATETIME_FIELDS = {"capture_opens_at", "capture_closes_at"}


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)

    def count(self, label, was_created, changed=True):
        bucket = self.created if was_created else self.updated
        if was_created or changed:
            bucket[label] = bucket.get(label, 0) + 1

    def summary(self):
        def fmt(bucket):
            return ", ".join(f"{k}: {v}" for k, v in sorted(bucket.items())) or "nada"

        return f"Creados: {fmt(self.created)}. Actualizados: {fmt(self.updated)}."


def _upsert(report, label, model, lookup, values):
    """update_or_create that only writes (and reports) when a value actually changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(label, True)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.count(label, False)
    return obj


def _set_m2m(manager, objects):
    wanted = {o.pk for o in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(objects)
        return True
    return False


INSTITUTE_FIELDS = ("name", "short_name", "address", "phone", "email", "website", "legal_notice")


def fill_institute_settings(values, process, report):
    """Brand a site that has no institute yet with the catalog's (or its process's) institute.

    Only empty fields are filled: what an administrator wrote in "Configuración › Instituto"
    wins over the file, and a second process of the same institute changes nothing.
    """
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    values = {"name": process.institute_name, "short_name": process.institute_acronym} | {
        key: value for key, value in values.items() if key in INSTITUTE_FIELDS and value
    }
    institute = InstituteSettings.for_site(site)
    changed = [name for name, value in values.items() if value and not getattr(institute, name)]
    for name in changed:
        setattr(institute, name, values[name])
    if changed:
        institute.full_clean()
        institute.save()
        report.count("instituto", False)


def catalog_municipalities(path, data):
    """{INEGI code: name} the catalog file asks for.

    Its own CSV when it names one (`municipalities_csv`, for a state whose names the institute
    writes differently, or a synthetic test state); otherwise the shipped national catalogue's
    rows of the process's state (all of them for a federal process, state code 00).
    """
    name = data.get("municipalities_csv")
    if not name:
        return national_municipalities(data["process"]["state_code"])
    with (Path(path).parent / name).open(encoding="utf-8") as handle:
        return {row["inegi_code"].strip(): row["name"].strip() for row in csv.DictReader(handle)}


def load_municipalities(rows, report):
    """Create or rename the municipalities of `rows` ({code: name}) in a fixed number of queries.

    A federal catalog brings the whole country (2,478 rows): one query per row, as `_upsert`
    does, would turn every `load_catalogs` run into thousands of round trips.
    """
    existing = {m.inegi_code: m for m in Municipality.objects.filter(inegi_code__in=list(rows))}
    new, renamed = [], []
    for code, name in rows.items():
        municipality = existing.get(code)
        if municipality is None:
            new.append(Municipality(inegi_code=code, name=name, slug=slugify(name)))
        elif municipality.name != name or municipality.slug != slugify(name):
            municipality.name, municipality.slug = name, slugify(name)
            renamed.append(municipality)
    Municipality.objects.bulk_create(new, batch_size=500)
    Municipality.objects.bulk_update(renamed, ["name", "slug"], batch_size=500)
    for label, was_created, objects in (("municipios", True, new), ("municipios", False, renamed)):
        for _municipality in objects:
            report.count(label, was_created)
    if new:  # bulk_create gives no primary keys on every backend: read them back once.
        existing = {m.inegi_code: m for m in Municipality.objects.filter(inegi_code__in=list(rows))}
    else:
        existing.update({m.inegi_code: m for m in renamed})
    return existing


@transaction.atomic
def load_catalog(path=DEFAULT_CATALOG, update_process=False):
    """Load (or refresh) the catalogs in `path`.

    The process's parameters (capture window, limits…) are written only when the process is new or
    `update_process` is set: administrators edit them in the admin, and a routine re-run (every
    `make run`) must not undo their changes.
    """
    path = Path(path)
    validate_catalog(path)  # every problem of the file, in Spanish, before anything is written
    data = json.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()

    process_data = dict(data["process"])
    slug = process_data.pop("slug")
    for name in list(process_data):
        if name in DATE_FIELDS and process_data[name]:
            process_data[name] = parse_date(process_data[name])
        elif name in DATETIME_FIELDS:
            process_data[name] = parse_datetime(process_data[name])
    process = ElectoralProcess.objects.filter(slug=slug).first()
    if process is None or update_process:
        process = _upsert(report, "proceso", ElectoralProcess, {"slug": slug}, process_data)
    fill_institute_settings(data.get("institute") or {}, process, report)

    municipalities = load_municipalities(catalog_municipalities(path, data), report)

    offices = {}
    for item in data["offices"]:
        values = dict(item)
        office_slug = values.pop("slug")
        offices[office_slug] = _upsert(
            report, "cargos", Office, {"process": process, "slug": office_slug}, values
        )

    districts = {}
    for item in data["districts"]:
        district = _upsert(
            report,
            "distritos",
            District,
            {"process": process, "number": item["number"]},
            {"head_town": item["head_town"]},
        )
        # Only add what the file knows; load_sections may have added more municipalities.
        known = {municipalities[code].pk for code in item["municipalities"]}
        missing = known - set(district.municipalities.values_list("pk", flat=True))
        if missing:
            district.municipalities.add(*missing)
            report.count("distritos", False)
        districts[district.number] = district

    parties = {}
    for item in data["parties"]:
        values = {
            "name": item["name"],
            "slug": item["slug"],
            "color": item["color"],
            "is_local": item.get("is_local", False),
            "sort_order": item.get("sort_order", 0),
        }
        parties[item["acronym"]] = _upsert(
            report, "partidos", Party, {"process": process, "acronym": item["acronym"]}, values
        )

    if "capturing_parties" in data:
        capturing = [parties[acronym] for acronym in data["capturing_parties"]]
        if _set_m2m(process.capturing_parties, capturing):
            report.count("proceso", False)

    for item in data.get("coalitions", []):
        coalition = _upsert(
            report,
            "coaliciones",
            Coalition,
            {"process": process, "slug": item["slug"]},
            {"name": item["name"], "color": item["color"], "kind": item.get("kind", "coalicion")},
        )
        members = [parties[a] for a in item["members"]]
        error = foreign_members_error(process, members)
        if error:  # the file's parties are the process's own; kept as a guard for future paths
            raise CatalogError(path, [f"coalitions ({item['slug']}): {error}"])
        # `set` also drops members of another process left by data written before the
        # m2m guard existed: a reload heals such a coalition instead of keeping it.
        changed = _set_m2m(coalition.members, members)
        changed |= _set_m2m(coalition.offices, [offices[s] for s in item["offices"]])
        if changed:
            report.count("coaliciones", False)
        for office_slug, assignment in item.get("siglado", {}).items():
            if office_slug.startswith("_"):
                continue
            office = offices[office_slug]
            if isinstance(assignment, str):
                _upsert(
                    report,
                    "siglado",
                    SigladoEntry,
                    {"coalition": coalition, "office": office, "district": None},
                    {"party": parties[assignment]},
                )
                continue
            for acronym, numbers in assignment.items():
                if acronym.startswith("_"):
                    continue
                for number in numbers:
                    _upsert(
                        report,
                        "siglado",
                        SigladoEntry,
                        {"coalition": coalition, "office": office, "district": districts[number]},
                        {"party": parties[acronym]},
                    )

    for item in data.get("independents", []):
        _upsert(
            report,
            "independientes",
            IndependentCandidacy,
            {"process": process, "slug": item["slug"]},
            {
                "name": item["name"],
                "office": offices[item["office"]],
                "district": districts.get(item.get("district")),
                "color": item.get("color", "#555555"),
            },
        )
    return process, report
