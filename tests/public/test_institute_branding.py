"""Another institute installs Conóceles: its name and colours show, Coahuila's never do (#13, A)."""

import re
from pathlib import Path

from django.conf import settings

from wagtail.models import Site

import pytest

from elections.models import InstituteSettings

from .test_pages import public_urls

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# A particular institute, by name or acronym; the product name "Conóceles" is not one.
INSTITUTE_WORDS = re.compile(r"Coahuila|\bIEC\b|Instituto Electoral de ", re.IGNORECASE)
OTHER = {
    "name": "Instituto Estatal Electoral de Prueba",
    "short_name": "IEEP",
    "brand_color": "#7a1f3d",
    "brand_dark_color": "#4a0f22",
    "address": "Avenida Uno 100, Centro",
    "phone": "555 000 0000",
    "email": "contacto@ieep.example.org",
    "website": "https://ieep.example.org/",
    "legal_notice": "Información pública conforme a la ley electoral del estado.",
}


@pytest.fixture
def other_institute():
    institute = InstituteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in OTHER.items():
        setattr(institute, name, value)
    institute.full_clean()
    institute.save()
    return institute


def every_public_page(site):
    return [
        *public_urls(site),
        site.process_page.url,
        "/estadisticas/",
        "/datos-abiertos/",
        "/.well-known/security.txt",
        "/admin/login/",
    ]


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.*")), ids=str)
def test_no_template_names_a_particular_institute(path):
    assert not INSTITUTE_WORDS.search(path.read_text(encoding="utf-8"))


def test_every_public_page_shows_the_configured_institute_and_never_coahuila(
    client, public_site, other_institute
):
    for url in every_public_page(public_site):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        found = INSTITUTE_WORDS.search(text)
        assert not found, f"{url}: «{found and found.group(0)}»"
    home = client.get("/").content.decode()
    assert OTHER["name"] in home
    assert "contacto@ieep.example.org" in home and OTHER["legal_notice"] in home
    assert OTHER["name"] in client.get("/preguntas-frecuentes/").content.decode()
    assert OTHER["name"] in client.get("/.well-known/security.txt").content.decode()
    assert "Conóceles · IEEP" in client.get("/admin/login/").content.decode()


def test_the_colours_come_from_a_versioned_stylesheet_not_inline_style(
    client, public_site, other_institute
):
    home = client.get("/").content.decode()
    assert 'href="/marca.css?v=7a1f3d4a0f22"' in home
    assert "style=" not in home.split("<body", 1)[1]
    css = client.get("/marca.css?v=7a1f3d4a0f22")
    assert css["Content-Type"].startswith("text/css")
    assert "public" in css["Cache-Control"]
    body = css.content.decode()
    assert "--brand: #7a1f3d;" in body and "--brand-dark: #4a0f22;" in body


def test_a_colour_that_is_not_hex_is_refused(other_institute):
    from django.core.exceptions import ValidationError

    other_institute.brand_color = "red;}body{display:none"
    with pytest.raises(ValidationError):
        other_institute.full_clean()


def test_without_a_setting_the_site_names_no_institute(client, public_site):
    home = client.get("/").content.decode()
    assert "site-brand__org" not in home
    assert not INSTITUTE_WORDS.search(home)


def test_an_administrator_sets_the_institute_in_the_admin(client, django_user_model):
    site = Site.objects.get(is_default_site=True)
    admin = django_user_model.objects.create_superuser("admin-marca", "a@example.org", "x" * 20)
    client.force_login(admin)
    url = f"/admin/settings/elections/institutesettings/{site.pk}/"
    assert client.get(url).status_code == 200
    assert not InstituteSettings.objects.exists()  # opening the form writes nothing
    data = OTHER | {"logo": ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = InstituteSettings.objects.get(site=site)
    assert (saved.name, saved.brand_color) == (OTHER["name"], "#7a1f3d")


def sql_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in queries.captured_queries)


def test_the_institute_settings_are_kept_until_saved(client, public_site, other_institute):
    sql_of(client, "/candidaturas/")
    html, sql = sql_of(client, "/candidaturas/?sexo=mujer")
    assert OTHER["name"] in html
    assert "elections_institutesettings" not in sql  # kept: no page reads them again
    institute = InstituteSettings.for_site(Site.objects.get(is_default_site=True))
    institute.name = "Instituto Renombrado de Prueba"
    institute.save()
    html, sql = sql_of(client, "/candidaturas/?sexo=hombre")
    assert "Instituto Renombrado de Prueba" in html and OTHER["name"] not in html
    institute.delete()
    html, _ = sql_of(client, "/candidaturas/?sexo=mujer&pagina=1")
    assert "Instituto Renombrado de Prueba" not in html
