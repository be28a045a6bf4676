"""The site's home page."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import InformationStreamBlock


class HomePage(Page):
    intro = RichTextField(
        "presentación",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Qué es Conóceles y para qué sirve, en dos o tres líneas.",
    )
    disclaimer = RichTextField(
        "aviso de responsabilidad",
        blank=True,
        features=["bold", "italic", "link"],
        default=(
            "<p>La información de este sitio es proporcionada por las candidaturas, "
            "que son responsables de su contenido.</p>"
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("disclaimer")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    # Its `route` finds a profile's three segments by candidacy_at alone (below): the profile
    # view routes those paths without reading this page (candidates.views.pages).
    finds_profiles_by_path = True

    class Meta:
        verbose_name = "página de inicio"

    def route(self, request, path_components):
        """A process's pages (the first segment of most public URLs) in one query, the specific
        page at once, where Wagtail reads the child and then its specific row; any other child
        (an information page) and a 404 are Wagtail's as before.

        A profile's URL (process, actor and candidacy slugs) is found in one query, without
        reading its process page first (candidates.models.tree.candidacy_at, which the process
        page's own `route` calls too). A path that is not a candidacy's is routed as before."""
        if len(path_components) == 3:
            from candidates.models.tree import candidacy_at

            candidacy = candidacy_at(self, path_components)
            if candidacy is not None:
                return candidacy.route(request, [])
        if path_components:
            from candidates.models import ProcessPage

            process_page = ProcessPage.objects.child_of(self).filter(slug=path_components[0])
            found = process_page.first()
            if found is not None:
                return found.route(request, path_components[1:])
        return super().route(request, path_components)

    def permissions_for_user(self, user):
        """The site root is the administrators' alone (moderation.permissions, registered in
        candidates.page_permissions)."""
        from candidates.page_permissions import tester_for

        return tester_for(self, user)

    def get_context(self, request, *args, **kwargs):
        from candidates.filters import public_catalog

        from .figures import headline_figures

        context = super().get_context(request, *args, **kwargs)
        catalog = public_catalog()
        context.update(
            {
                "process": catalog["process"],
                "offices": catalog["offices"],
                "districts": catalog["districts"],
                "municipalities": [m for m, _ in catalog["municipalities"]],
                "parties": catalog["parties"],
                "coalitions": catalog["coalitions"],
                "figures": headline_figures(),
            }
        )
        return context

    def serve(self, request, *args, **kwargs):
        from .caching import page_cache_headers

        return page_cache_headers(request, super().serve(request, *args, **kwargs))


class InformationPage(Page):
    """A page of the microsite the institute writes itself: preguntas frecuentes, acerca de…

    They used to be templates, so every change of wording needed a deploy; now the
    administrators edit them (only they: the structure of the site is theirs).
    """

    intro = RichTextField("introducción", blank=True, features=["bold", "italic", "link"])
    body = StreamField(InformationStreamBlock(), verbose_name="contenido", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "página informativa"
        verbose_name_plural = "páginas informativas"

    def permissions_for_user(self, user):
        from candidates.page_permissions import tester_for

        return tester_for(self, user)

    def serve(self, request, *args, **kwargs):
        from .caching import page_cache_headers

        return page_cache_headers(request, super().serve(request, *args, **kwargs))
