"""Load the institute's section-to-district file so that «Mi boleta» resolves ?seccion=N.

CSV with a header row: `seccion,distrito,municipio` (municipio = INEGI code, «05030», or the
three-digit municipal code of the process's state, «030»). Idempotent; every bad row is reported
with its line number and nothing is written unless the whole file is valid.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from elections.models import District, ElectoralProcess, Municipality, Section

HEADERS = {
    "seccion": ("seccion", "sección", "section"),
    "distrito": ("distrito", "distrito_local", "district"),
    "municipio": ("municipio", "clave_municipio", "inegi", "municipality"),
}


def _columns(fieldnames):
    normalized = {(name or "").strip().lower(): name for name in fieldnames or []}
    columns = {}
    for key, aliases in HEADERS.items():
        found = next((normalized[a] for a in aliases if a in normalized), None)
        if found is None:
            raise CommandError(
                f"Falta la columna «{key}»; el encabezado debe ser: seccion,distrito,municipio."
            )
        columns[key] = found
    return columns


class Command(BaseCommand):
    help = "Carga las secciones electorales (sección → distrito local y municipio) de un CSV."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archivo CSV: seccion,distrito,municipio")
        parser.add_argument(
            "--proceso",
            dest="process",
            help="Identificador del proceso (por omisión, el más reciente).",
        )

    def handle(self, *args, path, process=None, **options):
        process_obj = self._process(process)
        districts = {d.number: d for d in District.objects.filter(process=process_obj)}
        municipalities = {m.inegi_code: m for m in Municipality.objects.all()}
        rows, errors = self._read(Path(path), process_obj, districts, municipalities)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} renglones con errores; no se cargó nada.")
        created, updated = self._save(process_obj, rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"{process_obj}: {len(rows)} secciones ({created} nuevas, {updated} actualizadas)."
            )
        )

    def _process(self, slug):
        queryset = ElectoralProcess.objects.all()
        process = (
            queryset.filter(slug=slug).first()
            if slug
            else queryset.order_by("-election_day").first()
        )
        if process is None:
            raise CommandError("No existe el proceso electoral; carga primero los catálogos.")
        return process

    def _read(self, path, process, districts, municipalities):
        if path.suffix.lower() != ".csv":
            raise CommandError("El archivo debe ser CSV (.csv).")
        try:
            handle = path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError as exc:
            raise CommandError(f"No se encontró el archivo: {path}") from exc
        rows, errors, seen = {}, [], {}
        with handle:
            try:
                reader = csv.DictReader(handle)
                columns = _columns(reader.fieldnames)
                for line, raw in enumerate(reader, start=2):
                    try:
                        number = int((raw[columns["seccion"]] or "").strip())
                        district_number = int((raw[columns["distrito"]] or "").strip())
                    except ValueError:
                        errors.append(f"Renglón {line}: sección y distrito deben ser números.")
                        continue
                    code = (raw[columns["municipio"]] or "").strip()
                    if len(code) <= 3 and code.isdigit():
                        code = f"{process.state_code}{int(code):03d}"
                    if number <= 0:
                        errors.append(f"Renglón {line}: la sección {number} no es válida.")
                    elif district_number not in districts:
                        errors.append(f"Renglón {line}: no existe el distrito {district_number}.")
                    elif code not in municipalities:
                        errors.append(f"Renglón {line}: no existe el municipio «{code}».")
                    elif number in seen:
                        errors.append(
                            f"Renglón {line}: la sección {number} ya apareció en el renglón "
                            f"{seen[number]}."
                        )
                    else:
                        seen[number] = line
                        rows[number] = (districts[district_number], municipalities[code])
            except (UnicodeDecodeError, csv.Error) as exc:
                raise CommandError(f"El archivo no es un CSV UTF-8 válido: {exc}") from exc
        return rows, errors

    @transaction.atomic
    def _save(self, process, rows):
        existing = {s.number: s for s in Section.objects.filter(process=process)}
        new, changed = [], []
        for number, (district, municipality) in rows.items():
            section = existing.get(number)
            if section is None:
                new.append(
                    Section(
                        process=process, number=number, district=district, municipality=municipality
                    )
                )
            elif (section.district_id, section.municipality_id) != (district.pk, municipality.pk):
                section.district, section.municipality = district, municipality
                changed.append(section)
        Section.objects.bulk_create(new, batch_size=1000)
        Section.objects.bulk_update(changed, ["district", "municipality"], batch_size=1000)
        # A section in a municipality means the district covers (part of) it: the ballot's
        # municipality → district choices come from these links.
        links = {(d.pk, m.pk) for d, m in rows.values()}
        through = District.municipalities.through
        known = set(
            through.objects.filter(district__process=process).values_list(
                "district_id", "municipality_id"
            )
        )
        through.objects.bulk_create(
            [through(district_id=d, municipality_id=m) for d, m in links - known]
        )
        if links - known:
            from candidates.filters import forget_public_catalog

            forget_public_catalog()
        return len(new), len(changed)
