"""The review checklist: what a candidacy lacks or looks wrong in, and which of it blocks.

The same list is shown to the party on the edit form before "Enviar a revisión", on the bulk
submit confirmation, and to the moderator on the review screen and the bulk approval; the
process's SubmissionPolicy decides which items refuse the submission (the rest warn).
"""

from dataclasses import dataclass

from django.urls import reverse

from candidates.completeness import missing_keys

from .models import (
    CHECK_CHOICES,
    CHECK_PLACEHOLDERS,
    CHECK_PRIVACY_NOTICE,
    CHECK_UNKNOWN_NETWORKS,
    SubmissionPolicy,
)
from .quality import placeholder_fields, unknown_network_links
from .rules import process_for

CHECK_LABELS = dict(CHECK_CHOICES)


@dataclass
class CheckItem:
    key: str
    label: str
    detail: str = ""
    blocking: bool = False
    url: str = ""  # where the item is resolved, when that is not the edit form itself


def has_accepted_notice(page):
    if not page.pk:
        return False
    from identity.services import current_acceptance

    return current_acceptance(page) is not None


def checklist(page, blocking=None):
    """Items of `page` (a draft as the party left it), blocking ones first.

    `blocking` is the set of blocking keys; read from the page's process when not given (pass it
    when checking many pages of one process).
    """
    if blocking is None:
        blocking = SubmissionPolicy.blocking_for(process_for(page))
    items = []
    if not has_accepted_notice(page):
        items.append(
            CheckItem(
                CHECK_PRIVACY_NOTICE,
                CHECK_LABELS[CHECK_PRIVACY_NOTICE],
                "Registre en «Identidad y consentimientos» que la persona aceptó el aviso vigente.",
                url=reverse("identity_candidacy", args=[page.pk]) + "#aviso" if page.pk else "",
            )
        )
    for key in missing_keys(page):
        items.append(CheckItem(key, CHECK_LABELS[key], "Falta o no cumple los límites."))
    placeholders = placeholder_fields(page)
    if placeholders:
        items.append(
            CheckItem(CHECK_PLACEHOLDERS, CHECK_LABELS[CHECK_PLACEHOLDERS], ", ".join(placeholders))
        )
    links = unknown_network_links(page)
    if links:
        items.append(
            CheckItem(
                CHECK_UNKNOWN_NETWORKS,
                CHECK_LABELS[CHECK_UNKNOWN_NETWORKS],
                "; ".join(f"{label}: {url}" for label, url in links),
            )
        )
    for item in items:
        item.blocking = item.key in blocking
    return sorted(items, key=lambda item: not item.blocking)


def blocking_items(page, blocking=None):
    return [item for item in checklist(page, blocking) if item.blocking]


def refusal_message(items):
    """The Spanish message of a refused submission."""
    return (
        f"No se puede enviar a revisión: falta {_names(items)}. Lo que escribió se conserva; "
        "complételo y vuelva a enviar."
    )


def approval_refusal_message(items):
    """The Spanish message of a refused approval: the same items, named the same way, with what
    the moderator can do instead (the party completes them after "Solicitar cambios")."""
    return (
        f"No se puede aprobar: falta {_names(items)}. La candidatura sigue en revisión y no se "
        "perdió nada; solicite cambios para que el partido lo complete."
    )


def _names(items):
    return ", ".join(f"«{item.label}»" for item in items)


class ApprovalBlocked(Exception):
    """An approval refused by the process's policy; `moderation.middleware` shows the message."""

    def __init__(self, items):
        self.items = items
        super().__init__(approval_refusal_message(items))


def approval_blockers(page):
    """Blocking items of what an approval would publish: the page's latest revision.

    The bulk approval, the review screen and a forged POST to the workflow action all end in the
    review task's `on_action`, which asks this; so no path approves past the policy.
    """
    from candidates.models import CandidacyPage

    if not isinstance(page, CandidacyPage):
        return []
    revision = page.get_latest_revision()
    return blocking_items(revision.as_object() if revision is not None else page)
