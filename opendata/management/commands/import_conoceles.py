import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from opendata.importer import DEFAULT_ELECTION_DAY, ConocelesImporter, stderr_progress
from opendata.workbook import SpreadsheetError


class Command(BaseCommand):
    help = "Importa el archivo de Conóceles del INE (.xls o .xlsx) como candidaturas publicadas."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--atomic",
            action="store_true",
            help="Todo o nada: si alguna fila tiene errores no se importa ninguna.",
        )
        parser.add_argument(
            "--election-day",
            default=DEFAULT_ELECTION_DAY.isoformat(),
            help="Jornada electoral de los procesos que se creen (AAAA-MM-DD).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, atomic, election_day, no_progress, **options):
        try:
            day = dt.date.fromisoformat(election_day)
        except ValueError as error:
            raise CommandError(f"Fecha de jornada inválida: «{election_day}».") from error
        progress = None if no_progress else stderr_progress(self.stderr)
        importer = ConocelesImporter(election_day=day, progress=progress)
        try:
            report = importer.run(file, atomic=atomic)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error
        for line in report.error_lines():
            self.stderr.write(line)
        if report.rolled_back:
            raise CommandError(
                f"{len(report.errors)} fila(s) con errores; con --atomic no se importó ninguna "
                "y la base de datos quedó sin cambios."
            )
        self.stdout.write(
            f"Creadas: {report.created}; actualizadas: {report.updated}; "
            f"sin cambios: {report.unchanged}; con errores: {len(report.errors)}; "
            f"cuestionarios de identidad aplicados: {report.identity_applied}."
        )
