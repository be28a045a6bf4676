"""The page tree above candidacies: Home › process › one page per capturing actor."""

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from site_conoceles.precompiled import PrecompiledQuery

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

    def get_context(self, request, *args, **kwargs):
        """Its links lead to its own process's listing, ballot and figures (/<proceso>/…)."""
        from ..process_scope import prefix_for

        context = super().get_context(request, *args, **kwargs)
        context["process_prefix"] = prefix_for(self.process)
        return context

    def permissions_for_user(self, user):
        """Administrators' alone: moderators' grants on this page are for the candidacies below
        (the tester moderation registers, candidates.page_permissions)."""
        return tester_for(self, user)

    def route(self, request, path_components):
        """A profile's URL (actor slug, candidacy slug) in one query, the specific page at once.

        Wagtail walks the tree one level at a time: the actor page, its specific row, the
        candidacy, its specific row (four queries on every uncached profile). The candidacy's
        `url_path` names both slugs, so one query on its slug and that path finds it. Anything
        else, and a slug pair that is not a candidacy, is routed by Wagtail as before (its 404
        included); a candidacy found is routed by its own `route` (live or 404).
        """
        if len(path_components) == 2:
            candidacy = candidacy_at(self, path_components)
            if candidacy is not None:
                return candidacy.route(request, [])
        return super().route(request, path_components)


def candidacy_at(ancestor, path_components):
    """The candidacy page at `path_components` below `ancestor`, in one query, or None.

    A candidacy's `url_path` names every slug down from the site root, so its slug and that path
    find it without reading the pages in between (a process page, a capturing actor's). Every
    uncached profile is routed by this query: its SQL is compiled once per process
    (site_conoceles.precompiled): about 800 Python calls instead of the ORM's 6,400."""
    found = _CANDIDACY_AT.instances(
        slug=path_components[-1],
        depth=ancestor.depth + len(path_components),
        url_path=f"{ancestor.url_path}{'/'.join(path_components)}/",
    )
    return found[0] if found else None


def _candidacy_with(**values):
    from .candidacy import CandidacyPage

    return CandidacyPage.objects.filter(**values).order_by("pk")[:1]


_CANDIDACY_AT = PrecompiledQuery("candidates.CandidacyPage", _candidacy_with)


# First path segments of a process's own public pages below `/<proceso>/`
# (candidates.process_scope.scoped_routes): no capture page may take one as its slug, or its
# profiles would be shadowed.
RESERVED_ACTOR_SLUGS = frozenset(
    {
        "candidaturas",
        "mi-boleta",
        "partidos",
        "coaliciones",
        "independientes",
        "buscar",
        "estadisticas",
        "datos-abiertos",
    }
)


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
        if self.slug in RESERVED_ACTOR_SLUGS:
            raise ValidationError(
                {"slug": f"«{self.slug}» es una dirección de las páginas del proceso; elija otra."}
            )

    def get_context(self, request, *args, **kwargs):
        """Its link to the party's page is its own process's (/<proceso>/partidos/…)."""
        from elections.models import ElectoralProcess

        from ..process_scope import prefix_for

        context = super().get_context(request, *args, **kwargs)
        process = ElectoralProcess.objects.filter(pk=self.actor.process_id).first()
        context["process_prefix"] = prefix_for(process)
        return context

    @property
    def actor(self):
        return self.party or self.independent

    def permissions_for_user(self, user):
        """Administrators' alone, except adding candidacies below it (moderation.permissions,
        registered in candidates.page_permissions)."""
        return tester_for(self, user)
