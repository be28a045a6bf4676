"""The stored public order (candidates.ordering): the listing's sort, kept current by saves,
publications, bulk publications and catalog changes."""

from django.core.cache import cache

import pytest

from candidates.bulk import publish_changed
from candidates.factories import CandidacyPageFactory
from candidates.models import CandidacyPage
from candidates.ordering import order_key, refresh_keys
from elections.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def listed(client, query=""):
    cache.clear()
    return [c.title for c in client.get(f"/candidaturas/{query}").context["candidacies"]]


def test_key_compares_the_six_values_in_turn_missing_ones_last():
    keys = [
        order_key(1, None, None, 1, "propietario", "Zoe"),
        order_key(2, 1, None, 2, "propietario", "Beto"),
        order_key(2, 1, None, 2, "suplente", "Ana"),
        order_key(2, 2, None, 1, "propietario", "Ana"),
        order_key(2, 10, None, 1, "propietario", "Ana"),
        order_key(2, None, None, 1, "propietario", "Ana"),
        order_key(3, None, 2, 5, "propietario", "Ana"),
        order_key(3, None, 10, 1, "propietario", "Ana"),
        order_key(3, None, None, 1, "propietario", "Ana"),
        order_key(3, None, None, None, "propietario", "Ana"),
    ]
    assert sorted(keys) == keys
    assert order_key(1, 1, 1, 1, "propietario", "Ana") < order_key(1, 1, 1, 1, "propietario", "Bea")


def test_listing_follows_office_district_and_name_and_a_catalog_change(
    client, tree, offices, process
):
    _, actors = tree
    first = DistrictFactory(process=process, number=1)
    second = DistrictFactory(process=process, number=2)
    for actor, office, district, title in (
        ("PAN", "diputacion-mr", second, "Beatriz Dos"),
        ("PRI", "diputacion-mr", first, "Carlos Uno"),
        ("PAN", "diputacion-mr", first, "Alma Uno"),
        ("PRI", "gubernatura", None, "Zacarías Gobierno"),
    ):
        CandidacyPageFactory(
            parent=actors[actor],
            office=offices[office],
            district=district,
            title=title,
            publish=True,
        )
    assert listed(client) == ["Zacarías Gobierno", "Alma Uno", "Carlos Uno", "Beatriz Dos"]

    # The institute reorders its catalog: the candidacies' keys follow, without a publication.
    offices["gubernatura"].sort_order = 9
    offices["gubernatura"].save()
    first.number = 3
    first.save()
    assert listed(client) == ["Beatriz Dos", "Alma Uno", "Carlos Uno", "Zacarías Gobierno"]

    # Same office and district: the party's number before the name.
    pri = actors["PRI"].specific.party
    pri.sort_order = 0
    pri.save()
    actors["PAN"].specific.party.sort_order = 5
    actors["PAN"].specific.party.save()
    assert listed(client) == ["Beatriz Dos", "Carlos Uno", "Alma Uno", "Zacarías Gobierno"]


def test_a_renamed_candidacy_moves_on_publication_and_on_bulk_publication(
    client, tree, offices, process
):
    _, actors = tree
    district = DistrictFactory(process=process, number=1)
    pages = [
        CandidacyPageFactory(
            parent=actors["PAN"],
            office=offices["diputacion-mr"],
            district=district,
            title=title,
            publish=True,
        )
        for title in ("Ana Primera", "Berta Segunda")
    ]
    assert listed(client) == ["Ana Primera", "Berta Segunda"]

    page = CandidacyPage.objects.get(pk=pages[0].pk)
    page.title = "Zulema Primera"
    page.save_revision().publish()
    assert listed(client) == ["Berta Segunda", "Zulema Primera"]

    page = CandidacyPage.objects.get(pk=pages[1].pk)
    page.title = "Zoila Segunda"
    publish_changed([page])
    assert listed(client) == ["Zoila Segunda", "Zulema Primera"]


def test_refresh_writes_only_stale_keys(tree, offices, process):
    _, actors = tree
    page = CandidacyPageFactory(
        parent=actors["PAN"], office=offices["gubernatura"], title="Ana", publish=True
    )
    assert refresh_keys(CandidacyPage.objects.all()) == 0
    CandidacyPage.objects.filter(pk=page.pk).update(public_order="")
    assert refresh_keys(CandidacyPage.objects.all()) == 1
    assert CandidacyPage.objects.get(pk=page.pk).public_order == order_key(
        offices["gubernatura"].sort_order, None, None, page.party.sort_order, "propietario", "Ana"
    )
