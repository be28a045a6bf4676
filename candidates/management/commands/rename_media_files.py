"""Give files uploaded before `candidates.media` existed the same unguessable names as new uploads.

Each file is copied under a new name, the row is pointed at the copy, and only after the commit are
the old file and the image's renditions deleted (Wagtail's own post_delete handlers remove the
rendition files and their cache entries); the renditions that existed are then made again, so
published photos keep being ready before any visitor asks. Files that already have such a name are
left alone, and so is a run interrupted half-way: the next run picks up where it stopped.
"""

import posixpath

from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from candidates.media import has_unguessable_name, unguessable_name


def _stem(name):
    return posixpath.basename(name).split(".", 1)[0]


def stale_renditions(image):
    """Renditions not named after the image's current file (made from an older name).

    Wagtail truncates a rendition's stem to fit 60 characters, so a prefix of the stem is current.
    """
    stem = _stem(image.file.name)
    return [r for r in image.renditions.all() if not stem.startswith(_stem(r.file.name))]


class Command(BaseCommand):
    help = (
        "Renombra las imágenes y documentos subidos con su nombre original a nombres aleatorios "
        "y rehace sus renditions. Se puede repetir sin efecto."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Solo lista lo que cambiaría; no toca nada."
        )

    def handle(self, *args, dry_run=False, **options):
        self.dry_run = dry_run
        renamed = 0
        images = get_image_model().objects.order_by("pk").prefetch_related("renditions")
        for image in images:
            if not has_unguessable_name(image.file.name):
                renamed += self.rename(image)
            elif stale := stale_renditions(image):
                self.say(f"imagen {image.pk}: {len(stale)} renditions con el nombre anterior")
                if not dry_run:
                    self.redo_renditions(image, stale)
        for document in get_document_model().objects.order_by("pk"):
            if not has_unguessable_name(document.file.name):
                renamed += self.rename(document)

        verb = "Se renombrarían" if dry_run else "Renombrados"
        self.stdout.write(f"{verb}: {renamed} archivos.")
        if renamed and not dry_run:
            self.stdout.write(
                "Regenera los datos abiertos (manage.py export_open_data --publish) y purga la "
                "caché del CDN: apuntan a las renditions y URL de documentos anteriores."
            )

    def say(self, message):
        self.stdout.write(("[simulación] " if self.dry_run else "") + message)

    def rename(self, obj):
        label = f"{obj._meta.verbose_name} {obj.pk}"
        storage, old_name = obj.file.storage, obj.file.name
        if not storage.exists(old_name):
            self.stderr.write(f"{label}: falta el archivo {old_name}; se omite.")
            return 0
        new_name = posixpath.join(posixpath.dirname(old_name), unguessable_name(old_name))
        self.say(f"{label}: {old_name} → {new_name}")
        if self.dry_run:
            return 1
        with storage.open(old_name, "rb") as source:
            new_name = storage.save(new_name, source)
        renditions = list(obj.renditions.all()) if hasattr(obj, "renditions") else []
        with transaction.atomic():
            type(obj).objects.filter(pk=obj.pk).update(file=new_name)
            transaction.on_commit(lambda: storage.delete(old_name))
        obj.file.name = new_name
        if renditions:
            self.redo_renditions(obj, renditions)
        return 1

    def redo_renditions(self, image, renditions):
        specs = list(dict.fromkeys(r.filter_spec for r in renditions))
        with transaction.atomic():
            image.renditions.filter(pk__in=[r.pk for r in renditions]).delete()
        # A fresh row: the prefetched renditions would hand the deleted ones back.
        image = type(image).objects.get(pk=image.pk)
        try:
            image.get_renditions(*specs)
        except SourceImageIOError:
            self.stderr.write(f"imagen {image.pk}: no se pudieron rehacer sus renditions.")
