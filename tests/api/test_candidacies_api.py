"""Read API: published candidacies only, public fields only, constant query count."""

import pytest

from candidates.choices import Sex
from tests.opendata.factories_helpers import answer_identity, draft, published

URL = "/api/v2/candidaturas/"


@pytest.fixture
def people(tree, offices):
    _page, actors = tree
    office = offices["gubernatura"]
    visible = published(actors["PAN"], office, title="Elena Visible", sex=Sex.WOMAN)
    other = published(actors["PRI"], office, title="Fausto Visible", sex=Sex.MAN)
    hidden = draft(actors["PAN"], office, title="Gina Borrador")
    return visible, other, hidden


@pytest.mark.django_db
def test_lists_published_only(client, people):
    visible, other, hidden = people
    response = client.get(URL)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    data = response.json()
    assert data["meta"]["total_count"] == 2
    names = {item["nombre"] for item in data["items"]}
    assert names == {visible.title, other.title}
    assert client.get(f"{URL}{hidden.pk}/").status_code == 404
    assert client.get(f"{URL}{visible.pk}/").json()["nombre"] == visible.title


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["fields=birth_date", "fields=nombre,fecha_nacimiento", "fields=inexistente",
     "birth_date=1970-01-01", "title=Elena", "type=wagtailcore.Page", "order=birth_date"],
)  # fmt: skip
def test_unknown_or_private_fields_are_refused(client, people, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400


@pytest.mark.django_db
def test_detail_never_carries_private_data(client, people):
    visible = people[0]
    answer_identity(visible, publication=False)
    body = client.get(f"{URL}{visible.pk}/?fields=*").content.decode()
    assert visible.birth_date.isoformat() not in body
    assert "birth" not in body and "nacimiento" not in body
    assert "Persona indígena" not in body


@pytest.mark.django_db
def test_badges_only_with_publication_consent(client, people):
    visible, other, _hidden = people
    answer_identity(visible, publication=True)
    answer_identity(other, publication=False)
    items = {i["nombre"]: i for i in client.get(f"{URL}?fields=insignias").json()["items"]}
    assert [b["slug"] for b in items[visible.title]["insignias"]] == ["indigena"]
    assert items[other.title]["insignias"] == []


@pytest.mark.django_db
def test_filters_match_the_listing(client, people, tree):
    response = client.get(f"{URL}?sexo=M")
    assert [i["nombre"] for i in response.json()["items"]] == [people[0].title]
    response = client.get(f"{URL}?partido={tree[1]['PRI'].party.slug}")
    assert [i["nombre"] for i in response.json()["items"]] == [people[1].title]
    assert client.get(f"{URL}?sexo=Z").status_code == 400


@pytest.mark.django_db
def test_images_and_documents_are_not_exposed(client):
    assert client.get("/api/v2/images/").status_code == 404
    assert client.get("/api/v2/documents/").status_code == 404
    assert client.get("/api/v2/pages/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("with_photos", [False, True], ids=["no-photos", "photos"])
def test_query_count_is_the_same_for_10_and_50_items(client, tree, offices, with_photos):
    """With photos: one per candidacy and a cold rendition cache, so a per-item lookup shows."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from candidates.factories import PortraitFactory

    _page, actors = tree
    office = offices["gubernatura"]

    def add(how_many):
        for n in range(how_many):
            photo = PortraitFactory() if with_photos else None
            published(actors["PAN" if n % 2 else "PRI"], office, photo=photo)

    def measure(expected):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            items = client.get(f"{URL}?fields=*&limit=50").json()["items"]
        assert len(items) == expected
        assert all((item["foto"] is not None) == with_photos for item in items)
        return len(queries)

    add(10)
    ten = measure(10)
    add(40)
    assert measure(50) == ten
