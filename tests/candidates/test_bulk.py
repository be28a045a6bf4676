"""Bulk-created pages end exactly as Wagtail's add_child + publish leaves them, in fixed queries."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_published

import pytest

from candidates.bulk import add_live_children, publish_changed, save_draft_revisions
from candidates.choices import FormulaRole, Sex
from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage, CapturingActorPage

pytestmark = pytest.mark.django_db


def unsaved(actor, office, district, n, **kwargs):
    return CandidacyPage(
        title=f"Persona Importada {n}",
        slug=kwargs.pop("slug", f"persona-importada-{n}"),
        office=office,
        district=district,
        party=actor.party,
        formula_role=FormulaRole.OWNER,
        sex=Sex.WOMAN,
        registered_age=40,
        motivation=f"Motivo número {n}",
        **kwargs,
    )


@pytest.fixture
def place(tree, offices, district):
    _, actors = tree
    return actors["PAN"], offices["diputacion-mr"], district


def test_pages_are_live_with_one_revision_a_log_entry_and_a_consistent_tree(place, client):
    actor, office, district = place
    before = CandidacyPageFactory(parent=actor, office=office, publish=True)
    pages = add_live_children([(actor, [unsaved(actor, office, district, n) for n in range(3)])])

    assert Page.find_problems() == ([], [], [], [], [])
    actor.refresh_from_db()
    assert actor.numchild == 4
    for page in pages:
        stored = CandidacyPage.objects.get(pk=page.pk)
        assert stored.live and not stored.has_unpublished_changes
        assert stored.get_parent().pk == actor.pk
        assert stored.url_path == f"{actor.url_path}{stored.slug}/"
        assert stored.latest_revision_id == stored.live_revision_id is not None
        assert stored.latest_revision.as_object().motivation == stored.motivation
        assert stored.first_published_at and stored.last_published_at
        assert PageLogEntry.objects.filter(page=stored, action="wagtail.publish").count() == 1
        assert client.get(stored.url).status_code == 200
    assert pages[0].path > before.path  # after the existing child, never on top of it

    # Wagtail's own add_child still finds the right next position afterwards.
    after = CandidacyPageFactory(parent=actor, office=office, publish=True)
    assert after.path > pages[-1].path
    assert Page.find_problems() == ([], [], [], [], [])


def test_slugs_are_made_unique_among_siblings(place):
    actor, office, district = place
    CandidacyPageFactory(parent=actor, office=office, slug="misma", publish=True)
    pages = add_live_children(
        [(actor, [unsaved(actor, office, district, n, slug="misma") for n in range(2)])]
    )
    assert [p.slug for p in pages] == ["misma-2", "misma-3"]


def test_derived_fields_are_computed_as_save_would(place, process):
    actor, office, district = place
    page = unsaved(actor, office, district, 1, birth_date=process.election_day.replace(year=1980))
    (page,) = add_live_children([(actor, [page])])
    stored = CandidacyPage.objects.get(pk=page.pk)
    assert stored.age == process.age_on_election_day(stored.birth_date)
    assert stored.curricular_complete is False  # no photo, proposals… as save() would say


def test_publication_is_announced_after_commit(place, django_capture_on_commit_callbacks):
    actor, office, district = place
    announced = []

    def listener(sender, instance, **kwargs):
        announced.append(instance.pk)

    page_published.connect(listener, sender=CandidacyPage)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            pages = add_live_children(
                [(actor, [unsaved(actor, office, district, n) for n in range(2)])]
            )
            assert announced == []
        for callback in callbacks:
            callback()
    finally:
        page_published.disconnect(listener, sender=CandidacyPage)
    assert announced == [p.pk for p in pages]


def test_actor_pages_get_their_capture_permissions(process, tree):
    """post_save is sent, so moderation grants the new actor's group its subtree."""
    from elections.factories import PartyFactory

    process_page, _ = tree
    from moderation.roles import capturist_group_name

    party = PartyFactory(acronym="NUEVO")
    (actor,) = add_live_children(
        [(process_page, [CapturingActorPage(title="Nuevo", slug="nuevo", party=party)])]
    )
    assert actor.group_permissions.filter(group__name=capturist_group_name(party)).exists()


def test_new_pages_are_searchable(place):
    actor, office, district = place
    add_live_children([(actor, [unsaved(actor, office, district, 7)])])
    found = CandidacyPage.objects.live().search("Importada")
    assert [p.title for p in found] == ["Persona Importada 7"]


def _references(page):
    from wagtail.models import ReferenceIndex

    return sorted(
        ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
            "content_type", "base_content_type", "to_content_type", "to_object_id", "model_path"
        )
    )


def test_reference_index_rows_are_the_ones_wagtail_writes(place):
    from wagtail.models import ReferenceIndex

    actor, office, district = place
    (page,) = add_live_children([(actor, [unsaved(actor, office, district, 1)])])
    bulk = _references(page)
    assert ("office", str(office.pk)) in {
        (row.to_content_type.model, row.to_object_id)
        for row in ReferenceIndex.objects.filter(object_id=str(page.pk))
    }
    ReferenceIndex.objects.filter(object_id=str(page.pk)).delete()
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(CandidacyPage.objects.get(pk=page.pk))
    assert _references(page) == bulk

    loaded = CandidacyPage.objects.get(pk=page.pk)
    loaded.district = None
    publish_changed([loaded])
    assert "district" not in {row[-1] for row in _references(page)}


