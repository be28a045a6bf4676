"""An import started from the admin: the uploaded file, its dry-run preview, then the real run.

Both the preview and the run are tasks: a preview is the whole import rolled back, which for
INE's 479-candidacy file takes some 14 s, and a registry of thousands of rows would outlast a
request.

The file is kept in the database, not in the media storage: a registration list carries birth
dates and full names, and nothing under MEDIA_ROOT may hold them (the web server publishes it).
It is deleted with the job (`purge_file` once the import has run).
"""

from django.conf import settings
from django.db import models


class ImportKind(models.TextChoices):
    REGISTRY = "registro", "Lista de registro (CSV)"
    INE = "ine", "Archivo de Conóceles del INE (.xls o .xlsx)"


class ImportStatus(models.TextChoices):
    ANALYZING = "analizando", "Revisando el archivo"
    PREVIEW = "vista-previa", "Vista previa, sin confirmar"
    QUEUED = "en-cola", "En cola"
    RUNNING = "en-curso", "Importando"
    DONE = "terminada", "Terminada"
    ROLLED_BACK = "sin-cambios", "Terminada sin cambios (todo o nada)"
    FAILED = "fallida", "Falló"


class AdminImport(models.Model):
    kind = models.CharField("tipo", max_length=20, choices=ImportKind.choices)
    process = models.ForeignKey(
        "elections.ElectoralProcess",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="proceso electoral",
    )
    atomic = models.BooleanField("todo o nada", default=False)
    filename = models.CharField("archivo", max_length=255)
    content = models.BinaryField("contenido", editable=False)
    size = models.PositiveIntegerField("tamaño (bytes)", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="subido por",
    )
    created_at = models.DateTimeField("subido", auto_now_add=True)
    confirmed_at = models.DateTimeField("confirmado", null=True, blank=True)
    finished_at = models.DateTimeField("terminado", null=True, blank=True)
    status = models.CharField(
        "estado", max_length=20, choices=ImportStatus.choices, default=ImportStatus.ANALYZING
    )
    # {"created", "updated", "unchanged", "errors", "flagged", ...} of the dry run and the run.
    preview = models.JSONField("vista previa", default=dict)
    result = models.JSONField("resultado", default=dict)
    # [sheet, row, column, value, problem] lists, in the order of the file.
    problems = models.JSONField("problemas", default=list)
    error = models.TextField("error", blank=True)

    class Meta:
        verbose_name = "importación desde el administrador"
        verbose_name_plural = "importaciones desde el administrador"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def in_progress(self):
        return self.status in (ImportStatus.ANALYZING, ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def suffix(self):
        return "." + self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""
