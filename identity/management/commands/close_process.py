"""`manage.py close_process PROCESS_SLUG [--dry-run]`: block and, when due, cancel identity data."""

from django.core.management.base import BaseCommand, CommandError

from elections.models import ElectoralProcess

from ...closure import (
    ClosureRefused,
    block_process,
    cancel_process,
    candidacy_ids,
    plan_closure,
)
from ...data_removal import collect_identity_data


class Command(BaseCommand):
    help = (
        "Bloquea los datos de identidad de un proceso desde su fecha block_at y los cancela "
        "(borra) desde cancel_after, conservando solo estadísticas agregadas."
    )

    def add_arguments(self, parser):
        parser.add_argument("process_slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="Muestra lo que haría sin cambiar nada."
        )
        parser.add_argument(
            "--by", default="", help="Quién lo ejecuta (para el registro); por omisión, el sistema."
        )

    def handle(self, process_slug, dry_run=False, by="", **options):
        try:
            process = ElectoralProcess.objects.get(slug=process_slug)
        except ElectoralProcess.DoesNotExist as error:
            raise CommandError(f"No existe el proceso «{process_slug}».") from error
        try:
            plan = plan_closure(process)
        except ClosureRefused as error:
            raise CommandError(str(error)) from error
        for message in plan.messages:
            self.stdout.write(message)
        ids = candidacy_ids(process)
        counts, files = collect_identity_data(ids)
        prefix = "[simulación] " if dry_run else ""
        if plan.block:
            self.stdout.write(
                f"{prefix}Bloquear los datos de identidad de {len(ids)} candidaturas "
                f"({counts['questionnaires']} cuestionarios): dejan de ser públicos y solo "
                "el personal administrador puede consultarlos; se guarda una estadística agregada."
            )
        if plan.cancel:
            self.stdout.write(
                f"{prefix}Cancelar: borrar {counts['questionnaires']} cuestionarios, "
                f"{counts['consent_records']} registros de consentimiento, "
                f"{counts['consent_events']} eventos, {counts['notice_acceptances']} "
                f"aceptaciones, {counts['access_log']} registros de acceso y {len(files)} "
                "formatos firmados; se conserva solo la estadística agregada."
            )
        if not (plan.block or plan.cancel):
            self.stdout.write("Nada que hacer.")
            return
        if dry_run:
            self.stdout.write("Simulación: no se cambió nada.")
            return
        performed_by = by or "close_process"
        if plan.block:
            snapshot = block_process(process, performed_by=performed_by)
            self.stdout.write(self.style.SUCCESS(f"Bloqueado. Instantánea {snapshot.pk}."))
        if plan.cancel:
            snapshot, report = cancel_process(process, performed_by=performed_by)
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS(f"Cancelado. Instantánea {snapshot.pk}."))