def test_child_objects_are_refused_not_dropped(place):
    from wagtail.models import Comment

    actor, office, district = place
    page = unsaved(actor, office, district, 1)
    page.wagtail_admin_comments = [Comment(text="nota", contentpath="title")]
    with pytest.raises(ValueError, match="child objects"):
        add_live_children([(actor, [page])])


def _queries(actor, office, district, how_many, start):
    pages = [unsaved(actor, office, district, start + n) for n in range(how_many)]
    with CaptureQueriesContext(connection) as ctx:
        add_live_children([(actor, pages)])
    inserts = sum(1 for q in ctx.captured_queries if q["sql"].startswith("INSERT"))
    return len(ctx) - inserts, inserts


def test_query_count_does_not_grow_with_the_number_of_pages(place):
    actor, office, district = place
    few_other, few_inserts = _queries(actor, office, district, 5, start=0)
    many_other, many_inserts = _queries(actor, office, district, 60, start=100)
    assert few_other == many_other
    # INSERTs are batched: 500 rows each, fewer on SQLite (999 parameters per statement).
    assert many_inserts <= few_inserts + 2


def test_publish_changed_makes_a_new_live_revision_per_page(place, client):
    actor, office, district = place
    pages = add_live_children([(actor, [unsaved(actor, office, district, n) for n in range(3)])])
    first_revisions = [p.live_revision_id for p in pages]
    loaded = list(CandidacyPage.objects.filter(pk__in=[p.pk for p in pages]).order_by("pk"))
    for page in loaded:
        page.title = f"{page.title} Cambiada"
        page.motivation = "Motivo nuevo y distinto"
    publish_changed(loaded)

    for page, old_revision in zip(loaded, first_revisions, strict=True):
        stored = CandidacyPage.objects.get(pk=page.pk)
        assert stored.title.endswith("Cambiada") and stored.draft_title == stored.title
        assert stored.motivation == "Motivo nuevo y distinto"
        assert stored.live and not stored.has_unpublished_changes
        assert stored.live_revision_id == stored.latest_revision_id != old_revision
        assert stored.live_revision.as_object().motivation == "Motivo nuevo y distinto"
        assert stored.revisions.count() == 2
        assert PageLogEntry.objects.filter(page=stored, action="wagtail.publish").count() == 2
        assert "Motivo nuevo" in client.get(stored.url).content.decode()
    found = CandidacyPage.objects.live().search("Cambiada")
    assert len(found) == 3


def _changed_queries(actor, office, district, how_many, start):
    pages = add_live_children(
        [(actor, [unsaved(actor, office, district, start + n) for n in range(how_many)])]
    )
    loaded = list(CandidacyPage.objects.filter(pk__in=[p.pk for p in pages]))
    for page in loaded:
        page.motivation = "Otro motivo"
    with CaptureQueriesContext(connection) as ctx:
        publish_changed(loaded)
    queries = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "sqlite":
        # modelsearch's SQLite backend rewrites existing index entries one UPDATE each
        # (PostgreSQL's upserts them in one statement): a library limit, not this code's.
        queries = [q for q in queries if not q.startswith('UPDATE "wagtailsearch_indexentry"')]
    writes = sum(1 for q in queries if q.startswith(("INSERT", "UPDATE")))
    return len(queries) - writes, writes


def test_publish_changed_query_count_does_not_grow(place):
    actor, office, district = place
    few_other, few_writes = _changed_queries(actor, office, district, 5, start=0)
    many_other, many_writes = _changed_queries(actor, office, district, 60, start=100)
    assert few_other == many_other
    assert many_writes <= few_writes + 6  # batches of 500, fewer on SQLite


def test_draft_revisions_leave_the_live_version_and_cost_fixed_queries(place, client):
    actor, office, district = place

    def edit(how_many, start):
        pages = add_live_children(
            [(actor, [unsaved(actor, office, district, start + n) for n in range(how_many)])]
        )
        drafts = []
        for page in pages:
            content = page.latest_revision.content
            drafts.append((page, {**content, "title": f"{page.title} Corregida"}))
        with CaptureQueriesContext(connection) as ctx:
            save_draft_revisions(CandidacyPage, drafts)
        return pages, len(ctx)

    pages, few = edit(3, 0)
    for page in pages:
        stored = CandidacyPage.objects.get(pk=page.pk)
        assert stored.live and stored.has_unpublished_changes
        assert stored.title == page.title  # the public version is untouched
        assert stored.draft_title == f"{page.title} Corregida"
        assert stored.latest_revision_id != stored.live_revision_id
        assert stored.latest_revision.as_object().title == stored.draft_title
        assert PageLogEntry.objects.filter(page=stored, action="wagtail.edit").count() == 1
        assert "Corregida" not in client.get(stored.url).content.decode()
    _, many = edit(30, 100)
    assert many == few
