"""The page tree above candidacies: Home › process › one page per capturing actor."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..page_permissions import tester_for


class ProcessPage(Page):
    """The root of one process's candidacies; the moderation workflow is assigned here."""

    process = models.OneToOneField(
        "elections.ElectoralProcess",
        on_delete=models.PROTECT,
        related_name="page",
        verbose_name="proceso electoral",
    )
    intro = RichTextField("introducción", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("process"), FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["candidates.CapturingActorPage"]

    class Meta:
        verbose_name = "proceso electoral (página)"
        verbose_name_plural = "procesos electorales (páginas)"

    def permissions_for_user(self, user):
        """Administrators' alone: moderators' grants on this page are for the candidacies below
        (the tester moderation registers, candidates.page_permissions)."""
        return tester_for(self, user)


class CapturingActorPage(Page):
    """One page per party or independent candidacy that captures data.

    Its subtree is the unit of permission: a party's group may add and edit pages under its own
    actor page only. Coalition candidacies live under the member party that captures them.
    """

    party = models.OneToOneField(
        "elections.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actor_page",
        verbose_name="partido",
    )
    independent = models.OneToOneField(
        "elections.IndependentCandidacy",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actor_page",
        verbose_name="candidatura independiente",
    )

    content_panels = Page.content_panels + [FieldPanel("party"), FieldPanel("independent")]

    parent_page_types = ["candidates.ProcessPage"]
    subpage_types = ["candidates.CandidacyPage"]

    class Meta:
        verbose_name = "partido o candidatura independiente (página)"
        verbose_name_plural = "partidos y candidaturas independientes (páginas)"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(party__isnull=False, independent__isnull=True)
                    | models.Q(party__isnull=True, independent__isnull=False)
                ),
                name="actor_is_party_xor_independent",
            )
        ]

    def clean(self):
        super().clean()
        if bool(self.party_id) == bool(self.independent_id):
            raise ValidationError(
                "Elige un partido o una candidatura independiente (exactamente uno)."
            )

    @property
    def actor(self):
        return self.party or self.independent

    def permissions_for_user(self, user):
        """Administrators' alone, except adding candidacies below it (moderation.permissions,
        registered in candidates.page_permissions)."""
        return tester_for(self, user)
