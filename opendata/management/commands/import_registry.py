from django.core.management.base import BaseCommand, CommandError

from elections.models import ElectoralProcess
from opendata.registry import RegistryFileError, load_registry


class Command(BaseCommand):
    help = (
        "Carga la lista oficial de registro (CSV) como candidaturas en borrador para que los "
        "partidos las completen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--proceso", help="Identificador (slug) del proceso; por omisión el más reciente."
        )
        parser.add_argument("--atomic", action="store_true", help="Todo o nada.")

    def handle(self, *args, file, proceso=None, atomic=False, **options):
        processes = ElectoralProcess.objects.order_by("-election_day")
        process = processes.filter(slug=proceso).first() if proceso else processes.first()
        if process is None:
            raise CommandError(f"No existe el proceso «{proceso or ''}».")
        if not hasattr(process, "page"):
            raise CommandError(f"El proceso «{process}» no tiene página de captura.")
        try:
            report = load_registry(file, process, atomic=atomic)
        except RegistryFileError as error:
            raise CommandError(str(error)) from error
        for row, reason in report.errors:
            self.stderr.write(f"Fila {row}: {reason}")
        if report.rolled_back:
            raise CommandError(
                f"{len(report.errors)} fila(s) con errores; con --atomic no se cargó ninguna."
            )
        self.stdout.write(
            f"Creadas: {report.created}; actualizadas: {report.updated}; "
            f"sin cambios: {report.unchanged}; con errores: {len(report.errors)}."
        )
