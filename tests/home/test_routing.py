"""The home page routes to a process's pages in one query (home.models.HomePage.route), and
every other address below it as Wagtail did."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.models import HomePage, InformationPage

pytestmark = pytest.mark.django_db


def test_a_process_page_is_routed_in_one_query(rf, tree):
    process_page, _actors = tree
    home = HomePage.objects.get()
    request = rf.get(process_page.url)
    with CaptureQueriesContext(connection) as queries:
        found, _args, _kwargs = home.route(request, [process_page.slug])
    assert found.specific_class is type(found)
    assert found.pk == process_page.pk
    assert len(queries) == 1


def test_other_children_and_unknown_slugs_are_routed_as_before(client, tree):
    process_page, _actors = tree
    faq = InformationPage.objects.get(slug="preguntas-frecuentes")
    home = HomePage.objects.get()
    assert faq.get_parent().pk == home.pk
    response = client.get(faq.url)
    assert response.status_code == 200
    assert client.get("/no-existe-esta-pagina/").status_code == 404
    assert client.get(f"/{process_page.slug}/").status_code == 200
