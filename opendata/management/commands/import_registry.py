from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from elections.models import ElectoralProcess
from opendata.reading.problems import ReportFormatError, check_report_path, write_problems
from opendata.reading.registry import RegistryFileError, load_registry


class Command(BaseCommand):
    help = (
        "Carga la lista oficial de registro (CSV) como candidaturas en borrador para que los "
        "partidos las completen. Columnas: nombre (o nombre, apellido_paterno y "
        "apellido_materno), sexo, fecha_nacimiento, cargo, distrito, lista, municipio, partido o "
        "independiente, tipo, accion_afirmativa y clave (las dos últimas opcionales). Acepta "
        "UTF-8 (con o sin BOM), UTF-16 y, si el archivo no es UTF-8, Windows-1252 (el «CSV» de "
        "Excel en Windows); separador coma, punto y coma o tabulador, detectado del encabezado; "
        "fechas AAAA-MM-DD o DD/MM/AAAA. Cada fila con errores se informa con su línea y el "
        "motivo. Volver a cargar el archivo no duplica nada: cada lugar de la fórmula (cargo, "
        "distrito o lista, partido y tipo) se reconoce, y de una candidatura existente solo se "
        "actualizan los datos del registro (nombre, sexo, fecha de nacimiento, acción afirmativa "
        "y clave), sobre su última versión: lo que el partido ya capturó (cuestionarios, foto, "
        "consentimientos) nunca se toca. Si la candidatura ya está publicada, el cambio queda "
        "pendiente como borrador hasta que el IEC lo publique. Una sustitución (otra persona en "
        "el mismo lugar: cambian nombre y fecha de nacimiento) no se hace con la carga: se "
        "informa la fila y se resuelve en el administrador."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Archivo CSV de la lista de registro.")
        parser.add_argument(
            "--proceso",
            help="Identificador (slug) del proceso cuyo catálogo se carga. Obligatorio si hay "
            "más de un proceso cargado; con uno solo, ese.",
        )
        parser.add_argument(
            "--informe",
            metavar="ARCHIVO",
            help="Guarda cada problema de cada fila (fila, columna, valor, problema) en este "
            "archivo .csv o .xlsx, como el informe de import_conoceles.",
        )
        parser.add_argument(
            "--atomic",
            action="store_true",
            help="Todo o nada: si alguna fila tiene errores no se carga ninguna.",
        )

    def handle(self, *args, file, proceso=None, atomic=False, informe=None, **options):
        if informe:
            try:
                check_report_path(informe)
            except ReportFormatError as error:
                raise CommandError(str(error)) from error
        process = resolve_process(proceso)
        if not hasattr(process, "page"):
            raise CommandError(f"El proceso «{process}» no tiene página de captura.")
        if process.capture_closes_at and process.capture_closes_at <= timezone.now():
            self.stderr.write(
                f"Aviso: la captura de «{process}» cerró el "
                f"{timezone.localtime(process.capture_closes_at):%d/%m/%Y %H:%M}; los partidos "
                "no podrán completar estas candidaturas mientras el IEC no la reabra."
            )
        try:
            report = load_registry(file, process, atomic=atomic)
        except RegistryFileError as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            # The load runs in one transaction: a failure leaves the database as it was.
            raise CommandError(
                f"Error inesperado durante la carga ({type(error).__name__}: {error}); no se "
                "guardó nada. Usa --traceback para ver el detalle."
            ) from error
        self.stderr.write(f"Leído como {report.encoding}, separador: {report.delimiter}.")
        if report.ignored_columns:
            self.stderr.write(
                "Columnas no reconocidas (se ignoraron): "
                + ", ".join(f"«{c}»" for c in report.ignored_columns)
                + "."
            )
        for line, reason in report.errors:
            self.stderr.write(f"Línea {line}: {reason}")
        for line, _column, _value, problem in report.flagged:
            self.stderr.write(f"Línea {line} (cargada, pendiente del partido): {problem}")
        if informe:
            rows = report.problem_rows()
            write_problems(informe, rows)
            self.stdout.write(f"Informe de problemas: {informe} ({len(rows)} problema(s)).")
        if report.rolled_back:
            raise CommandError(
                f"{len(report.errors)} fila(s) con errores; con --atomic no se cargó ninguna "
                "y la base de datos quedó sin cambios."
            )
        pending = (
            f" (de ellas {report.pending_publication} ya publicadas: el cambio espera a que el "
            "IEC lo publique)"
            if report.pending_publication
            else ""
        )
        self.stdout.write(
            f"Creadas: {report.created}; actualizadas: {report.updated}{pending}; "
            f"sin cambios: {report.unchanged}; con errores: {len(report.errors)}; "
            f"con datos pendientes del partido: {len({line for line, *_ in report.flagged})}."
        )


def resolve_process(slug):
    """The process whose loaded catalog (offices, districts, parties, independents) the file is
    matched against: the one named, or the only one. With several processes loaded the command
    never guesses (the latest by election day could be the wrong institute's)."""
    processes = ElectoralProcess.objects.order_by("-election_day", "-pk")
    if slug:
        process = processes.filter(slug=slug).first()
        if process is None:
            known = ", ".join(processes.values_list("slug", flat=True)) or "ninguno"
            raise CommandError(f"No existe el proceso «{slug}» (cargados: {known}).")
        return process
    found = list(processes[:21])
    if not found:
        raise CommandError(
            "No hay ningún proceso cargado: carga su catálogo con load_catalogs antes."
        )
    if len(found) > 1:
        raise CommandError(
            "Hay varios procesos cargados; indica cuál con --proceso: "
            + ", ".join(process.slug for process in found[:20])
            + ("…" if len(found) > 20 else "")
            + "."
        )
    return found[0]
