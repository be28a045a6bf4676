"""publishing.pipeline: one batch per transaction or bulk change, after commit, fanned out to
statistics, home figures and open data; and no lower app imports publishing."""

import ast
from pathlib import Path

from django.core.cache import cache
from django.db import transaction

import pytest

from candidates.events import bulk_change
from candidates.factories import CandidacyPageFactory
from home.figures import FIGURES_CACHE_KEY, headline_figures
from home.models import HomePage
from identity.events import announce_visibility_change
from publishing import tasks
from stats.cache import cached_figures

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def rebuilds(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "request_open_data_rebuild", lambda: calls.append(1))
    return calls


@pytest.mark.django_db
def test_identity_changes_in_one_transaction_make_one_batch(
    rebuilds, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for pk in (3, 1, 2, 1):
            announce_visibility_change([pk])
        assert rebuilds == []  # nothing before the commit
    assert rebuilds == [1]


@pytest.mark.django_db
def test_a_rolled_back_change_cannot_block_later_ones(rebuilds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                announce_visibility_change([7])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert rebuilds == []
    with django_capture_on_commit_callbacks(execute=True):
        announce_visibility_change([8])
    assert rebuilds == [1]


@pytest.mark.django_db
def test_empty_announcements_do_nothing(rebuilds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        announce_visibility_change([])
    assert callbacks == [] and rebuilds == []


@pytest.mark.django_db
def test_a_bulk_change_waits_for_its_end_and_makes_one_batch(
    rebuilds, tree, offices, django_capture_on_commit_callbacks
):
    _, actors = tree
    pages = [
        CandidacyPageFactory(parent=actors["PAN"], office=offices["gubernatura"], complete=True)
        for _ in range(3)
    ]
    burst = bulk_change()
    burst.__enter__()
    for page in pages:  # each in its own transaction, as an import announces its pages
        with django_capture_on_commit_callbacks(execute=True):
            page.get_latest_revision().publish()
    with bulk_change():  # nested: part of the outer one
        announce_visibility_change([pages[0].pk])
    assert rebuilds == []
    with django_capture_on_commit_callbacks(execute=True):
        burst.__exit__(None, None, None)  # as the import's block ends, after its commit
    assert rebuilds == [1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_published_in_bulk_make_one_batch_after_their_commit(
    rebuilds, monkeypatch, tree, offices, district
):
    """candidates.bulk announces each page after the commit, in autocommit, where every
    on_commit callback runs at once: without a bulk change around them, each page was a batch
    of its own (a registry load of 20,000 pages ran 20,000 purges and contest scans)."""
    from candidates.bulk import add_live_children
    from candidates.models import CandidacyPage
    from publishing import purge

    scans = []
    showing = purge.profiles_showing
    monkeypatch.setattr(purge, "profiles_showing", lambda pages: scans.append(1) or showing(pages))
    _, actors = tree
    pages = [
        CandidacyPage(
            title=f"Persona {n}",
            slug=f"persona-{n}",
            office=offices["diputacion-mr"],
            district=district,
            party=actors["PAN"].party,
            registered_age=40,
        )
        for n in range(3)
    ]
    add_live_children([(actors["PAN"], pages)])
    assert rebuilds == [1] and scans == [1]


@pytest.mark.django_db
def test_a_publication_forgets_statistics_and_home_figures_after_commit(
    tree, offices, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_AUTO_REGENERATE = False
    _, actors = tree
    page = CandidacyPageFactory(parent=actors["PRI"], office=offices["gubernatura"], complete=True)
    assert headline_figures()["total"] == 0
    assert cached_figures("prueba", lambda: "antes") == "antes"

    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()

    assert cache.get(FIGURES_CACHE_KEY) is None
    assert cached_figures("prueba", lambda: "después") == "después"
    assert headline_figures()["total"] == 1


@pytest.mark.django_db
def test_an_identity_change_forgets_statistics(django_capture_on_commit_callbacks):
    assert cached_figures("identidad", lambda: "antes") == "antes"
    with django_capture_on_commit_callbacks(execute=True):
        announce_visibility_change([1])
    assert cached_figures("identidad", lambda: "después") == "después"


@pytest.mark.django_db
def test_other_pages_do_not_rebuild_open_data(rebuilds, django_capture_on_commit_callbacks):
    home = HomePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert rebuilds == []


@pytest.mark.django_db
def test_a_broken_queue_never_breaks_the_publication(
    tree, offices, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken():
        raise RuntimeError("queue down")

    monkeypatch.setattr(tasks, "request_open_data_rebuild", broken)
    _, actors = tree
    page = CandidacyPageFactory(parent=actors["PRI"], office=offices["gubernatura"], complete=True)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live
    assert "No se pudo encolar la regeneración" in caplog.text


def _imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_app_below_publishing_imports_it():
    """Apps emit events; only the pipeline knows who listens (imports inside functions too)."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        top = path.relative_to(ROOT).parts[0]
        if top in {"publishing", "site_conoceles", "tests", "bench", ".venv", "node_modules"}:
            continue
        for module in _imported_modules(path):
            if module == "publishing" or module.startswith("publishing."):
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []
