"""The electoral process and every parameter the rules leave to the institute."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

# Top-level paths that would shadow a process's pages at /<proceso>/ (site_conoceles.urls, the
# media and static folders): a process may not take one as its slug.
RESERVED_PROCESS_SLUGS = frozenset(
    {
        "admin",
        "api",
        "buscar",
        "candidaturas",
        "coaliciones",
        "comparar",
        "datos-abiertos",
        "documentos",
        "estadisticas",
        "independientes",
        "marca",
        "media",
        "mi-boleta",
        "partidos",
        "preguntas-frecuentes",
        "salud",
        "static",
    }
)


class ElectoralProcess(models.Model):
    """One electoral process and every parameter the rules leave to the institute."""

    name = models.CharField("nombre", max_length=200)
    slug = models.SlugField("identificador", unique=True)
    # No default: a process names its own institute and state (the catalog file or the admin).
    institute_name = models.CharField("instituto", max_length=200)
    institute_acronym = models.CharField("siglas del instituto", max_length=20)
    state_name = models.CharField("entidad federativa", max_length=100)
    state_code = models.CharField(
        "clave INEGI de la entidad",
        max_length=2,
        default="05",
        validators=[RegexValidator(r"^\d{2}$", "La clave de la entidad tiene dos dígitos.")],
    )

    # Calendar
    starts_on = models.DateField("inicio del proceso")
    registration_starts_on = models.DateField("inicio del registro de candidaturas")
    registration_ends_on = models.DateField("fin del registro de candidaturas")
    campaign_starts_on = models.DateField("inicio de campañas")
    campaign_ends_on = models.DateField("fin de campañas")
    election_day = models.DateField("jornada electoral")

    # Capture and publication (params)
    capture_opens_at = models.DateTimeField("apertura de la captura")
    capture_closes_at = models.DateTimeField("cierre de la captura")
    publish_start = models.DateField(
        "inicio de la publicación",
        help_text="El sitio debe estar en línea a más tardar el primer día de campañas.",
    )
    online_until = models.DateField(
        "en línea hasta", help_text="Al menos hasta el día de la jornada electoral."
    )
    block_at = models.DateField(
        "bloqueo de datos personales",
        null=True,
        blank=True,
        help_text="Desde esta fecha los datos de identidad dejan de ser públicos y se bloquean.",
    )
    cancel_after = models.DateField(
        "cancelación de datos personales",
        null=True,
        blank=True,
        help_text="Desde esta fecha los datos de identidad bloqueados pueden suprimirse.",
    )

    # Character limits (params)
    limits_count_spaces = models.BooleanField(
        "los límites de caracteres cuentan espacios", default=True
    )
    motivation_min_chars = models.PositiveIntegerField("motivo: mínimo de caracteres", default=280)
    motivation_max_chars = models.PositiveIntegerField("motivo: máximo de caracteres", default=2500)
    proposal_min_chars = models.PositiveIntegerField(
        "propuestas: mínimo de caracteres", default=280
    )
    proposal_max_chars = models.PositiveIntegerField(
        "propuestas: máximo de caracteres", default=1600
    )
    history_min_chars = models.PositiveIntegerField(
        "trayectoria e historia profesional: mínimo de caracteres", default=280
    )
    history_max_chars = models.PositiveIntegerField(
        "trayectoria e historia profesional: máximo de caracteres", default=5000
    )
    course_max_chars = models.PositiveIntegerField("cursos: máximo por entrada", default=250)

    # Photo limits (params)
    photo_max_bytes = models.PositiveIntegerField(
        "fotografía: tamaño máximo (bytes)", default=2 * 1024 * 1024
    )
    photo_min_width = models.PositiveIntegerField("fotografía: ancho mínimo (px)", default=300)
    photo_min_height = models.PositiveIntegerField("fotografía: alto mínimo (px)", default=300)
    photo_max_width = models.PositiveIntegerField("fotografía: ancho máximo (px)", default=4000)
    photo_max_height = models.PositiveIntegerField("fotografía: alto máximo (px)", default=4000)

    # Public statistics (params)
    age_bands = models.CharField(
        "rangos de edad",
        max_length=100,
        default="18-24,25-29,30-39,40-49,50-59,60+",
        help_text="Separados por comas; el último puede ser abierto, por ejemplo 60+.",
    )
    capturing_parties = models.ManyToManyField(
        "Party",
        blank=True,
        related_name="capturing_processes",
        verbose_name="partidos que registran candidaturas",
        help_text=(
            "Cada uno tiene su página de captura y su grupo de capturistas. "
            "Vacío: todos los partidos del catálogo."
        ),
    )

    statistics_min_cell = models.PositiveIntegerField(
        "umbral de supresión en estadísticas",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="Las cifras menores a este número se muestran como «< N».",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("institute_name"), FieldPanel("institute_acronym")]),
                FieldRowPanel([FieldPanel("state_name"), FieldPanel("state_code")]),
            ],
            heading="Proceso",
        ),
        MultiFieldPanel(
            [
                FieldPanel("starts_on"),
                FieldRowPanel(
                    [FieldPanel("registration_starts_on"), FieldPanel("registration_ends_on")]
                ),
                FieldRowPanel([FieldPanel("campaign_starts_on"), FieldPanel("campaign_ends_on")]),
                FieldPanel("election_day"),
            ],
            heading="Calendario",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capture_opens_at"), FieldPanel("capture_closes_at")]),
                FieldRowPanel([FieldPanel("publish_start"), FieldPanel("online_until")]),
                FieldRowPanel([FieldPanel("block_at"), FieldPanel("cancel_after")]),
            ],
            heading="Captura, publicación y cierre",
        ),
        MultiFieldPanel(
            [
                FieldPanel("limits_count_spaces"),
                FieldRowPanel(
                    [FieldPanel("motivation_min_chars"), FieldPanel("motivation_max_chars")]
                ),
                FieldRowPanel([FieldPanel("proposal_min_chars"), FieldPanel("proposal_max_chars")]),
                FieldRowPanel([FieldPanel("history_min_chars"), FieldPanel("history_max_chars")]),
                FieldPanel("course_max_chars"),
            ],
            heading="Límites de caracteres",
        ),
        MultiFieldPanel(
            [
                FieldPanel("photo_max_bytes"),
                FieldRowPanel([FieldPanel("photo_min_width"), FieldPanel("photo_min_height")]),
                FieldRowPanel([FieldPanel("photo_max_width"), FieldPanel("photo_max_height")]),
            ],
            heading="Fotografía",
        ),
        MultiFieldPanel(
            [FieldPanel("age_bands"), FieldPanel("statistics_min_cell")],
            heading="Estadísticas",
        ),
        FieldPanel("capturing_parties"),
    ]

    class Meta:
        verbose_name = "proceso electoral"
        verbose_name_plural = "procesos electorales"
        ordering = ["-election_day"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.slug in RESERVED_PROCESS_SLUGS:
            errors["slug"] = f"«{self.slug}» es una dirección del sitio; elija otro identificador."
        opens, closes = self.capture_opens_at, self.capture_closes_at
        if opens and closes and closes <= opens:
            errors["capture_closes_at"] = (
                "El cierre de la captura debe ser posterior a la apertura."
            )
        if self.publish_start and self.online_until and self.online_until < self.publish_start:
            errors["online_until"] = "La fecha «en línea hasta» no puede ser anterior al inicio."
        if self.election_day and self.online_until and self.online_until < self.election_day:
            errors["online_until"] = (
                "El sitio debe seguir en línea al menos hasta el día de la jornada electoral."
            )
        if self.block_at and self.cancel_after and self.cancel_after < self.block_at:
            errors["cancel_after"] = "La cancelación no puede ser anterior al bloqueo."
        for low, high, label in [
            ("motivation_min_chars", "motivation_max_chars", "motivo"),
            ("proposal_min_chars", "proposal_max_chars", "propuestas"),
            ("history_min_chars", "history_max_chars", "trayectoria e historia"),
            ("photo_min_width", "photo_max_width", "ancho de la fotografía"),
            ("photo_min_height", "photo_max_height", "alto de la fotografía"),
        ]:
            low_value, high_value = getattr(self, low), getattr(self, high)
            if low_value is not None and high_value is not None and low_value > high_value:
                errors[high] = f"El máximo de {label} no puede ser menor que el mínimo."
        try:
            self.parsed_age_bands()
        except ValueError as exc:
            errors["age_bands"] = str(exc)
        if errors:
            raise ValidationError(errors)

    # Capture window ---------------------------------------------------------------------------

    def capture_window_is_open(self, at=None):
        at = at or timezone.now()
        return self.capture_opens_at <= at < self.capture_closes_at

    def capture_window_label(self):
        tz = timezone.get_current_timezone()
        opens = timezone.localtime(self.capture_opens_at, tz).strftime("%d/%m/%Y %H:%M")
        closes = timezone.localtime(self.capture_closes_at, tz).strftime("%d/%m/%Y %H:%M")
        return f"del {opens} al {closes}"

    # Ages ---------------------------------------------------------------------------------------

    def parsed_age_bands(self):
        """Return [(label, low, high_or_None)] from the `age_bands` parameter."""
        bands = []
        for raw in (self.age_bands or "").split(","):
            label = raw.strip()
            if not label:
                continue
            try:
                if label.endswith("+"):
                    bands.append((label, int(label[:-1]), None))
                else:
                    low, high = label.split("-")
                    if int(low) > int(high):
                        raise ValueError
                    bands.append((label, int(low), int(high)))
            except ValueError:
                raise ValueError(
                    f"El rango de edad «{label}» no es válido: usa «18-24» o «60+»."
                ) from None
        if not bands:
            raise ValueError("Define al menos un rango de edad.")
        return bands

    def age_band_for(self, age):
        if age is None:
            return None
        for label, low, high in self.parsed_age_bands():
            if age >= low and (high is None or age <= high):
                return label
        return None

    def age_on_election_day(self, birth_date):
        if not birth_date:
            return None
        day = self.election_day
        return (
            day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
        )

    def count_chars(self, text):
        """Length of a text as the process counts it (with or without spaces)."""
        text = (text or "").strip()
        if self.limits_count_spaces:
            return len(text)
        return len("".join(text.split()))

    def is_archive(self, on=None):
        """Publication has ended: the process is kept online as a record, no longer current."""
        on = on or timezone.localdate()
        return self.online_until < on

    def is_publication_period(self, on=None):
        on = on or timezone.localdate()
        return self.publish_start <= on <= self.online_until
