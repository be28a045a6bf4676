"""`manage.py remove_identity_data CANDIDACY_ID --reference FOLIO`: one person's ARCO removal."""

from django.core.management.base import BaseCommand, CommandError

from candidates.models import CandidacyPage

from ...data_removal import remove_identity_data


class Command(BaseCommand):
    help = (
        "Borra los datos de identidad de una persona (cuestionario, consentimientos, formato "
        "firmado, historial y registro de accesos) por una solicitud ARCO."
    )

    def add_arguments(self, parser):
        parser.add_argument("candidacy_id", type=int)
        parser.add_argument("--reference", required=True, help="Folio de la solicitud ARCO.")
        parser.add_argument("--by", default="", help="Quién lo ejecuta (para el registro).")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, candidacy_id, reference, by="", dry_run=False, **options):
        candidacy = (
            CandidacyPage.objects.select_related("office__process").filter(pk=candidacy_id).first()
        )
        if candidacy is None:
            raise CommandError(f"No existe la candidatura {candidacy_id}.")
        report = remove_identity_data(
            [candidacy.pk],
            performed_by=by or "remove_identity_data",
            reference=f"ARCO {reference}",
            process=candidacy.office.process,
            dry_run=dry_run,
        )
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Simulación: no se cambió nada.")
