"""Regenerate the open-data files when a candidacy is published or unpublished.

Regeneration runs after the transaction commits, at most once per transaction burst: an import of
thousands of rows, or a moderator publishing a batch, triggers a single rebuild at the end.

Two signals let others coalesce alike (the front-end cache purge, home/purge.py):
`publication_burst_ended` is sent when the outermost `open_data_regeneration_deferred()` block
exits, and `open_data_published(manifest)` once new public copies are in place.
"""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal, receiver

from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)
_state = threading.local()

publication_burst_ended = Signal()
open_data_published = Signal()


def _deferred_depth():
    return getattr(_state, "depth", 0)


def publication_deferred():
    """True inside `open_data_regeneration_deferred()`: publications are being collected."""
    return _deferred_depth() > 0


@contextmanager
def open_data_regeneration_deferred():
    """Collect publish/unpublish events and regenerate once on exit (if any happened)."""
    _state.depth = _deferred_depth() + 1
    try:
        yield
    finally:
        _state.depth -= 1
        if _state.depth == 0:
            publication_burst_ended.send_robust(sender=None)
            if getattr(_state, "pending", False):
                _state.pending = False
                schedule_regeneration()


def schedule_regeneration():
    """Run `_regenerate` after commit; many publications in one transaction rebuild once.

    Every call registers a callback (a rolled-back transaction drops its own callbacks, so no
    flag can get stuck); the first callback to run after a commit clears `dirty`, the others
    find nothing to do.
    """
    if _deferred_depth():
        _state.pending = True
        return
    _state.dirty = True
    transaction.on_commit(_run_if_dirty)


def _run_if_dirty():
    if not getattr(_state, "dirty", False):
        return
    _state.dirty = False
    _regenerate()


def _regenerate():
    from stats.cache import invalidate_statistics

    invalidate_statistics()
    if not getattr(settings, "OPEN_DATA_AUTO_REGENERATE", True):
        return
    if getattr(settings, "OPEN_DATA_BACKGROUND", False):
        _start_worker()
    else:
        _rebuild()


def _rebuild():
    from .publication import publish_open_data

    try:
        publish_open_data()
    except Exception:  # a failed rebuild must not break the moderator's publish
        logger.exception("No se pudieron regenerar los datos abiertos")


_worker_lock = threading.Lock()
_worker = {"thread": None, "pending": False}


def _start_worker():
    """Rebuild off the request, coalescing: publications arriving during a rebuild cause one
    more rebuild at the end, never one per publication."""
    with _worker_lock:
        _worker["pending"] = True
        thread = _worker["thread"]
        if thread is not None and thread.is_alive():
            return
        thread = threading.Thread(target=_work, name="opendata-rebuild", daemon=True)
        _worker["thread"] = thread
    thread.start()


def _work():
    from django.db import connection

    try:
        while True:
            with _worker_lock:
                if not _worker["pending"]:
                    _worker["thread"] = None
                    return
                _worker["pending"] = False
            _rebuild()
    finally:
        connection.close()


def wait_for_regeneration(timeout=60):
    thread = _worker["thread"]
    if thread is not None:
        thread.join(timeout)


@receiver(page_published)
@receiver(page_unpublished)
def candidacy_visibility_changed(sender, instance, **kwargs):
    from candidates.models import CandidacyPage

    if isinstance(instance, CandidacyPage) or sender is CandidacyPage:
        schedule_regeneration()
