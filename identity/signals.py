"""Signals: freeze each published privacy notice; announce identity visibility changes.

`identity_visibility_changed(sender, candidacy_ids)` is sent after any change that alters what
the public may see (consent given or withdrawn, answers edited, blocking, cancellation, ARCO
removal), once the transaction commits. Open-data regeneration and CDN purges listen to it.

One signal per transaction, whatever the number of changes in it: each listener rebuilds or
purges for all of them at once. (Sent once per change, a transaction that answered 140
questionnaires regenerated the open-data files 140 times after its commit.)
"""

import threading

from django.db import transaction
from django.dispatch import Signal, receiver

from wagtail.signals import page_published

identity_visibility_changed = Signal()


_pending = threading.local()


def announce_visibility_change(candidacy_ids):
    """Send `identity_visibility_changed` after commit, with every id announced until then.

    Each call registers a callback (a rolled-back transaction drops its own, so nothing can get
    stuck); the first callback to run sends the ids collected so far, the others find none. Ids
    of a rolled-back transaction ride along with the next commit: a harmless extra refresh.
    """
    candidacy_ids = set(candidacy_ids)
    if not candidacy_ids:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids |= candidacy_ids
    transaction.on_commit(_send_pending)


def _send_pending():
    candidacy_ids = sorted(getattr(_pending, "ids", ()))
    _pending.ids = set()
    if candidacy_ids:
        identity_visibility_changed.send(sender=None, candidacy_ids=candidacy_ids)


@receiver(page_published)
def freeze_privacy_notice(sender, instance, **kwargs):
    from .models import PrivacyNoticePage

    if isinstance(instance, PrivacyNoticePage):
        instance.freeze_version()


@receiver(identity_visibility_changed)
def refresh_public_copies(sender, candidacy_ids, **kwargs):
    """Cached statistics and the open-data files may hold what just changed: rebuild them."""
    try:
        from stats.cache import invalidate_statistics
    except ImportError:  # statistics not installed
        invalidate_statistics = None
    if invalidate_statistics:
        invalidate_statistics()
    try:
        from opendata.signals import schedule_regeneration
    except ImportError:  # open data not installed
        return
    schedule_regeneration()


@receiver(identity_visibility_changed)
def purge_public_pages(sender, candidacy_ids, **kwargs):
    """Profiles, listings and statistics may show what changed: purge them from the front-end
    cache (home/purge.py batches and sends after commit; nothing when no cache is configured)."""
    from home.purge import purge_candidacies

    purge_candidacies(candidacy_ids)
