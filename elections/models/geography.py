"""Where candidacies compete: offices, municipalities, districts and sections."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .common import OfficeScope, Principle, inegi_code_validator
from .process import ElectoralProcess


class Municipality(models.Model):
    inegi_code = models.CharField(
        "clave INEGI", max_length=5, unique=True, validators=[inegi_code_validator]
    )
    name = models.CharField("nombre", max_length=120)
    slug = models.SlugField("identificador", max_length=120)

    panels = [FieldPanel("inegi_code"), FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = "municipio"
        verbose_name_plural = "municipios"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Office(models.Model):
    """A cargo in dispute: the governorship, MR deputies, RP deputies, municipal offices…"""

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="offices", verbose_name="proceso"
    )
    name = models.CharField("nombre", max_length=150)
    short_name = models.CharField("nombre corto", max_length=60)
    slug = models.SlugField("identificador", max_length=60)
    principle = models.CharField("principio", max_length=2, choices=Principle.choices)
    scope = models.CharField("ámbito", max_length=20, choices=OfficeScope.choices)
    minimum_age = models.PositiveSmallIntegerField(
        "edad mínima",
        validators=[MinValueValidator(18)],
        help_text="Edad mínima el día de la elección.",
    )
    seats = models.PositiveSmallIntegerField("cargos a elegir", default=1)
    has_substitutes = models.BooleanField("se registra en fórmula con suplente", default=False)
    ine_label = models.CharField(
        "etiqueta INE",
        max_length=60,
        help_text="Como aparece en la columna CARGO de Conóceles, p. ej. «DIPUTACIÓN LOCAL MR».",
    )
    sort_order = models.PositiveSmallIntegerField("orden", default=0)

    panels = [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("principle"), FieldPanel("scope")]),
        FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("seats"), FieldPanel("sort_order")]),
        FieldPanel("has_substitutes"),
        FieldPanel("ine_label"),
    ]

    class Meta:
        verbose_name = "cargo"
        verbose_name_plural = "cargos"
        ordering = ["process", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_office_slug"),
        ]

    def __str__(self):
        return self.name


class District(models.Model):
    process = models.ForeignKey(
        ElectoralProcess,
        on_delete=models.CASCADE,
        related_name="districts",
        verbose_name="proceso",
    )
    number = models.PositiveSmallIntegerField("número")
    head_town = models.CharField("cabecera", max_length=120)
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="districts",
        verbose_name="municipios",
        help_text="Municipios total o parcialmente comprendidos en el distrito.",
    )

    panels = [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("head_town")]),
        FieldPanel("municipalities"),
    ]

    class Meta:
        verbose_name = "distrito local"
        verbose_name_plural = "distritos locales"
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="unique_district_number"),
        ]

    def __str__(self):
        return f"Distrito {self.number:02d} · {self.head_town}"

    @property
    def ine_label(self):
        """As INE's export writes it: «15-CHETUMAL»."""
        return f"{self.number}-{self.head_town.upper()}"


class Section(models.Model):
    """An electoral section, loaded from the institute's file; resolves a voter's district."""

    process = models.ForeignKey(
        ElectoralProcess, on_delete=models.CASCADE, related_name="sections", verbose_name="proceso"
    )
    number = models.PositiveIntegerField("sección")
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="sections", verbose_name="distrito"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="sections", verbose_name="municipio"
    )

    class Meta:
        verbose_name = "sección electoral"
        verbose_name_plural = "secciones electorales"
        ordering = ["process", "number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="unique_section_number"),
        ]

    def __str__(self):
        return f"Sección {self.number}"
