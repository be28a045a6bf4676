"""Create or republish many pages in a handful of queries.

`parent.add_child()` + `save_revision()` + `publish()` costs ~45 queries and ~60 ms of CPU per page
(tree lookups, full_clean, url_path, revision, log entry). That is right for an editor saving one
candidacy and wrong for an institute loading a whole registry or INE's file: 20,000 candidacies
would take half an hour. Here one batch of pages costs a fixed number of queries per parent plus
one INSERT per 500 rows per table, and every page ends exactly as publish() leaves it: live, one
revision that is both latest and live, a "wagtail.publish" log entry, `post_save` sent as a save
would, and `page_published` sent after commit so that caches, open data and renditions react as
they do to a moderator. Drafts (`add_draft_children`) end as a first save_revision() leaves a new
page: not live, one latest revision, a "wagtail.create" entry.
"""

import uuid
from collections import defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.db.models.signals import post_save
from django.utils import timezone

from modelcluster.models import get_all_child_relations
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.signals import page_published

from .events import bulk_change

BATCH_SIZE = 500


def _child_path(parent, step):
    # treebeard's own path arithmetic (materialised path, `steplen` characters per level).
    return Page._get_path(parent.path, parent.depth + 1, step)


def _last_step(parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) if last else 0


def _unique_slugs(parent, pages):
    taken = set(
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).values_list(
            "slug", flat=True
        )
    )
    for page in pages:
        wanted, suffix = page.slug, 2
        while page.slug in taken:
            page.slug, suffix = f"{wanted}-{suffix}", suffix + 1
        taken.add(page.slug)


def _insert_own_table(model, pages):
    """INSERT the specific model's own row of each page (its `page_ptr` already set).

    Django's bulk_create refuses multi-table models, so this is the same INSERT that
    `save_base(raw=True)` (fixture loading) issues, batched.
    """
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    for start in range(0, len(pages), BATCH_SIZE):
        model._base_manager._insert(pages[start : start + BATCH_SIZE], fields=fields, raw=True)


def add_live_children(pages_by_parent, user=None):
    """Insert unsaved pages of one specific model as live children of their parents.

    `pages_by_parent` is [(parent page, [unsaved pages])]; each page needs title and slug (made
    unique among its siblings here) and its own fields, but no child objects (inline rows); tree
    fields, publication fields and the revision are filled in. Returns the pages, saved, in the
    order given.
    """
    return _add_children(pages_by_parent, user, live=True)


def add_draft_children(pages_by_parent, user=None):
    """As `add_live_children`, but the pages are drafts waiting for their party to complete them."""
    return _add_children(pages_by_parent, user, live=False)


@transaction.atomic
def _add_children(pages_by_parent, user, live):
    pairs = [(parent, pages) for parent, pages in pages_by_parent if pages]
    if not pairs:
        return []
    model = type(pairs[0][1][0])
    child_relations = [r.get_accessor_name() for r in get_all_child_relations(model)]
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    ordered = []
    for parent, pages in pairs:
        # Lock the parent: two imports under one parent must not compute the same paths.
        parent = Page.objects.select_for_update().get(pk=parent.pk)
        _unique_slugs(parent, pages)
        step = _last_step(parent)
        for page in pages:
            for accessor in child_relations:
                # Unsaved, so no query. Known empty, the revision's serialisation skips a query.
                if list(getattr(page, accessor).all()):
                    raise ValueError(f"Bulk-created pages cannot carry child objects ({accessor}).")
                setattr(page, accessor, [])
            step += 1
            page.path = _child_path(parent, step)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.content_type = content_type
            page.draft_title = page.title
            page.live = live
            page.has_unpublished_changes = not live
            page.first_published_at = (page.first_published_at or now) if live else None
            page.last_published_at = now if live else None
            page.latest_revision_created_at = now
            page.owner = user
            ordered.append(page)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    _prepare_derived_fields(model, ordered)

    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    bases = [Page(**{name: getattr(page, name) for name in base_fields}) for page in ordered]
    Page.objects.bulk_create(bases, batch_size=BATCH_SIZE)
    ptr = model._meta.get_ancestor_link(Page).attname
    for page, base in zip(ordered, bases, strict=True):
        page.pk = page.id = base.pk
        setattr(page, ptr, base.pk)
        page._state.adding = False
        page._state.db = base._state.db
    _insert_own_table(model, ordered)
    _announce_saved(model, ordered, created=True)

    _record_revisions(model, ordered, bases, user, now, live)
    return ordered


