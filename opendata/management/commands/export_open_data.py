from django.core.management.base import BaseCommand

from opendata.publication import publish_open_data, write_open_data


class Command(BaseCommand):
    help = "Escribe los archivos de datos abiertos (solo candidaturas publicadas) en una carpeta."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="Carpeta de destino.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Regenera también la copia pública en MEDIA_ROOT/opendata/.",
        )

    def handle(self, *args, directory=None, publish=False, **options):
        if not directory and not publish:
            self.stderr.write("Indica una carpeta de destino o --publish.")
            return
        manifests = []
        if directory:
            manifests.append(write_open_data(directory))
        if publish:
            manifests.append(publish_open_data())
        for entry in manifests[0]["files"]:
            self.stdout.write(f"{entry['name']}: {entry['rows']} filas, sha256 {entry['sha256']}")
