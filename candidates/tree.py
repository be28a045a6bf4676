"""Build the page tree a process needs before anybody can capture: Home › process › actors.

Each capturing actor (party or independent candidacy) gets its own page because the page subtree
is Wagtail's unit of permission: a party's group edits only below its own page.
"""

from django.db import transaction

from elections.models import Party
from home.models import HomePage

from .models import CapturingActorPage, ProcessPage
from .models.tree import RESERVED_ACTOR_SLUGS


def capturing_parties(process):
    """Parties that register candidacies in `process` (all of the catalog when none is set)."""
    configured = process.capturing_parties.filter(process=process).select_related("process")
    if configured.exists():
        return list(configured.order_by("sort_order", "name"))
    parties = Party.objects.filter(process=process).select_related("process")
    return list(parties.order_by("sort_order", "name"))


def _unique_slug(parent, wanted):
    taken = set(parent.get_children().values_list("slug", flat=True)) | RESERVED_ACTOR_SLUGS
    slug, suffix = wanted, 2
    while slug in taken:
        slug, suffix = f"{wanted}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def ensure_process_tree(process):
    """Create what is missing of the process page and its actor pages; return (page, created).

    `created` counts the pages added, so a second call returns 0 and touches nothing.
    """
    created = 0
    process_page = ProcessPage.objects.filter(process=process).first()
    if process_page is None:
        home = HomePage.objects.first()
        if home is None:
            raise RuntimeError("No existe la página de inicio: ejecuta primero las migraciones.")
        process_page = ProcessPage(
            title=process.name, slug=_unique_slug(home, process.slug), process=process
        )
        home.add_child(instance=process_page)
        created += 1

    existing_parties = set(
        CapturingActorPage.objects.filter(party__process=process).values_list("party_id", flat=True)
    )
    for party in capturing_parties(process):
        if party.pk in existing_parties:
            continue
        process_page.add_child(
            instance=CapturingActorPage(
                title=party.name, slug=_unique_slug(process_page, party.slug), party=party
            )
        )
        created += 1

    existing_independents = set(
        CapturingActorPage.objects.filter(independent__process=process).values_list(
            "independent_id", flat=True
        )
    )
    for independent in process.independent_candidacies.order_by("name"):
        if independent.pk in existing_independents:
            continue
        process_page.add_child(
            instance=CapturingActorPage(
                title=independent.name,
                slug=_unique_slug(process_page, independent.slug),
                independent=independent,
            )
        )
        created += 1
    return process_page, created


def actor_pages(process_page):
    """{acronym or independent slug: CapturingActorPage} under `process_page`."""
    pages = {}
    for page in CapturingActorPage.objects.child_of(process_page).select_related(
        "party", "independent"
    ):
        key = page.party.acronym if page.party_id else page.independent.slug
        pages[key] = page
    return pages
