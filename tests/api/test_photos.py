"""Read API photos: the public rendition of published candidacies only, never an image object."""

from django.core.cache import cache

import pytest

from candidates.images import OPEN_PHOTO_SPEC
from candidates.models import CandidacyPage
from tests.opendata.factories_helpers import draft, portrait, published

URL = "/api/v2/candidaturas/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_renditions():
    """Wagtail caches renditions by image id, and ids come back after each test's rollback."""
    cache.clear()


def stem(image):
    """What of the original's random name a rendition URL shows: Wagtail cuts it to fit."""
    return image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:24]


@pytest.fixture
def people(tree, offices):
    _page, actors = tree
    office = offices["gubernatura"]
    with_photo = published(
        actors["PAN"], office, title="Elena Con Foto", photo=portrait("foto-publica")
    )
    without_photo = published(actors["PRI"], office, title="Fausto Sin Foto")
    hidden = draft(actors["PAN"], office, title="Gina Borrador", photo=portrait("foto-borrador"))
    return with_photo, without_photo, hidden


def test_photo_is_the_profiles_rendition_with_size_and_name(client, people):
    with_photo, without_photo, _hidden = people
    rendition = with_photo.photo.get_rendition(OPEN_PHOTO_SPEC)
    items = {i["nombre"]: i for i in client.get(URL).json()["items"]}  # a default listing field
    assert items[with_photo.title]["foto"] == {
        "url": f"http://testserver{rendition.url}",
        "ancho": 320,
        "alto": 320,
        "alt": with_photo.title,
    }
    assert items[without_photo.title]["foto"] is None
    detail = client.get(f"{URL}{with_photo.pk}/").json()
    assert detail["foto"] == items[with_photo.title]["foto"]
    assert client.get(f"{URL}{without_photo.pk}/").json()["foto"] is None

    url = detail["foto"]["url"]
    assert rendition.url.startswith("/media/images/") and "original_images" not in url
    assert with_photo.photo.file.url not in client.get(f"{URL}?fields=*").content.decode()
    assert rendition.file.storage.exists(rendition.file.name)  # made on publication
    assert rendition.url in client.get(with_photo.url).content.decode()  # the profile shows it


def test_no_image_object_behind_the_field(client, people):
    with_photo = people[0]
    foto = client.get(f"{URL}{with_photo.pk}/").json()["foto"]
    assert set(foto) == {"url", "ancho", "alto", "alt"}
    assert client.get(f"{URL}?fields=photo").status_code == 400
    assert client.get(f"{URL}?fields=foto(id)").status_code == 400


def test_a_drafts_photo_is_unreachable(client, people):
    with_photo, _without_photo, hidden = people
    # A pending change to a published candidacy: a new photo saved as a draft revision.
    pending = portrait("foto-cambio-pendiente")
    page = CandidacyPage.objects.get(pk=with_photo.pk)
    page.photo = pending
    page.save_revision()
    # Their renditions exist (an editor's preview would make them): still nowhere in the API.
    hidden.photo.get_rendition(OPEN_PHOTO_SPEC)
    pending.get_rendition(OPEN_PHOTO_SPEC)

    bodies = [
        client.get(f"{URL}?fields=*&limit=100").content.decode(),
        client.get(f"{URL}{with_photo.pk}/?fields=*").content.decode(),
    ]
    for body in bodies:
        assert stem(with_photo.photo) in body  # the published photo, still the live one
        assert stem(hidden.photo) not in body
        assert stem(pending) not in body
    assert client.get(f"{URL}{hidden.pk}/").status_code == 404
    for image in (hidden.photo, pending):
        assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404
        assert client.get(f"/api/v2/documents/{image.pk}/").status_code == 404
    assert client.get("/api/v2/images/").status_code == 404
