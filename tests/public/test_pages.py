"""Home, search, party and coalition pages, FAQ; cache headers and no cookies on public pages."""

import pytest

pytestmark = pytest.mark.django_db


def public_urls(site):
    return [
        "/",
        "/candidaturas/",
        "/candidaturas/?sexo=M&escolaridad=licenciatura",
        site.propietaria.url,
        site.propietaria.url + "?ficha=1",
        f"/comparar/?c={site.jose.pk}&c={site.maria.pk}",
        "/buscar/?q=jose+perez",
        "/buscar/autocompletar/?q=jos",
        "/mi-boleta/?municipio=05002",
        "/partidos/",
        "/partidos/pan/",
        f"/coaliciones/{site.coalition.slug}/",
        "/preguntas-frecuentes/",
    ]


def test_public_pages_are_cacheable_by_a_cdn_and_set_no_cookie(client, public_site):
    for url in public_urls(public_site):
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "s-maxage" in cache_control, url
        assert not response.cookies, url
        assert b"csrfmiddlewaretoken" not in response.content, url


def test_a_logged_in_editor_gets_a_private_copy(client, public_site, django_user_model):
    user = django_user_model.objects.create_user("editora", password="x-very-long-pass-123")
    client.force_login(user)
    response = client.get(public_site.propietaria.url)
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_home_has_search_quick_access_figures_and_disclaimer(client, public_site):
    response = client.get("/")
    html = response.content.decode()
    assert 'role="search"' in html and 'action="/buscar/"' in html
    assert "/candidaturas/?cargo=gubernatura" in html
    assert "/candidaturas/?distrito=8" in html
    assert '<option value="05035">Torreón</option>' in html
    figures = response.context["figures"]
    from candidates.queries import public_candidacies

    assert figures["total"] == public_candidacies().count()
    assert "responsables de su contenido" in html


def test_home_figures_are_cached_until_a_publication(
    client, public_site, django_assert_num_queries
):
    from home.figures import headline_figures

    first = headline_figures()
    with django_assert_num_queries(0):
        assert headline_figures() == first
    public_site.rival_d1.specific.unpublish()
    assert headline_figures()["total"] == first["total"] - 1  # recomputed after unpublishing


def test_search_is_accent_insensitive_and_ignores_drafts(client, public_site):
    response = client.get("/buscar/?q=jose+perez")
    titles = [c.title for c in response.context["candidacies"]]
    # Every public text is searched, and the factories write random Spanish prose that can
    # name a «José Pérez» in another person's history: only the names are checked here.
    assert [title for title in titles if "Pérez" in title] == ["José Pérez Íñiguez"]
    assert client.get("/buscar/?q=Borrador+Secreto").context["total"] == 0
    assert client.get("/buscar/?q=").context["total"] == 0


def test_search_does_not_write_to_the_database(client, public_site, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/buscar/?q=lopez")
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE"}]
    assert writes == []


def test_autocomplete_returns_names(client, public_site):
    data = client.get("/buscar/autocompletar/?q=mari").json()
    assert [r["name"] for r in data["results"]] == ["María Fernanda López Ramos"]
    assert data["results"][0]["url"] == public_site.maria.url
    assert client.get("/buscar/autocompletar/?q=b").json()["results"] == []
    drafts = client.get("/buscar/autocompletar/?q=Borrador").json()["results"]
    assert drafts == []


def test_party_and_coalition_pages(client, public_site):
    pan = client.get("/partidos/pan/")
    assert {c.title for c in pan.context["candidacies"]} == {
        "Ana Sofía Valdés Ramos",
        "Lucía Garza Treviño",
    }
    coalition = client.get(f"/coaliciones/{public_site.coalition.slug}/")
    assert "José Pérez Íñiguez" in coalition.content.decode()
    assert {p.acronym for p in coalition.context["members"]} == {"PAN", "PRI"}
    assert client.get("/partidos/no-existe/").status_code == 404
    assert client.get("/coaliciones/no-existe/").status_code == 404
    index = client.get("/partidos/").content.decode()
    assert "/partidos/morena/" in index and f"/coaliciones/{public_site.coalition.slug}/" in index


def test_capturing_actor_page_lists_its_public_candidacies(client, public_site):
    html = client.get(public_site.actors["PAN"].url).content.decode()
    assert "Ana Sofía Valdés Ramos" in html
    assert "Borrador Secreto" not in html


def test_faq(client, public_site):
    html = client.get("/preguntas-frecuentes/").content.decode()
    assert "Preguntas frecuentes" in html and "<details" in html


def test_unknown_page_is_a_spanish_404(client, public_site):
    response = client.get("/no-existe-esta-pagina/")
    assert response.status_code == 404
