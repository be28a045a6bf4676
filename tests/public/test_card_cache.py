"""Candidacy cards kept in the shared cache (candidates.card_cache): the same HTML as rendered,
kept until a publication, a withdrawal, a consent change or a catalog edit, never across hosts."""

import datetime

from django.core.cache import cache

import pytest

from candidates import card_cache
from candidates.models import CandidacyPage
from identity.events import announce_visibility_change
from tests.opendata.factories_helpers import answer_identity

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """How many cards were rendered, not taken from the cache."""
    counted = []
    render = card_cache._render

    def counting(template, context, candidacy):
        counted.append(candidacy.pk)
        return render(template, context, candidacy)

    monkeypatch.setattr(card_cache, "_render", counting)
    return counted


def cards(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<ul class="cards"') : html.index("</ul>", html.rindex('class="card"'))]


def card_of(html, title):
    return next(card for card in html.split('<li class="card"') if title in card)


def test_kept_cards_are_the_rendered_ones(client, public_site, renders):
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    rendered = cards(client, url)
    assert public_site.propietaria.title in rendered
    assert len(renders) == rendered.count('<li class="card"') > 3
    assert cards(client, url) == rendered
    assert len(renders) == rendered.count('<li class="card"')  # none rendered again
    # Another page that shows some of them (a filter) renders only those it had not kept.
    cards(client, f"{url}&distrito={public_site.d1.number}")
    assert len(renders) == rendered.count('<li class="card"')


def test_a_card_is_kept_until_the_next_publication(
    client, public_site, django_capture_on_commit_callbacks
):
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    assert "Nombre Corregido" not in cards(client, url)
    # A change no publication announced (a raw update) is not shown...
    CandidacyPage.objects.filter(pk=public_site.rival_d1.pk).update(title="Nombre Corregido")
    assert "Nombre Corregido" not in cards(client, url)
    # ...until the next publication, of any candidacy, renews every card.
    with django_capture_on_commit_callbacks(execute=True):
        public_site.candidacy("PRI", title="Otra Publicación", office=public_site.mr)
    assert "Nombre Corregido" in cards(client, url)


def test_a_consent_withdrawal_removes_the_badge_at_once(
    client, public_site, django_capture_on_commit_callbacks
):
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    page = public_site.rival_d1
    answer_identity(page, publication=True)
    cache.clear()  # as the answer's publication would (this test's transaction never commits)
    badges = card_of(cards(client, url), page.title).count("badge--")
    assert badges
    with django_capture_on_commit_callbacks(execute=True):
        answer_identity(page, publication=False)
        announce_visibility_change([page.pk])
    assert card_of(cards(client, url), page.title).count("badge--") < badges


def test_a_block_date_saved_in_the_admin_removes_self_identification_badges(
    client, public_site, django_capture_on_commit_callbacks
):
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    page = public_site.rival_d1
    answer_identity(page, publication=True)
    cache.clear()
    before = cards(client, url).count("badge--")
    process = public_site.process
    process.block_at = datetime.date.today() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        process.save()
    assert cards(client, url).count("badge--") < before


def test_a_catalog_edit_shows_on_the_cards_at_once(
    client, public_site, django_capture_on_commit_callbacks
):
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    cards(client, url)
    coalition = public_site.coalition
    coalition.name = "Coalición Renombrada"
    with django_capture_on_commit_callbacks(execute=True):
        coalition.save()
    assert "Coalición Renombrada" in cards(client, url)


def test_each_host_keeps_its_own_cards(client, public_site, settings, renders):
    settings.ALLOWED_HOSTS = ["*"]
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    shown = cards(client, url).count('<li class="card"')
    cards(client, url, HTTP_HOST="otro.example.org")
    assert len(renders) == 2 * shown


def test_a_moved_page_is_linked_at_its_new_url(
    client, public_site, django_capture_on_commit_callbacks
):
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    page = CandidacyPage.objects.get(pk=public_site.rival_d1.pk)
    old_url = page.url
    assert f'href="{old_url}"' in cards(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        page.move(public_site.actors["PRI"], pos="last-child")
    new_url = CandidacyPage.objects.get(pk=page.pk).url
    assert new_url != old_url
    shown = cards(client, url)
    assert f'href="{new_url}"' in shown and f'href="{old_url}"' not in shown


def tables_read(client, url):
    """The SQL a request ran, as one lower-case text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return " ".join(query["sql"].lower() for query in queries.captured_queries)


@pytest.mark.parametrize(
    "url", ["/candidaturas/", "/candidaturas/?cargo={mr}", "/buscar/?q=ramos", "/partidos/{pan}/"]
)
def test_a_page_of_kept_cards_reads_no_card_rows(client, public_site, url):
    url = url.format(mr=public_site.mr.slug, pan=public_site.parties["PAN"].slug)
    first = tables_read(client, url)
    assert "wagtailimages_rendition" in first or "photo_id" in first
    kept = tables_read(client, url)
    # Neither the rows' photos, their renditions nor their badges' answers: only keys.
    for table in ("photo_id", "wagtailimages_rendition", "identity_"):
        assert table not in kept, table


def test_only_the_cards_not_kept_are_read(client, public_site, monkeypatch):
    url = f"/candidaturas/?cargo={public_site.mr.slug}"
    kept = cards(client, f"{url}&distrito={public_site.d1.number}").count('<li class="card"')
    read = []
    badges = card_cache.public_badges_for

    def reading(rows):
        read.extend(rows)
        return badges(rows)

    monkeypatch.setattr(card_cache, "public_badges_for", reading)
    shown = cards(client, url).count('<li class="card"')
    assert 0 < len(read) == shown - kept


def test_a_ballot_reads_its_missing_rows_once_for_every_contest(client, public_site, monkeypatch):
    url = "/mi-boleta/?municipio=05002"
    read = []
    badges = card_cache.public_badges_for

    def reading(rows):
        read.append(len(rows))
        return badges(rows)

    monkeypatch.setattr(card_cache, "public_badges_for", reading)
    html = client.get(url).content.decode()
    contests = html.count('<section class="contest"')
    assert contests > 1
    # Every contest's cards from one read of rows (and badges), not one per contest.
    assert read == [html.count('<li class="card"')]
    # The substitutes named on the cards came with that read.
    assert "Suplente: <a" in html and public_site.suplente.title in html
    read.clear()
    assert tables_read(client, url).count("photo_id") == 0
    assert read == []
    assert client.get(url).content.decode() == html
