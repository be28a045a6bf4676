"""A picture of the whole database: proof that a refused or rolled-back import changed nothing."""

from django.apps import apps
from django.db import connection

from wagtail.models import Page, PageLogEntry, Revision


def database_snapshot():
    """Row counts of every table, plus what identifies each page's state and each revision."""
    counts = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        counts[meta.label] = model._base_manager.count()
    pages = list(
        Page.objects.order_by("pk").values_list(
            "pk",
            "title",
            "draft_title",
            "live",
            "has_unpublished_changes",
            "latest_revision_id",
            "live_revision_id",
            "numchild",
        )
    )
    from candidates.models import CandidacyPage
    from identity.models import ConsentRecord, IdentityQuestionnaire

    candidacies = [
        {k: v for k, v in row.items() if k not in ("latest_revision_created_at",)}
        for row in CandidacyPage.objects.order_by("pk").values()
    ]
    identity = list(IdentityQuestionnaire.objects.order_by("pk").values())
    consents = list(ConsentRecord.objects.order_by("pk").values())
    return {
        "counts": counts,
        "pages": pages,
        "candidacies": candidacies,
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "object_id")),
        "log": list(PageLogEntry.objects.order_by("pk").values_list("pk", "action", "page_id")),
        "identity": identity,
        "consents": consents,
    }


def assert_unchanged(before):
    after = database_snapshot()
    changed = [k for k in before["counts"] if before["counts"][k] != after["counts"].get(k)]
    assert not changed, {k: (before["counts"][k], after["counts"].get(k)) for k in changed}
    for key in ("pages", "candidacies", "revisions", "log", "identity", "consents"):
        assert before[key] == after[key], key
