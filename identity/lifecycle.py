"""Whether a process's identity data is blocked, as one place and as query conditions.

Data is blocked from the process's `block_at` date (even before `close_process` runs, so that
nothing stays public by oversight) or once `close_process` recorded the block.
"""

from django.db.models import Q
from django.utils import timezone


def process_is_blocked(process):
    if process.block_at and process.block_at <= timezone.localdate():
        return True
    state = getattr(process, "privacy_state", None) if _has_state(process) else None
    return bool(state and (state.blocked_at or state.cancelled_at))


def _has_state(process):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        process.privacy_state  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


def is_blocked(candidacy):
    return process_is_blocked(candidacy.office.process)


def not_blocked_q(prefix="candidacy__", today=None):
    """Condition on a queryset whose rows reach a CandidacyPage through `prefix`."""
    process = f"{prefix}office__process__"
    return (
        (
            Q(**{f"{process}block_at__isnull": True})
            | Q(**{f"{process}block_at__gt": today or timezone.localdate()})
        )
        & Q(**{f"{process}privacy_state__blocked_at__isnull": True})
        & Q(**{f"{process}privacy_state__cancelled_at__isnull": True})
    )


def publishable_q(prefix="candidacy__", today=None):
    """Rows whose person consented to publication, in a process not blocked."""
    return Q(**{f"{prefix}consent__publication": True}) & not_blocked_q(prefix, today)


def statistical_q(prefix="candidacy__"):
    """Rows whose person consented to statistical use, in a process not blocked.

    Blocked data is no longer processed: a blocked process's figures come from the snapshot that
    `close_process` stores (identity.statistics.snapshot_counts).
    """
    return Q(**{f"{prefix}consent__statistics": True}) & not_blocked_q(prefix)
