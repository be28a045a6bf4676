from django.core.management.base import BaseCommand, CommandError

from elections.catalog_loader import DEFAULT_CATALOG, load_catalog


class Command(BaseCommand):
    help = "Carga los catálogos de un proceso electoral (por omisión, Coahuila 2023). Idempotente."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_CATALOG))
        parser.add_argument(
            "--actualizar-proceso",
            action="store_true",
            dest="update_process",
            help="Sobrescribe los parámetros del proceso (ventana de captura, límites…) "
            "con los del archivo, aunque un administrador los haya cambiado.",
        )

    def handle(self, *args, path, update_process=False, **options):
        # Imported here: the candidates app depends on elections, not the other way round.
        from candidates.tree import ensure_process_tree

        try:
            process, report = load_catalog(path, update_process=update_process)
        except FileNotFoundError as exc:
            raise CommandError(f"No se encontró el archivo de catálogos: {exc.filename}") from exc
        except (KeyError, ValueError) as exc:
            raise CommandError(f"El archivo de catálogos no es válido: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"{process}: {report.summary()}"))
        _, pages = ensure_process_tree(process)
        if pages:
            self.stdout.write(f"Árbol de páginas: {pages} páginas creadas.")
