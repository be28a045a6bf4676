"""The request's Wagtail site comes from the shared cache (site_conoceles.sites): no query per
request, and any change of a site is seen by the very next request of every process."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

import pytest

from home.models import HomePage

pytestmark = pytest.mark.django_db


def site_queries(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if "wagtailcore_site" in q["sql"]]


def test_the_site_is_looked_up_once_per_host_not_once_per_request(client):
    _response, first = site_queries(client)
    assert len(first) == 1
    for _ in range(3):
        response, again = site_queries(client)
        assert response.status_code == 200
        assert again == []


def test_a_new_site_for_a_host_answers_the_next_request(client):
    client.get("/", HTTP_HOST="otro.example.org")  # the default site, cached for that host
    home = HomePage.objects.get()
    other_root = home.add_sibling(instance=Page(title="Otro instituto", slug="otro"))
    Site.objects.create(hostname="otro.example.org", port=80, root_page=other_root)
    response = client.get("/", HTTP_HOST="otro.example.org")
    # The new site's root, a plain Page that Wagtail does not serve with the home template.
    assert "home/home_page.html" not in [t.name for t in response.templates]
    assert client.get("/").status_code == 200  # the default site's host is unaffected


def test_a_site_deleted_is_forgotten(client):
    home = HomePage.objects.get()
    other_root = home.add_sibling(instance=Page(title="Otro instituto", slug="otro"))
    site = Site.objects.create(hostname="otro.example.org", port=80, root_page=other_root)
    client.get("/", HTTP_HOST="otro.example.org")
    site.delete()
    response = client.get("/", HTTP_HOST="otro.example.org")
    assert "home/home_page.html" in [t.name for t in response.templates]


def test_a_host_that_is_not_allowed_is_refused_and_not_kept(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", HTTP_HOST="atacante.example.org")
    assert response.status_code == 400
    _response, queries = site_queries(client)
    assert len(queries) == 1  # nothing was kept for the allowed host by the refused request
