"""`identity_visibility_changed(sender, candidacy_ids)`: what the public may see of these
candidacies' identity answers has changed (consent given or withdrawn, answers edited, blocking,
cancellation, process closure, ARCO removal).

Sent at once, inside the caller's transaction; whoever refreshes public copies (publishing/)
waits for the commit and batches. This module imports nothing of the project, so any part of
`identity` can announce without pulling in those listeners.
"""

from django.dispatch import Signal

identity_visibility_changed = Signal()


def announce_visibility_change(candidacy_ids):
    candidacy_ids = sorted(set(candidacy_ids))
    if candidacy_ids:
        identity_visibility_changed.send(sender=None, candidacy_ids=candidacy_ids)
