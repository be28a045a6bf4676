"""The listing's filter form, kept per values asked for until the next publication or catalog
edit (candidates.views.listing.filters_key): the same HTML as rendered, never another site's."""

import re

import pytest

pytestmark = pytest.mark.django_db

FORM = re.compile(
    r'<form method="get" action="[^"]*/candidaturas/" class="filters__form">.*?</form>', re.S
)


def form_of(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return FORM.search(response.content.decode()).group(0)


def test_the_kept_form_is_the_rendered_one(client, public_site, settings):
    url = f"/candidaturas/?cargo={public_site.mr.slug}&sexo=mujer"
    settings.CARD_CACHE_SECONDS = 0
    rendered = form_of(client, url)
    settings.CARD_CACHE_SECONDS = 3600
    assert form_of(client, url) == rendered  # kept now
    assert form_of(client, url) == rendered  # served from the cache
    assert f'value="{public_site.mr.slug}" selected' in rendered


def test_a_kept_form_renders_no_select(client, public_site, monkeypatch):
    from candidates import widgets

    rendered = []
    render = widgets.PublicSelect.render

    def counting(self, *args, **kwargs):
        rendered.append(self)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(widgets.PublicSelect, "render", counting)
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    form_of(client, url)
    assert len(rendered) >= 5  # the form's selects, once
    rendered.clear()
    form_of(client, url + "&pagina=2")  # another page of the same values: the same form
    assert rendered == []
    # Invalid values (any text a client sends) are never kept: rendered every time.
    for _ in range(2):
        rendered.clear()
        form_of(client, "/candidaturas/?cargo=no-existe")
        assert rendered


def test_each_set_of_values_has_its_own_form(client, public_site):
    plain = form_of(client, "/candidaturas/")
    chosen = form_of(client, f"/candidaturas/?cargo={public_site.mr.slug}")
    assert "selected" not in plain.replace('value="" selected', "")
    assert f'value="{public_site.mr.slug}" selected' in chosen
    invalid = form_of(client, "/candidaturas/?cargo=no-existe")
    assert "field--error" in invalid and "field--error" not in plain


def test_a_catalog_edit_shows_in_the_form_at_once(
    client, public_site, django_capture_on_commit_callbacks
):
    assert "Coalición Renombrada" not in form_of(client, "/candidaturas/")
    coalition = public_site.coalition
    coalition.name = "Coalición Renombrada"
    with django_capture_on_commit_callbacks(execute=True):
        coalition.save()
    assert "Coalición Renombrada" in form_of(client, "/candidaturas/")


def test_another_host_never_gets_this_hosts_form(client, public_site, settings, monkeypatch):
    from candidates.views import listing

    settings.ALLOWED_HOSTS = ["*"]
    keys = []
    original = listing.filters_key

    def recording(request, candidacy_filter, process):
        keys.append(original(request, candidacy_filter, process))
        return keys[-1]

    monkeypatch.setattr(listing, "filters_key", recording)
    client.get("/candidaturas/")
    client.get("/candidaturas/", HTTP_HOST="otro.example.org")
    assert len(keys) == 2 and keys[0] != keys[1]
