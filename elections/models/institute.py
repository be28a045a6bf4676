"""The institute that runs the site: its name, logo, colours, contact and legal texts.

A site setting rather than template text, so that another institute installs Conóceles and
brands it from the admin ("Configuración › Instituto") without touching a template. The
processes keep their own `institute_name` for the open data of each process; the setting is what
the public site and the admin show.
"""

from django.core.cache import cache
from django.db import models, transaction

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .common import hex_color_validator

# A safety net only: a save forgets the kept settings at once.
KEPT_SECONDS = 60 * 60
DEFAULT_BRAND_COLOR = "#12355b"
DEFAULT_BRAND_DARK_COLOR = "#0b243f"


@register_setting(icon="site")
class InstituteSettings(BaseSiteSetting):
    """Branding and contact of the institute, per Wagtail site."""

    name = models.CharField(
        "nombre del instituto",
        max_length=200,
        blank=True,
        help_text="Aparece en el encabezado, el pie de página y los textos del sitio.",
    )
    short_name = models.CharField(
        "siglas", max_length=20, blank=True, help_text="Por ejemplo, las siglas del instituto."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="logotipo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    brand_color = models.CharField(
        "color institucional",
        max_length=7,
        default=DEFAULT_BRAND_COLOR,
        validators=[hex_color_validator],
        help_text="Encabezado y botones. Debe contrastar con texto blanco.",
    )
    brand_dark_color = models.CharField(
        "color institucional oscuro",
        max_length=7,
        default=DEFAULT_BRAND_DARK_COLOR,
        validators=[hex_color_validator],
        help_text="Títulos y estados activos. Debe contrastar con fondo blanco.",
    )
    address = models.TextField("domicilio", blank=True)
    phone = models.CharField("teléfono", max_length=60, blank=True)
    email = models.EmailField("correo electrónico de contacto", blank=True)
    website = models.URLField("sitio web", blank=True)
    legal_notice = models.TextField(
        "aviso legal",
        blank=True,
        help_text="Texto legal del pie de página (por ejemplo, fundamento o responsabilidad).",
    )
    corrections_text = models.TextField(
        "cómo pedir una corrección",
        blank=True,
        help_text="Se muestra en Preguntas frecuentes; si queda vacío se indica el contacto.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
                FieldPanel("logo"),
                FieldRowPanel([FieldPanel("brand_color"), FieldPanel("brand_dark_color")]),
            ],
            heading="Identidad",
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
            ],
            heading="Contacto",
        ),
        MultiFieldPanel(
            [FieldPanel("legal_notice"), FieldPanel("corrections_text")], heading="Textos legales"
        ),
    ]

    class Meta:
        verbose_name = "instituto"
        verbose_name_plural = "instituto"

    def __str__(self):
        return self.name or "Instituto"

    @classmethod
    def for_site(cls, site):
        """Wagtail's get_or_create would write on a public GET (pages must not write, and a
        cached page must not depend on it); until an administrator saves it, an unsaved
        default stands in.

        Every page reads it (the header, the colours, the footer): it is kept in the shared
        cache until it is saved (`forget`), so that an uncached page does not query it."""
        key = cls.cache_key(site.pk)
        institute = cache.get(key)
        if institute is None:
            institute = cls.objects.filter(site=site).first() or cls(site=site)
            cache.set(key, institute, KEPT_SECONDS)
        return institute

    @staticmethod
    def cache_key(site_id):
        return f"conoceles:institute-settings:{site_id}"

    @classmethod
    def forget(cls, sender, instance, **kwargs):
        """Saved or deleted: forgotten at once (this process's next read) and once committed
        (a page read in between cannot keep the old values)."""
        key = cls.cache_key(instance.site_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))

    @property
    def display_name(self):
        """How pages name the institute in a sentence, even before it is configured."""
        return self.name or self.short_name or "Instituto electoral"

    @property
    def brand_version(self):
        """Changes when the colours do, so the stylesheet URL busts caches on a rebrand."""
        return f"{self.brand_color}{self.brand_dark_color}".replace("#", "").lower()
