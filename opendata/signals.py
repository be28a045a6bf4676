"""Regenerate the open-data files when a candidacy is published or unpublished.

Regeneration runs after the transaction commits, at most once per transaction burst: an import of
thousands of rows, or a moderator publishing a batch, triggers a single rebuild at the end.
"""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

logger = logging.getLogger(__name__)
_state = threading.local()


def _deferred_depth():
    return getattr(_state, "depth", 0)


@contextmanager
def open_data_regeneration_deferred():
    """Collect publish/unpublish events and regenerate once on exit (if any happened)."""
    _state.depth = _deferred_depth() + 1
    try:
        yield
    finally:
        _state.depth -= 1
        if _state.depth == 0 and getattr(_state, "pending", False):
            _state.pending = False
            schedule_regeneration()


def schedule_regeneration():
    if _deferred_depth():
        _state.pending = True
        return
    if getattr(_state, "scheduled", False):
        return
    _state.scheduled = True
    transaction.on_commit(_regenerate)


def _regenerate():
    _state.scheduled = False
    from stats.cache import invalidate_statistics

    from .publication import publish_open_data

    invalidate_statistics()
    if not getattr(settings, "OPEN_DATA_AUTO_REGENERATE", True):
        return
    try:
        publish_open_data()
    except Exception:  # a failed rebuild must not break the moderator's publish
        logger.exception("No se pudieron regenerar los datos abiertos")


@receiver(page_published)
@receiver(page_unpublished)
def candidacy_visibility_changed(sender, instance, **kwargs):
    from candidates.models import CandidacyPage

    if isinstance(instance, CandidacyPage) or sender is CandidacyPage:
        schedule_regeneration()
