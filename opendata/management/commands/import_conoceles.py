import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from opendata.importer import DEFAULT_ELECTION_DAY, ConocelesImporter, stderr_progress
from opendata.reading.problems import ReportFormatError, check_report_path, write_problems
from opendata.reading.workbook import SpreadsheetError


class Command(BaseCommand):
    help = (
        "Importa el archivo de Conóceles del INE (.xls o .xlsx, con sus hojas CANDIDATOS y "
        "CUESTIONARIO IDENTIDAD) como candidaturas publicadas. El contenido decide el formato, "
        "no la extensión; un archivo que no es esa hoja de cálculo (PDF, imagen, CSV, vacío o "
        "dañado) se rechaza sin tocar la base de datos. Cada fila con errores se informa con su "
        "hoja, su número de fila y el motivo; las demás se importan, salvo con --atomic. Volver "
        "a importar el mismo archivo no cambia nada."
    )

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
        parser.add_argument(
            "--proceso",
            metavar="IDENTIFICADOR",
            help="Proceso ya cargado (load_catalogs) al que se importa: partidos, coaliciones, "
            "cargos, distritos y municipios se buscan en sus catálogos y nada se crea; una "
            "etiqueta que no coincide se informa con las opciones del catálogo.",
        )
        parser.add_argument(
            "--informe",
            metavar="ARCHIVO",
            help="Guarda cada problema de cada fila (hoja, fila, columna, valor, problema) en "
            "este archivo .csv o .xlsx, para entregarlo a los partidos.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self, *args, file, atomic, election_day, no_progress, informe=None, proceso=None, **options
    ):
        if informe:
            try:
                check_report_path(informe)
            except ReportFormatError as error:
                raise CommandError(str(error)) from error
        try:
            day = dt.date.fromisoformat(election_day)
        except ValueError as error:
            raise CommandError(f"Fecha de jornada inválida: «{election_day}».") from error
        progress = None if no_progress else stderr_progress(self.stderr)
        importer = ConocelesImporter(election_day=day, progress=progress, process=proceso)
        try:
            report = importer.run(file, atomic=atomic)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            # The import runs in one transaction: a failure leaves the database as it was.
            raise CommandError(
                f"Error inesperado durante la importación ({type(error).__name__}: {error}); "
                "no se guardó nada. Usa --traceback para ver el detalle."
            ) from error
        for line in report.error_lines():
            self.stderr.write(line)
        if informe:
            rows = list(report.problem_rows())
            write_problems(informe, rows)
            self.stdout.write(f"Informe de problemas: {informe} ({len(rows)} problema(s)).")
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
        if report.flagged:
            self.stdout.write(
                f"{len(report.flagged)} dato(s) no se pudieron tomar tal cual: quedaron vacíos y "
                f"marcados para que el partido los corrija ({report.drafts} candidatura(s) "
                "nueva(s) como borrador)."
            )
            for sheet, row, _column, _value, problem in report.flagged:
                self.stderr.write(f"Hoja {sheet}, fila {row} (se importó, por corregir): {problem}")
