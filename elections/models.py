"""The electoral catalogs: reference data that candidacies point at.

Everything DOMAIN.md marks as a *param* lives on `ElectoralProcess`, never as a constant in code,
so that another institute (or another year) is a matter of data, not of a release.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

hex_color_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", "Escribe el color en formato hexadecimal, por ejemplo #0055A4."
)
inegi_code_validator = RegexValidator(
    r"^\d{5}$", "La clave INEGI tiene cinco dígitos (dos de la entidad y tres del municipio)."
)


class Principle(models.TextChoices):
    MAJORITY = "MR", "Mayoría relativa"
    PROPORTIONAL = "RP", "Representación proporcional"


class OfficeScope(models.TextChoices):
    STATE = "state", "Estatal (toda la entidad)"
    DISTRICT = "district", "Distrito local"
    MUNICIPALITY = "municipality", "Municipio"
    LIST = "list", "Lista de representación proporcional"


class ElectoralProcess(models.Model):
    """One electoral process and every parameter the rules leave to the institute."""

    name = models.CharField("nombre", max_length=200)
    slug = models.SlugField("identificador", unique=True)
    institute_name = models.CharField(
        "instituto", max_length=200, default="Instituto Electoral de Coahuila"
    )
    institute_acronym = models.CharField("siglas del instituto", max_length=20, default="IEC")
    state_name = models.CharField("entidad federativa", max_length=100, default="Coahuila")
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

    def is_publication_period(self, on=None):
        on = on or timezone.localdate()
        return self.publish_start <= on <= self.online_until


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


class Party(models.Model):
    name = models.CharField("nombre", max_length=150, unique=True)
    acronym = models.CharField("siglas", max_length=20, unique=True)
    slug = models.SlugField("identificador", unique=True)
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="emblema",
    )
    color = models.CharField(
        "color", max_length=7, default="#555555", validators=[hex_color_validator]
    )
    is_local = models.BooleanField("partido político local", default=False)
    sort_order = models.PositiveSmallIntegerField("orden", default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym"), FieldPanel("slug")]),
        FieldPanel("emblem"),
        FieldRowPanel([FieldPanel("color"), FieldPanel("is_local"), FieldPanel("sort_order")]),
    ]

    class Meta:
        verbose_name = "partido político"
        verbose_name_plural = "partidos políticos"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.acronym


class CoalitionKind(models.TextChoices):
    COALITION = "coalicion", "Coalición"
    COMMON = "comun", "Candidatura común"


class Coalition(models.Model):
    process = models.ForeignKey(
        ElectoralProcess,
        on_delete=models.CASCADE,
        related_name="coalitions",
        verbose_name="proceso",
    )
    kind = models.CharField(
        "tipo", max_length=10, choices=CoalitionKind.choices, default=CoalitionKind.COALITION
    )
    name = models.CharField("nombre", max_length=200)
    slug = models.SlugField("identificador", max_length=200)
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="emblema",
    )
    color = models.CharField(
        "color", max_length=7, default="#555555", validators=[hex_color_validator]
    )
    members = models.ManyToManyField(Party, related_name="coalitions", verbose_name="partidos")
    offices = models.ManyToManyField(
        Office, related_name="coalitions", verbose_name="cargos que postula"
    )
    districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="coalitions",
        verbose_name="distritos",
        help_text="Vacío: todos los distritos de los cargos de mayoría relativa.",
    )

    panels = [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("emblem"),
        FieldPanel("color"),
        FieldPanel("members"),
        FieldPanel("offices"),
        FieldPanel("districts"),
    ]

    class Meta:
        verbose_name = "coalición"
        verbose_name_plural = "coaliciones"
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_coalition_slug"),
        ]

    def __str__(self):
        return self.name


class SigladoEntry(models.Model):
    """Which member party captures (and answers for) a coalition candidacy, per the siglado."""

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="siglado", verbose_name="coalición"
    )
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="+", verbose_name="cargo"
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="distrito",
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="siglado_entries", verbose_name="partido"
    )

    class Meta:
        verbose_name = "entrada del siglado"
        verbose_name_plural = "siglado"
        ordering = ["coalition", "office", "district__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "office", "district"], name="unique_siglado_entry"
            ),
        ]

    def __str__(self):
        where = f" · {self.district}" if self.district_id else ""
        return f"{self.coalition} · {self.office}{where} → {self.party}"

    def clean(self):
        if (
            self.party_id
            and self.coalition_id
            and not self.coalition.members.filter(pk=self.party_id).exists()
        ):
            raise ValidationError({"party": "El partido no integra esta coalición."})


class IndependentCandidacy(models.Model):
    """An independent candidacy: a capturing actor of its own, with its own account."""

    process = models.ForeignKey(
        ElectoralProcess,
        on_delete=models.CASCADE,
        related_name="independent_candidacies",
        verbose_name="proceso",
    )
    name = models.CharField("nombre", max_length=200)
    slug = models.SlugField("identificador", max_length=200)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name="cargo"
    )
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="distrito",
    )
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="emblema",
    )
    color = models.CharField(
        "color", max_length=7, default="#555555", validators=[hex_color_validator]
    )

    panels = [
        FieldPanel("process"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("office"), FieldPanel("district")]),
        FieldPanel("emblem"),
        FieldPanel("color"),
    ]

    class Meta:
        verbose_name = "candidatura independiente"
        verbose_name_plural = "candidaturas independientes"
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_independent_slug"),
        ]

    def __str__(self):
        return self.name

    @property
    def acronym(self):
        return "IND"
