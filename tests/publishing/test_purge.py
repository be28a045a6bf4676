"""Front-end cache purge (publishing/purge.py): which URLs, how many batches, no broken publish.

A recording backend stands in for the CDN. Pytest-django keeps each test in a transaction, so
`django_capture_on_commit_callbacks(execute=True)` plays the part of the commit.
"""

from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.frontend_cache import utils as frontend_cache_utils

from candidates.events import bulk_change
from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from elections.models import ElectoralProcess
from home.models import HomePage
from identity.events import announce_visibility_change
from publishing import pipeline, purge

from .purge_support import BASE, OPEN_DATA, SHARED, RecordingBackend, expected_for, profile, scoped


def test_publishing_purges_the_profile_what_shows_it_and_the_shared_urls(
    purged, contest, django_capture_on_commit_callbacks
):
    page = contest["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
        assert purged == []  # nothing before the commit

    assert purged == [expected_for(contest, page)]


def test_unpublishing_purges_the_same_urls(purged, contest, django_capture_on_commit_callbacks):
    page = contest["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    purged.clear()

    page = CandidacyPage.objects.get(pk=page.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()

    assert purged == [expected_for(contest, page)]


def test_publications_in_one_transaction_make_one_batch(
    purged, tree, offices, django_capture_on_commit_callbacks
):
    _, actors = tree
    pages = [
        CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"], complete=True)
        for _ in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for page in pages:
            page.get_latest_revision().publish()

    assert len(purged) == 1
    for page in pages:
        assert profile(page) <= purged[0]
    assert purged[0] >= SHARED


def test_an_import_announced_after_its_commit_makes_one_batch(
    purged, tree, offices, django_capture_on_commit_callbacks
):
    """As opendata/importer.py does: bulk pages inside candidates.events.bulk_change()."""
    from candidates.bulk import add_live_children, group_by_parent

    _, actors = tree
    new = [
        (
            actors["PRI"],
            CandidacyPage(
                title=f"Importada {n}", slug=f"importada-{n}", office=offices["gubernatura"]
            ),
        )
        for n in range(8)
    ]
    burst = bulk_change()
    burst.__enter__()
    with django_capture_on_commit_callbacks(execute=True) as announced:
        pages = add_live_children(group_by_parent(new))
    assert announced  # page_published for each page ran here, after the import's commit ...
    assert purged == []  # ... and waited for the end of the burst
    with django_capture_on_commit_callbacks(execute=True):
        burst.__exit__(None, None, None)

    assert len(purged) == 1
    for page in pages:
        assert profile(page) <= purged[0]
    assert purged[0] >= SHARED


def test_batch_queries_do_not_grow_with_the_publications(
    purged, tree, offices, django_capture_on_commit_callbacks
):
    _, actors = tree

    def flush_queries(count):
        pages = [
            CandidacyPageFactory(
                parent=actors["PRI"], office=offices["diputacion-mr"], complete=True
            )
            for _ in range(count)
        ]
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            for page in pages:
                page.get_latest_revision().publish()
        flushes = [c for c in callbacks if c is pipeline.flush]
        assert flushes
        with CaptureQueriesContext(connection) as queries:
            for flush in flushes:
                flush()
        return len(queries)

    flush_queries(1)  # warm the catalog and site caches, as a running site has them
    few, many = flush_queries(2), flush_queries(7)
    assert few == many
    assert len(purged) == 3


def test_identity_consent_withdrawal_purges_that_profile(
    purged, contest, django_user_model, django_capture_on_commit_callbacks
):
    from identity.services import accept_notice, record_consents

    page = contest["draft"]
    page.get_latest_revision().publish()
    page = CandidacyPage.objects.get(pk=page.pk)
    user = django_user_model.objects.create(username="capturista")
    accept_notice(page, user)
    with django_capture_on_commit_callbacks(execute=True):
        record_consents(page, user, processing=True, publication=True, statistics=True)
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        record_consents(page, user, processing=True, publication=False, statistics=True)

    assert purged == [expected_for(contest, page)]


def test_other_pages_purge_only_themselves(purged, db, django_capture_on_commit_callbacks):
    home = HomePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()

    assert purged == [{f"{BASE}/"}]


def test_regenerated_open_data_purges_its_page_and_files(
    purged, contest, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_AUTO_REGENERATE = True  # rebuilt by the task, at once in tests
    page = contest["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()

    slugs = ElectoralProcess.objects.values_list("slug", flat=True)
    assert slugs
    names = [url.rpartition("/")[2] for url in OPEN_DATA if "/archivos/" in url]
    per_process = {
        f"{BASE}/datos-abiertos/archivos/procesos/{slug}/{name}" for slug in slugs for name in names
    } | {f"{BASE}/{slug}/datos-abiertos/" for slug in slugs}
    assert len(purged) == 2
    assert {frozenset(batch) for batch in purged} == {
        frozenset(expected_for(contest, page)),
        frozenset(OPEN_DATA | per_process),
    }


def test_nothing_is_collected_or_purged_without_configuration(
    settings, contest, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    calls = []
    monkeypatch.setattr(frontend_cache_utils, "purge_urls_from_cache", calls.append)
    page = contest["draft"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.get_latest_revision().publish()
        CandidacyPage.objects.get(pk=page.pk).unpublish()
        announce_visibility_change([page.pk])

    assert pipeline.flush in callbacks  # statistics and open data still follow the change
    assert calls == []


def test_statistics_csvs_cover_every_chart(contest):
    from stats.figures import compute_figures

    figures = compute_figures({})
    charts = figures["charts"] + figures["identity_charts"]
    slugs = {chart["slug"] for chart in charts} | {"avance"}
    assert slugs == set(purge.STATISTICS_CSV_SLUGS)


def test_a_crowded_contest_purges_only_the_profiles_that_list_the_candidacy(
    purged, tree, offices, django_capture_on_commit_callbacks
):
    """Each profile lists its first CONTEST_LIMIT rivals: the others did not change."""
    from candidates.views.profile import CONTEST_LIMIT

    _, actors = tree
    governor = offices["gubernatura"]

    def live(title):
        return CandidacyPageFactory(
            parent=actors["PRI"], office=governor, complete=True, publish=True, title=title
        )

    rivals = [live(f"Rival {n:02d}") for n in range(CONTEST_LIMIT + 3)]
    last = CandidacyPageFactory(parent=actors["PRI"], office=governor, complete=True, title="Zeta")
    first = CandidacyPageFactory(parent=actors["PRI"], office=governor, complete=True, title="Abel")
    pipeline.reset()

    with django_capture_on_commit_callbacks(execute=True):
        last.get_latest_revision().publish()
    shown = {url for url in purged[0] if "/rival-" in url}
    assert shown == set()  # "Zeta" sorts after the first twelve rivals of every profile

    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first.get_latest_revision().publish()
    for rival in rivals:  # "Abel" sorts first: every profile of the contest lists it now
        assert profile(rival) <= purged[0]
    assert profile(CandidacyPage.objects.get(pk=last.pk)) <= purged[0]

    # What changed and the shared pages go first; the rivals' profiles, however many, last.
    sent = RecordingBackend.sequences[-1]
    rival_urls = set().union(*(profile(rival) for rival in rivals))
    first_rival = min(sent.index(url) for url in rival_urls)
    first_page = CandidacyPage.objects.get(pk=first.pk)
    for url in profile(first_page) | {f"{BASE}/", f"{BASE}/candidaturas/"}:
        assert sent.index(url) < first_rival, url

    purged.clear()
    first = first_page
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    for rival in rivals:  # ... and every one of them listed it until now
        assert profile(rival) <= purged[0]


def test_a_publication_in_an_archive_purges_that_process_pages(
    purged, db, django_capture_on_commit_callbacks
):
    """Its listing, figures and party page under its own path; not the current process's
    party page of the same slug, nor the other process's own pages."""
    from tests.elections.several_processes import COAHUILA, SECOND, load_two_processes

    two = load_two_processes()
    page = CandidacyPageFactory(
        parent=two.coahuila_actors["MORENA"],
        office=two.coahuila.offices.get(slug="gubernatura"),
        complete=True,
    )
    pipeline.reset()
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()

    (batch,) = purged
    assert scoped(two.coahuila) <= batch
    assert f"{BASE}/{COAHUILA}/partidos/morena/" in batch
    assert f"{BASE}/partidos/morena/" not in batch
    assert not any(url.startswith(f"{BASE}/{SECOND}/") for url in batch)
