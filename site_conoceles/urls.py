from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.urls import api_router
from candidates.media import serve_public_media
from candidates.process_scope import NAMESPACE, scoped_routes
from candidates.profile_cache import PROFILE_PATH
from candidates.views.pages import serve_page
from elections import views as elections_views
from home import views as home_views
from search import views as search_views
from security import views as security_views
from site_conoceles.health import health

# The public pages a process can scope; each also answers under `/<proceso>/` (below).
public_pages = [
    path("buscar/", search_views.search, name="search"),
    path("estadisticas/", include("stats.urls")),
    path("datos-abiertos/", include("opendata.urls")),
    path("", include("candidates.urls")),
]

urlpatterns = [
    path("salud/", health, name="health"),
    path(".well-known/security.txt", security_views.security_txt, name="security_txt"),
    path("marca.css", elections_views.brand_css, name="brand_css"),
    path("admin/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    path("buscar/autocompletar/", search_views.autocomplete, name="search_autocomplete"),
    path("api/v2/", api_router.urls),
    path("preguntas-frecuentes/", home_views.faq, name="faq_page"),  # an editable page (home)
    *public_pages,
    # A process's pages under its slug: /<proceso>/candidaturas/… (candidates.process_scope).
    path("<slug:proceso>/", include((scoped_routes(public_pages), NAMESPACE))),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Originals and documents never answer here, as in production's web server (deployment.md).
    urlpatterns += static(
        settings.MEDIA_URL, view=serve_public_media, document_root=settings.MEDIA_ROOT
    )

# Wagtail's pages; at a profile's depth, its kept copy first (candidates.profile_cache).
urlpatterns += [re_path(PROFILE_PATH, serve_page), path("", include(wagtail_urls))]
