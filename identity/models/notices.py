"""Privacy notices (integral and simplified) as a versioned, administrator-edited page.

Each published version is frozen in `PrivacyNoticeVersion`, which acceptances and consents point
to: what a person accepted never changes after the fact.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

NOTICE_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class PrivacyNoticePage(Page):
    version = models.CharField(
        "versión",
        max_length=40,
        help_text=(
            "Cambia la versión cada vez que cambie el texto: lo ya aceptado conserva su versión."
        ),
    )
    simplified = RichTextField("aviso de privacidad simplificado", features=NOTICE_FEATURES)
    integral = RichTextField("aviso de privacidad integral", features=NOTICE_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("version"),
        FieldPanel("simplified"),
        FieldPanel("integral"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "aviso de privacidad"
        verbose_name_plural = "avisos de privacidad"

    def clean(self):
        super().clean()
        frozen = PrivacyNoticeVersion.objects.filter(label=self.version).first()
        if frozen and (frozen.simplified != self.simplified or frozen.integral != self.integral):
            raise ValidationError(
                {"version": "Esta versión ya se publicó con otro texto: usa una versión nueva."}
            )

    def permissions_for_user(self, user):
        """Only the institute's administrators may change the privacy notice (the tester
        moderation registers, candidates.page_permissions)."""
        from candidates.page_permissions import tester_for

        return tester_for(self, user)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        versions = list(PrivacyNoticeVersion.objects.filter(page=self).order_by("-published_at"))
        wanted = request.GET.get("version")
        shown = next((v for v in versions if v.label == wanted), None)
        context.update(versions=versions, shown_version=shown)
        return context

    def serve(self, request, *args, **kwargs):
        from home.caching import page_cache_headers

        return page_cache_headers(request, super().serve(request, *args, **kwargs))

    def freeze_version(self):
        """Record the live text as a version (on publish); an existing label is left as it was."""
        version, _ = PrivacyNoticeVersion.objects.get_or_create(
            label=self.version,
            defaults={
                "page": self,
                "simplified": self.simplified,
                "integral": self.integral,
                "published_at": timezone.now(),
            },
        )
        return version


class PrivacyNoticeVersion(models.Model):
    page = models.ForeignKey(
        PrivacyNoticePage,
        null=True,
        on_delete=models.SET_NULL,
        related_name="versions",
        verbose_name="página",
    )
    label = models.CharField("versión", max_length=40, unique=True)
    simplified = models.TextField("aviso simplificado")
    integral = models.TextField("aviso integral")
    published_at = models.DateTimeField("publicada")

    class Meta:
        verbose_name = "versión del aviso de privacidad"
        verbose_name_plural = "versiones del aviso de privacidad"
        ordering = ["-published_at"]

    def __str__(self):
        return f"Aviso de privacidad, versión {self.label}"

    @classmethod
    def current(cls):
        """The version in force: the most recently published one (None if none was published)."""
        return cls.objects.order_by("-published_at", "-pk").first()