@transaction.atomic
def publish_changed(pages, user=None):
    """Publish in-place edits of many pages of one model: a revision each, as publish() would.

    `pages` are specific instances loaded from the database with new values set on them (no
    move, no slug change). Returns them, saved and live.
    """
    pages = list(pages)
    if not pages:
        return []
    model = type(pages[0])
    now = timezone.now()
    # The revision copies inline rows (comments): one query for all instead of one per page.
    prefetch_related_objects(
        pages, *[r.get_accessor_name() for r in get_all_child_relations(model)]
    )
    _prepare_derived_fields(model, pages)
    for page in pages:
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
        page.latest_revision_created_at = now
    own_fields = [
        f.name for f in model._meta.local_concrete_fields if not f.primary_key and not f.generated
    ]
    model.objects.bulk_update(pages, own_fields, batch_size=BATCH_SIZE)
    bases = [Page(pk=page.pk, title=page.title) for page in pages]
    for base, page in zip(bases, pages, strict=True):
        for name in PUBLICATION_FIELDS:
            setattr(base, name, getattr(page, name))
    Page.objects.bulk_update(bases, ["title", *PUBLICATION_FIELDS], batch_size=BATCH_SIZE)
    _announce_saved(model, pages, created=False)
    _record_revisions(model, pages, bases, user, now, live=True)
    return pages


def save_draft_revisions(model, drafts, user=None):
    """A new latest revision for each page from the content given, as save_revision() leaves a
    page: "wagtail.edit" in the history, unpublished changes, the live version untouched.

    `drafts` are (page, content) pairs: `content` is the revision's whole content (a previous
    revision's, edited), and `page.title` what the page row keeps (the live title of a live
    page). Returns the revisions.
    """
    if not drafts:
        return []
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
            user=user,
            created_at=now,
            content=content,
            object_str=content["title"],
        )
        for page, content in drafts
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    bases = []
    for (page, content), revision in zip(drafts, revisions, strict=True):
        base = Page(pk=page.pk, title=page.title)
        base.draft_title = content["title"]
        base.latest_revision = revision
        base.latest_revision_created_at = now
        base.has_unpublished_changes = True
        bases.append(base)
    Page.objects.bulk_update(
        bases,
        [
            "title",
            "draft_title",
            "latest_revision",
            "latest_revision_created_at",
            "has_unpublished_changes",
        ],
        batch_size=BATCH_SIZE,
    )
    batch = uuid.uuid4()
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                page_id=page.pk,
                label=content["title"],
                action="wagtail.edit",
                data={},
                timestamp=now,
                uuid=batch,
                user=user,
                revision=revision,
                content_changed=True,
            )
            for (page, content), revision in zip(drafts, revisions, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    return revisions


def _announce_saved(model, pages, created):
    """post_save as Model.save() sends it, so that listeners (roles…) react; the search index
    and the reference index, which would each cost queries per page, are written in bulk."""
    with search_indexing_deferred(model), _per_page_reference_indexing_off() as caller_handles:
        for page in pages:
            post_save.send(
                sender=model, instance=page, created=created, update_fields=None, raw=False
            )
    index_for_search(model, pages)
    if not caller_handles:
        index_references(model, pages)


def _prepare_derived_fields(model, pages):
    """What the model's save() computes (`refresh_derived_fields`), with its relations prefetched
    once for all pages (already-loaded relations are not fetched again)."""
    if not hasattr(model, "refresh_derived_fields"):
        return
    prefetch_related_objects(pages, *getattr(model, "derived_fields_relations", ()))
    for page in pages:
        page.refresh_derived_fields()


PUBLICATION_FIELDS = [
    "draft_title",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
]


def _record_revisions(model, pages, bases, user, now, live):
    """A revision per page, and then for live pages: live revision, "wagtail.publish" entry and
    page_published; for drafts: latest revision and "wagtail.create" entry."""
    content_type = ContentType.objects.get_for_model(model)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(page.pk),
            user=user,
            created_at=now,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH_SIZE)
    for page, base, revision in zip(pages, bases, revisions, strict=True):
        page.latest_revision = base.latest_revision = revision
        if live:
            page.live_revision = base.live_revision = revision
    Page.objects.bulk_update(
        bases, ["latest_revision", "live_revision"] if live else ["latest_revision"], BATCH_SIZE
    )
    batch = uuid.uuid4()  # one user action: the history groups the batch's entries
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                page_id=page.pk,
                label=page.title,
                action="wagtail.publish" if live else "wagtail.create",
                data={},
                timestamp=now,
                uuid=batch,
                user=user,
                revision=revision,
                content_changed=True,
            )
            for page, revision in zip(pages, revisions, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )

    if not live:
        return

    def announce():
        # One run of changes: listeners that refresh public copies react once, after the last
        # page, not once per page (20,000 purges and rebuild requests for one registry load).
        with bulk_change():
            for page, revision in zip(pages, revisions, strict=True):
                page_published.send(sender=model, instance=page, revision=revision)

    transaction.on_commit(announce)


