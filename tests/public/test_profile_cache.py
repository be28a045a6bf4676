"""A rendered profile kept in the shared cache (candidates.profile_cache): served again without
its queries, with the request's own CSP nonce, renewed by any publication, never shared with an
editor or a preview."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from candidates.models import CandidacyPage
from tests.opendata.factories_helpers import answer_identity

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')


def visit(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_visit_is_the_same_page_without_its_queries(client, public_site):
    url = public_site.propietaria.url
    first, rendered = visit(client, url)
    second, cached = visit(client, url)
    assert cached < rendered - 3  # routing only: no profile, rivals, partner, badges
    body_1, body_2 = first.content.decode(), second.content.decode()
    nonce_1, nonce_2 = NONCE.search(body_1).group(1), NONCE.search(body_2).group(1)
    assert nonce_1 != nonce_2  # each answer its own nonce, the one its header allows
    assert f"'nonce-{nonce_2}'" in second["Content-Security-Policy"]
    assert body_1.replace(nonce_1, "N") == body_2.replace(nonce_2, "N")
    assert "public" in second["Cache-Control"]
    # The printable ficha is its own entry, not the profile's HTML.
    ficha, _ = visit(client, url + "?ficha=1")
    again, _ = visit(client, url + "?ficha=1")
    assert ficha.content == again.content
    assert NONCE.sub("", ficha.content.decode()) != NONCE.sub("", body_1)


def test_a_publication_renews_the_cached_profile(
    client, public_site, django_capture_on_commit_callbacks
):
    url = public_site.propietaria.url
    visit(client, url)
    assert "Nuevo Rival Publicado" not in visit(client, url)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        public_site.candidacy(
            "PRI",
            title="Nuevo Rival Publicado",
            office=public_site.mr,
            district=public_site.d1,
        )
    assert "Nuevo Rival Publicado" in visit(client, url)[0].content.decode()


def test_a_withdrawn_profile_is_never_served_from_the_cache(
    client, public_site, django_capture_on_commit_callbacks
):
    url = public_site.rival_d1.url
    visit(client, url)
    page = CandidacyPage.objects.get(pk=public_site.rival_d1.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(url).status_code == 404


def test_an_editor_neither_gets_nor_leaves_a_cached_copy(client, public_site):
    url = public_site.propietaria.url
    editor = get_user_model().objects.create_user(username="editora", password="x" * 20)
    client.force_login(editor)
    for _ in range(2):
        response, _ = visit(client, url)
        assert "private" in response["Cache-Control"]
    client.logout()
    _, anonymous = visit(client, url)
    _, cached = visit(client, url)
    assert cached < anonymous  # the editor's visits stored nothing the public got first


def test_a_block_date_saved_in_the_admin_renews_the_cached_profile(
    client, public_site, django_capture_on_commit_callbacks
):
    page = public_site.rival_d1
    answer_identity(page, publication=True)
    cache.clear()  # as the answer's publication would (this test's transaction never commits)
    badges = visit(client, page.url)[0].content.decode().count("badge--")
    assert badges == visit(client, page.url)[0].content.decode().count("badge--") > 0
    process = public_site.process
    process.block_at = datetime.date.today() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        process.save()
    assert visit(client, page.url)[0].content.decode().count("badge--") < badges
