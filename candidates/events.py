"""Domain events of the candidacy tree that Wagtail's own signals do not carry.

Wagtail sends `page_published`/`page_unpublished` per page. A bulk write (an INE import, a
registry load) publishes hundreds of pages and announces each one after its commit; listeners
that refresh public copies want to react once, at the end. `bulk_change()` brackets such a run:
`bulk_change_started` on entry, `bulk_change_finished` on exit of the outermost block, whether
it succeeded or not. Emitters never learn who listens (publishing/ does).
"""

import threading
from contextlib import contextmanager

from django.dispatch import Signal

bulk_change_started = Signal()
bulk_change_finished = Signal()

_state = threading.local()


@contextmanager
def bulk_change():
    """Announce a run of page changes; nested blocks are part of the outermost one."""
    depth = getattr(_state, "depth", 0)
    _state.depth = depth + 1
    if depth == 0:
        bulk_change_started.send(sender=None)
    try:
        yield
    finally:
        _state.depth = depth
        if depth == 0:
            bulk_change_finished.send(sender=None)
