"""Uploaded files get names nobody can guess, and originals and documents never answer as media.

A draft candidacy's photo must not be reachable by trying `foto.jpg` or `IMG_1234.jpg`, and a
document not by trying `/documentos/<id>/3de3.pdf`.
"""

import importlib
import io
import posixpath
import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import clear_url_caches, reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

import pytest

import site_conoceles.urls
from candidates.factories import PortraitFactory, portrait_png
from candidates.media import has_unguessable_name, is_private_media

Image = get_image_model()
Document = get_document_model()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
RANDOM_NAME = re.compile(r"[0-9a-f]{32}\.[a-z]+")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_renditions():
    """Wagtail caches renditions by image id, and ids come back after each test's rollback."""
    cache.clear()


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editora", "editora@example.com", "x")
    client.force_login(user)
    return client


@pytest.fixture
def debug_urls(settings):
    """The project's URLconf as `DEBUG=True` builds it, with media served by Django."""
    settings.DEBUG = True
    importlib.reload(site_conoceles.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(site_conoceles.urls)
    clear_url_caches()


def basename(name):
    return posixpath.basename(name)


def stem(name):
    return basename(name).split(".", 1)[0]


def assert_unguessable(name, folder, uploaded, extension):
    assert posixpath.dirname(name) == folder
    assert RANDOM_NAME.fullmatch(basename(name)), name
    assert stem(uploaded) not in name
    assert name.endswith(extension)


def assert_rendition_of(rendition_name, image_name):
    """Wagtail cuts a rendition's stem to fit 60 characters: at least 96 random bits remain."""
    assert stem(image_name).startswith(stem(rendition_name))
    assert len(stem(rendition_name)) >= 24


def png(name, seed="x"):
    return SimpleUploadedFile(name, portrait_png(seed, size=200), "image/png")


def test_image_uploaded_in_the_admin(editor):
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Foto de Elena",
            "file": png("Foto-Elena-Ramos.PNG"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get(title="Foto de Elena")  # the title keeps the human name
    assert_unguessable(image.file.name, "original_images", "Foto-Elena-Ramos", ".png")
    assert image.file.storage.exists(image.file.name)


def test_image_uploaded_with_the_multiple_uploader(editor):
    response = editor.post(reverse("wagtailimages:add_multiple"), {"files[]": png("IMG_1234.png")})
    assert response.json()["success"] is True
    image = Image.objects.get(pk=response.json()["image_id"])
    assert image.title == "IMG_1234.png"
    assert_unguessable(image.file.name, "original_images", "IMG_1234", ".png")


def test_factory_image_and_its_renditions():
    image = PortraitFactory(
        file=ImageFile(io.BytesIO(portrait_png("z")), name="fotografia-borrador.png")
    )
    assert_unguessable(image.file.name, "original_images", "fotografia-borrador", ".png")
    for spec in ("max-165x165", "fill-320x320-c100"):  # an admin thumbnail, the public photo
        rendition = image.get_rendition(spec)
        assert rendition.url.startswith("/media/images/")
        assert "fotografia" not in rendition.url
        assert_rendition_of(rendition.file.name, image.file.name)


def test_two_uploads_of_the_same_name_get_different_names():
    first, second = PortraitFactory(), PortraitFactory()
    assert basename(first.file.name) != basename(second.file.name)


def test_document_uploaded_in_the_admin_and_served_only_by_its_random_url(editor, client):
    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "3 de 3 de Elena",
            "file": SimpleUploadedFile("3de3-Elena.pdf", PDF, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="3 de 3 de Elena")
    assert_unguessable(document.file.name, "documents", "3de3-Elena", ".pdf")
    assert document.url == f"/documentos/{document.pk}/{basename(document.file.name)}"

    client.logout()
    assert client.get(document.url).status_code == 200
    assert client.get(f"/documentos/{document.pk}/3de3-Elena.pdf").status_code == 404


def test_document_created_in_code():
    document = Document.objects.create(
        title="Formato 3 de 3", file=ContentFile(PDF, name="3de3.PDF")
    )
    assert_unguessable(document.file.name, "documents", "3de3", ".pdf")


def test_pending_upload_of_the_multiple_uploader():
    upload = UploadedFile.objects.create(file=png("foto.png"))
    assert_unguessable(upload.file.name, "wagtail_uploads", "foto", ".png")


def test_saving_again_keeps_the_stored_name():
    image = PortraitFactory()
    name = image.file.name
    image.title = "Otra"
    image.save()
    image.refresh_from_db()
    assert image.file.name == name


@pytest.mark.parametrize(
    "path, private",
    [
        ("original_images/a.png", True),
        ("documents/a.pdf", True),
        ("wagtail_uploads/a.png", True),
        ("images/../original_images/a.png", True),
        ("./ORIGINAL_IMAGES/a.png", True),
        ("/original_images/a.png", True),
        ("images/a.fill-320x320-c100.png", False),
        ("opendata/candidaturas.csv", False),
    ],
)
def test_private_media_paths(path, private):
    assert is_private_media(path) is private


def test_debug_media_serves_renditions_but_never_originals_or_documents(debug_urls, client):
    image = PortraitFactory()
    rendition = image.get_rendition("fill-320x320-c100")
    document = Document.objects.create(title="3 de 3", file=ContentFile(PDF, name="a.pdf"))
    upload = UploadedFile.objects.create(file=png("foto.png"))

    assert client.get(rendition.url).status_code == 200
    for private in (image.file.url, document.file.url, upload.file.url):
        assert private.startswith("/media/")
        assert client.get(private).status_code == 404
    original = basename(image.file.name)
    assert client.get(f"/media/images/../original_images/{original}").status_code == 404
    assert client.get(f"/media/ORIGINAL_IMAGES/{original}").status_code == 404
    assert client.get(document.url).status_code == 200  # through Wagtail's view


def test_without_debug_django_serves_no_media(client):
    image = PortraitFactory()
    assert client.get(image.get_rendition("fill-320x320-c100").url).status_code == 404


# --- manage.py rename_media_files ------------------------------------------------------------


def legacy(obj, name):
    """Give a stored file the kind of name it had before uploads were renamed."""
    storage = obj.file.storage
    with storage.open(obj.file.name, "rb") as source:
        name = storage.save(posixpath.join(posixpath.dirname(obj.file.name), name), source)
    storage.delete(obj.file.name)
    type(obj).objects.filter(pk=obj.pk).update(file=name)
    obj.refresh_from_db()
    return name


def run(*args):
    out = io.StringIO()
    call_command("rename_media_files", *args, stdout=out)
    return out.getvalue()


def test_rename_media_files(django_capture_on_commit_callbacks):
    image = PortraitFactory()
    old_image = legacy(image, "foto-legado.png")
    old_rendition = image.get_rendition("fill-320x320-c100").file.name
    assert stem(old_rendition) == stem(old_image)
    document = Document.objects.create(title="3 de 3", file=ContentFile(PDF, name="a.pdf"))
    old_document = legacy(document, "3de3-legado.pdf")
    storage = image.file.storage

    output = run("--dry-run")
    assert "Se renombrarían: 2 archivos." in output
    image.refresh_from_db()
    document.refresh_from_db()
    assert (image.file.name, document.file.name) == (old_image, old_document)
    assert storage.exists(old_rendition)

    with django_capture_on_commit_callbacks(execute=True):
        assert "Renombrados: 2 archivos." in run()
    image.refresh_from_db()
    document.refresh_from_db()
    assert_unguessable(image.file.name, "original_images", "foto-legado", ".png")
    assert_unguessable(document.file.name, "documents", "3de3-legado", ".pdf")
    assert storage.exists(image.file.name)
    assert not storage.exists(old_image)
    assert not storage.exists(old_document)
    assert not storage.exists(old_rendition)
    # The rendition that existed is made again, under the new name.
    (rendition,) = image.renditions.all()
    assert rendition.filter_spec == "fill-320x320-c100"
    assert_rendition_of(rendition.file.name, image.file.name)
    assert storage.exists(rendition.file.name)

    assert "Renombrados: 0 archivos." in run()  # idempotent
    image.refresh_from_db()
    assert image.renditions.get().pk == rendition.pk


def test_rename_media_files_drops_renditions_made_from_an_old_name(
    django_capture_on_commit_callbacks,
):
    image = PortraitFactory()
    good = image.get_rendition("max-165x165")
    Rendition = Image.get_rendition_model()
    stale = Rendition.objects.create(
        image=image,
        filter_spec="fill-160x160-c100",
        file=ContentFile(portrait_png("s", size=160), name="foto.fill-160x160-c100.png"),
        width=160,
        height=160,
    )
    assert not has_unguessable_name(stale.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "1 renditions con el nombre anterior" in output
    specs = dict(image.renditions.values_list("filter_spec", "file"))
    assert specs["max-165x165"] == good.file.name
    assert_rendition_of(specs["fill-160x160-c100"], image.file.name)
    assert not stale.file.storage.exists(stale.file.name)
