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


def publish_rival_in_district_1(public_site, capture_on_commit):
    """Publish a new PRI candidacy in district 1, its on-commit purges run."""
    with capture_on_commit(execute=True):
        public_site.candidacy(
            "PRI",
            title="Nuevo Rival Publicado",
            office=public_site.mr,
            district=public_site.d1,
        )


def test_a_second_visit_is_the_same_page_without_its_queries(client, public_site):
    url = public_site.propietaria.url
    first, rendered = visit(client, url)
    second, cached = visit(client, url)
    # Found by host and path before Wagtail's routing: no site, no page, no rivals, no badges.
    assert rendered > 3 and cached == 0
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
    publish_rival_in_district_1(public_site, django_capture_on_commit_callbacks)
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


def test_a_tracking_parameter_gets_the_kept_copy(client, public_site):
    url = public_site.propietaria.url
    visit(client, url)
    response, queries = visit(client, url + "?utm_source=facebook&fbclid=abc")
    assert queries == 0
    assert public_site.propietaria.title in response.content.decode()


def test_a_deleted_profile_is_never_served_from_the_cache(
    client, public_site, django_capture_on_commit_callbacks
):
    url = public_site.rival_d1.url
    visit(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        CandidacyPage.objects.get(pk=public_site.rival_d1.pk).delete()
    assert client.get(url).status_code == 404


def test_profiles_under_a_deleted_party_page_are_never_served_from_the_cache(
    client, public_site, django_capture_on_commit_callbacks
):
    url = public_site.rival_d1.url
    visit(client, url)
    actor = CandidacyPage.objects.get(pk=public_site.rival_d1.pk).get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        actor.delete()
    assert client.get(url).status_code == 404


def test_a_view_restriction_is_enforced_on_a_kept_profile(
    client, public_site, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    page = CandidacyPage.objects.get(pk=public_site.rival_d1.pk)
    visit(client, page.url)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secreta-123"
        )
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title not in response.content.decode()  # Wagtail's password form instead
    assert "password" in response.content.decode()


def test_each_host_keeps_its_own_copy(client, public_site, settings):
    settings.ALLOWED_HOSTS = ["*"]
    url = public_site.propietaria.url
    visit(client, url)
    with CaptureQueriesContext(connection) as queries:
        other = client.get(url, HTTP_HOST="otro.example.org")
    assert len(queries) > 0  # not the first host's copy: routed (and not found) on its own
    assert other.status_code in (200, 404)


def test_other_wagtail_pages_are_routed_as_before(client, public_site):
    """Paths of another depth never look up a kept copy: the process's page, a party's page."""
    process_url = public_site.process_page.url
    for url in (process_url, public_site.actors["PAN"].url):
        first, _ = visit(client, url)
        _, queries = visit(client, url)
        assert queries > 0


def test_a_profile_rendered_after_a_miss_looks_its_copy_up_once(client, public_site, monkeypatch):
    from candidates import profile_cache

    looked_up = []

    class Recording:
        def __getattr__(self, name):
            return getattr(cache, name)

        def get(self, key, *args, **kwargs):
            looked_up.append(key)
            return cache.get(key, *args, **kwargs)

    monkeypatch.setattr(profile_cache, "cache", Recording())
    url = public_site.propietaria.url
    visit(client, url)  # not kept yet: looked up by path, then rendered and kept
    assert len(looked_up) == 1
    visit(client, url)
    assert len(looked_up) == 2 and looked_up[0] == looked_up[1]


def test_a_publication_keeps_the_copies_of_the_profiles_it_does_not_change(
    client, public_site, django_capture_on_commit_callbacks
):
    """A publication renews the profiles that show it (its own, its contest's rivals, its
    fórmula partner); every other kept profile is still served without a query."""
    elsewhere = public_site.torreon_8.url  # district 8: not a rival of district 1
    rival = public_site.rival_d1.url  # district 1, lists the new candidacy
    for url in (elsewhere, rival):
        visit(client, url)
    publish_rival_in_district_1(public_site, django_capture_on_commit_callbacks)
    response, queries = visit(client, elsewhere)
    assert queries == 0
    response, queries = visit(client, rival)
    assert queries > 0 and "Nuevo Rival Publicado" in response.content.decode()


def test_a_withdrawn_substitute_renews_the_profile_that_links_to_it(
    client, public_site, django_capture_on_commit_callbacks
):
    owner, substitute = public_site.propietaria, public_site.suplente
    assert substitute.url in visit(client, owner.url)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        CandidacyPage.objects.get(pk=substitute.pk).unpublish()
    response, queries = visit(client, owner.url)
    assert queries > 0 and substitute.url not in response.content.decode()


def test_a_batch_of_many_candidacies_renews_every_kept_profile(
    client, public_site, django_capture_on_commit_callbacks, monkeypatch
):
    """An import or a blocked process changes thousands of candidacies: every copy is forgotten
    at once rather than path by path."""
    from publishing import pipeline

    monkeypatch.setattr(pipeline, "PROFILES_FORGOTTEN_ONE_BY_ONE", 0)
    elsewhere = public_site.torreon_8.url
    visit(client, elsewhere)
    with django_capture_on_commit_callbacks(execute=True):
        public_site.candidacy(
            "PRI", title="Nuevo Rival Publicado", office=public_site.mr, district=public_site.d1
        )
    assert visit(client, elsewhere)[1] > 0


def test_a_catalog_edit_renews_every_kept_profile(
    client, public_site, django_capture_on_commit_callbacks
):
    url = public_site.torreon_8.url
    visit(client, url)
    party = CandidacyPage.objects.get(pk=public_site.torreon_8.pk).party
    with django_capture_on_commit_callbacks(execute=True):
        party.name = "Partido Renombrado"
        party.save()
    response, queries = visit(client, url)
    assert queries > 0 and "Partido Renombrado" in response.content.decode()


def test_a_new_slug_leaves_no_copy_at_the_old_path(
    client, public_site, django_capture_on_commit_callbacks
):
    old_url = public_site.torreon_8.url
    visit(client, old_url)
    page = CandidacyPage.objects.get(pk=public_site.torreon_8.pk)
    page.slug = "beatriz-salinas-ortega-2"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    moved = client.get(old_url)  # Wagtail's redirect to the new path, not the kept copy
    assert moved.status_code == 301 and moved["Location"] == page.url
    assert visit(client, page.url)[0].status_code == 200
