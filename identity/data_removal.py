"""Collect and remove a person's identity data (ARCO requests, process cancellation).

The one module that knows every place identity data lives, as YNR's data_removal_helpers:
questionnaire answers, consent record and its history, notice acceptances, the staff access log,
and the signed consent form in private storage. Page revisions, the search index and public
media never hold any of it by construction (they only see CandidacyPage fields);
`find_copies` checks that, and the tests call it after each removal.
"""

import json
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page, Revision

from .events import announce_visibility_change
from .models import (
    ConsentEvent,
    ConsentRecord,
    IdentityAccessLog,
    IdentityQuestionnaire,
    NoticeAcceptance,
    PrivacyLifecycleLog,
)
from .questions import FIELDS

MODELS = (
    ("questionnaires", IdentityQuestionnaire),
    ("consent_records", ConsentRecord),
    ("consent_events", ConsentEvent),
    ("notice_acceptances", NoticeAcceptance),
    ("access_log", IdentityAccessLog),
)


@dataclass
class RemovalReport:
    counts: dict = field(default_factory=dict)
    files: list = field(default_factory=list)
    dry_run: bool = False

    def lines(self):
        verb = "Se borrarían" if self.dry_run else "Se borraron"
        labels = {
            "questionnaires": "cuestionarios de identidad",
            "consent_records": "registros de consentimiento",
            "consent_events": "eventos de consentimiento",
            "notice_acceptances": "aceptaciones del aviso",
            "access_log": "registros de acceso",
        }
        yield from (f"{verb} {n} {labels[key]}." for key, n in self.counts.items())
        yield f"{verb} {len(self.files)} formatos de consentimiento (archivos)."


def collect_identity_data(candidacy_ids):
    """What exists for these people: {kind: count} and the stored file names (no values)."""
    candidacy_ids = list(candidacy_ids)
    counts = {
        key: model.objects.filter(candidacy_id__in=candidacy_ids).count() for key, model in MODELS
    }
    files = list(
        ConsentRecord.objects.filter(candidacy_id__in=candidacy_ids)
        .exclude(form_file="")
        .values_list("form_file", flat=True)
    )
    return counts, files


def remove_identity_data(
    candidacy_ids,
    performed_by="",
    reference="",
    action=PrivacyLifecycleLog.Action.ARCO,
    process=None,
    dry_run=False,
):
    """Delete every identity record and file of these people; log counts only. Returns a report."""
    candidacy_ids = list(candidacy_ids)
    counts, files = collect_identity_data(candidacy_ids)
    report = RemovalReport(counts=counts, files=files, dry_run=dry_run)
    if dry_run:
        return report
    storage = ConsentRecord._meta.get_field("form_file").storage
    with transaction.atomic():
        for _, model in MODELS:
            model.objects.filter(candidacy_id__in=candidacy_ids).delete()
        PrivacyLifecycleLog.objects.create(
            process=process,
            action=action,
            performed_by=performed_by,
            reference=reference[:200],
            counts={**counts, "files": len(files), "candidacies": len(candidacy_ids)},
        )
        announce_visibility_change(candidacy_ids)
    for name in files:
        storage.delete(name)
    return report


def find_copies(candidacy_ids, values):
    """Places outside the identity models where any of `values` still appears for these people.

    Looks in the candidacies' page revisions, the search index and Wagtail's log entries. An
    empty list is the expected answer.
    """
    from candidates.models import CandidacyPage

    values = [v for v in values if v and len(v) > 3]
    found = []
    content_types = [
        ContentType.objects.get_for_model(CandidacyPage),
        ContentType.objects.get_for_model(Page),
    ]
    object_ids = [str(pk) for pk in candidacy_ids]
    revisions = Revision.objects.filter(
        base_content_type__in=content_types, object_id__in=object_ids
    )
    for revision in revisions:
        text = json.dumps(revision.content, ensure_ascii=False)
        found += [f"revisión {revision.pk}: {v}" for v in values if v in text]
        found += [f"revisión {revision.pk}: campo {f}" for f in FIELDS if f'"{f}"' in text]
    try:
        from wagtail.search.models import IndexEntry
    except ImportError:  # pragma: no cover - search backend without index entries
        IndexEntry = None
    if IndexEntry is not None:
        entries = IndexEntry.objects.filter(
            content_type__in=content_types, object_id__in=object_ids
        )
        for entry in entries:
            text = " ".join(
                str(getattr(entry, name, "") or "") for name in ("title", "body", "autocomplete")
            )
            found += [f"índice de búsqueda: {v}" for v in values if v in text]
    from wagtail.models import PageLogEntry

    for entry in PageLogEntry.objects.filter(page_id__in=candidacy_ids):
        text = json.dumps(entry.data, ensure_ascii=False)
        found += [f"historial {entry.pk}: {v}" for v in values if v in text]
    return found
