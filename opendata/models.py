"""What an import could not take as it came: kept aside, for the party to fix in the admin."""

from django.db import models

from .admin_imports.models import AdminImport, ImportKind, ImportStatus  # noqa: F401


class ImportFlag(models.Model):
    """One cell of an imported row that was not usable as is (`import_conoceles --proceso`).

    The candidacy is imported anyway, as a draft, with that field left empty; the value typed in
    the file stays here, so that the party sees what to correct (a banner on the candidacy's edit
    page) and nothing the file said is lost.
    """

    candidacy = models.ForeignKey(
        "candidates.CandidacyPage",
        on_delete=models.CASCADE,
        related_name="import_flags",
        verbose_name="candidatura",
    )
    column = models.CharField("columna", max_length=60)
    value = models.TextField("valor en el archivo", blank=True)
    problem = models.TextField("problema")
    created_at = models.DateTimeField("importado", auto_now_add=True)

    class Meta:
        verbose_name = "corrección pendiente de la importación"
        verbose_name_plural = "correcciones pendientes de la importación"
        ordering = ["candidacy", "pk"]

    def __str__(self):
        return f"{self.column}: {self.problem}"
