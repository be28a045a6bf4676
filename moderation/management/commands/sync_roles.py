from django.core.management.base import BaseCommand

from moderation.roles import sync_roles


class Command(BaseCommand):
    help = (
        "Crea o completa los grupos (Administradores IEC, Moderadores IEC, Capturistas <partido>), "
        "sus colecciones, permisos de páginas y el flujo de revisión. Idempotente."
    )

    def handle(self, *args, **options):
        figures = sync_roles()
        self.stdout.write(
            self.style.SUCCESS(
                "Roles sincronizados: {groups} grupos, {process_pages} procesos, "
                "{actor_pages} partidos o candidaturas independientes.".format(**figures)
            )
        )
