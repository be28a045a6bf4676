from django.core.management.base import BaseCommand, CommandError

from elections.catalog_loader import DEFAULT_CATALOG, load_catalog


class Command(BaseCommand):
    help = "Carga los catálogos de un proceso electoral (por omisión, Coahuila 2023). Idempotente."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_CATALOG))

    def handle(self, *args, path, **options):
        try:
            process, report = load_catalog(path)
        except FileNotFoundError as exc:
            raise CommandError(f"No se encontró el archivo de catálogos: {exc.filename}") from exc
        except (KeyError, ValueError) as exc:
            raise CommandError(f"El archivo de catálogos no es válido: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"{process}: {report.summary()}"))
