"""A candidacy list's items are kept until the next publication (api.base.cached_each): once a
change is published or a candidacy withdrawn, no client gets the old item."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v2/candidaturas/"


def test_a_publication_replaces_the_kept_list_items(
    client, world, django_capture_on_commit_callbacks
):
    """A list's items are kept until the next publication (api.base.cached_each): once a change
    is published, no client gets the old item, whatever field selection it asks for."""
    page = world.published("PAN")
    old_title = page.title
    for query in ("?fields=*", "", "?fields=nombre"):
        assert old_title in client.get(f"{URL}{query}").content.decode()
    page.title = "Renata Publicada Después"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    for query in ("?fields=*", "", "?fields=nombre"):
        body = client.get(f"{URL}{query}").content.decode()
        assert "Renata Publicada Después" in body
        assert old_title not in body


def test_a_withdrawal_drops_the_kept_list_item(client, world, django_capture_on_commit_callbacks):
    page, other = world.published("PAN"), world.published("PRI")
    assert {item["id"] for item in client.get(f"{URL}?fields=*").json()["items"]} == {
        page.pk,
        other.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    items = client.get(f"{URL}?fields=*").json()["items"]
    assert [item["id"] for item in items] == [other.pk]
    assert page.title not in client.get(URL).content.decode()
