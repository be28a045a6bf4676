import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata.publication import publish_open_data, write_open_data


def _check_target(directory):
    """Refuse, in Spanish, a destination that cannot be written, before writing anything."""
    if directory.exists():
        if not directory.is_dir():
            raise CommandError(f"«{directory}» existe y no es una carpeta.")
        writable = directory
    else:
        parent = directory.parent
        if not parent.exists():
            raise CommandError(
                f"La carpeta «{parent}» no existe; créala antes o indica otra carpeta de destino."
            )
        if not parent.is_dir():
            raise CommandError(f"«{parent}» no es una carpeta.")
        writable = parent
    if not os.access(writable, os.W_OK | os.X_OK):
        raise CommandError(f"No se puede escribir en «{writable}»: permiso denegado.")


def _reason(error):
    return error.strerror or str(error)


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
            raise CommandError("Indica una carpeta de destino o --publish.")
        manifests = []
        if directory:
            target = Path(directory)
            _check_target(target)
            try:
                manifests.append(write_open_data(target))
            except OSError as error:
                raise CommandError(
                    f"No se pudo escribir en «{target}»: {_reason(error)}."
                ) from error
        if publish:
            try:
                manifests.append(publish_open_data())
            except OSError as error:
                raise CommandError(
                    f"No se pudo regenerar la copia pública: {_reason(error)}."
                ) from error
        for entry in manifests[0]["files"]:
            self.stdout.write(f"{entry['name']}: {entry['rows']} filas, sha256 {entry['sha256']}")