@contextmanager
def _per_page_reference_indexing_off():
    """Wagtail's per-save reference-index handler off (its own switch does not nest)."""
    from wagtail.signal_handlers import (
        disable_reference_index_auto_update,
        reference_index_auto_update_disabled,
    )

    if getattr(reference_index_auto_update_disabled, "value", False):
        yield True  # the caller turned it off: it keeps the index up to date itself
        return
    with disable_reference_index_auto_update():
        yield False


def index_references(model, pages):
    """Wagtail's reference index ("Uso" in the admin) for many pages in a few statements.

    The same rows `ReferenceIndex.create_or_update_for_object` writes (it costs three queries per
    page): the pages' old rows go, the references found now are inserted in batches. Uses
    Wagtail's own extraction, so what counts as a reference stays Wagtail's decision.
    """
    from wagtail.models import ReferenceIndex

    if not pages or not ReferenceIndex.is_indexed(model):
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_content_type = ReferenceIndex._get_base_content_type(model)
    ids = [str(page.pk) for page in pages]
    for start in range(0, len(ids), BATCH_SIZE):
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type, object_id__in=ids[start : start + BATCH_SIZE]
        ).delete()
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)


@contextmanager
def search_indexing_deferred(model):
    """Keep the search backends' per-save handler off; nested uses leave it to the outermost."""
    from modelsearch.signal_handlers import post_save_signal_handler

    connected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        if connected:
            post_save.connect(post_save_signal_handler, sender=model)


def index_for_search(model, pages):
    """Index saved pages in one bulk call per backend and 500 pages."""
    from modelsearch.backends import get_search_backends

    pages = list(pages)
    for start in range(0, len(pages), BATCH_SIZE):
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, pages[start : start + BATCH_SIZE])


def group_by_parent(items):
    """[(parent, [pages])] from (parent, page) pairs, keeping first-seen order."""
    groups = defaultdict(list)
    parents = {}
    for parent, page in items:
        parents.setdefault(parent.pk, parent)
        groups[parent.pk].append(page)
    return [(parents[pk], groups[pk]) for pk in parents]
