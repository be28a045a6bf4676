from django.core.management.base import BaseCommand

from search.documents import rebuild


class Command(BaseCommand):
    help = "Rehace los documentos de búsqueda de todas las candidaturas publicadas."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"{count} documentos de búsqueda.")
