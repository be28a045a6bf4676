"""The FAQ as an information page: same address and content, edited by administrators only."""

# ruff: noqa: F811  (the role fixtures are imported from tests/moderation/conftest.py)

from django.core.exceptions import ValidationError

from wagtail.models import Site

import pytest

from elections.models import InstituteSettings
from home.blocks import QuestionBlock
from home.models import HomePage, InformationPage
from tests.moderation.conftest import login, world  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/preguntas-frecuentes/"
ROLES = ["admin", "moderator", "pan", "pri", "anonymous"]


def faq():
    return InformationPage.objects.get(slug="preguntas-frecuentes")


def test_the_migration_created_the_faq_under_the_home_page():
    page = faq()
    assert page.live
    assert page.get_parent().specific_class is HomePage
    assert page.url == URL
    questions = [block.value["question"] for block in page.body]
    assert len(questions) == 8
    assert questions[0] == "¿Qué es Conóceles?"
    assert questions[-1] == "Encontré un error, ¿qué hago?"


def test_the_page_answers_at_the_old_address_with_the_institute_filled_in(client, world):
    site = Site.objects.get(is_default_site=True)
    InstituteSettings.objects.create(
        site=site, name="Instituto Electoral de Prueba", email="contacto@iep.example.org"
    )
    response = client.get(URL)
    assert response.status_code == 200
    assert response.templates[0].name == "home/information_page.html"
    html = response.content.decode()
    assert "<h1>Preguntas frecuentes</h1>" in html and "<details open>" in html
    assert "Es el sistema del Instituto Electoral de Prueba" in html
    assert f"candidatas del {world.process.name}:" in html
    assert 'href="mailto:contacto@iep.example.org"' in html
    assert "[" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert response["Cache-Control"].startswith("public") or "max-age" in response["Cache-Control"]


def test_the_corrections_text_of_the_settings_answers_the_last_question(client, world):
    InstituteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        name="IEP",
        corrections_text="Llama al 800 <123>\nde lunes a viernes.",
    )
    html = client.get(URL).content.decode()
    assert "Llama al 800 &lt;123&gt;<br>de lunes a viernes." in html


def test_an_edit_by_the_institute_is_what_the_public_sees(client, world):
    page = faq()
    page.body.append(("question", {"question": "¿Hay debates?", "answer": "<p>Sí.</p>"}))
    page.save_revision(user=world.user("admin")).publish()
    html = client.get(URL).content.decode()
    assert "¿Hay debates?" in html
    assert html.count("<details") == 9


def test_without_the_page_the_old_template_still_answers(client, world):
    faq().delete()
    response = client.get(URL)
    assert response.status_code == 200
    assert response.templates[0].name == "candidates/faq.html"


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_edit_publish_or_delete(world, login, role):
    user = world.user(role)
    page = faq()
    client = login(user)
    if user is None:
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 302
        return
    tester = page.permissions_for_user(user)
    is_admin = role == "admin"
    assert tester.can_edit() is is_admin
    assert tester.can_publish() is is_admin
    assert tester.can_delete() is is_admin
    assert tester.can_unpublish() is is_admin
    home = page.get_parent().specific
    assert home.permissions_for_user(user).can_add_subpage() is is_admin
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert (edit.status_code == 200) is is_admin


@pytest.mark.parametrize("role", ["moderator", "pan"])
def test_a_forged_edit_is_refused(world, login, role):
    page = faq()
    client = login(world.user(role))
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "Hackeada",
            "slug": "preguntas-frecuentes",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "Preguntas frecuentes"
    assert page.latest_revision is None or "Hackeada" not in str(page.latest_revision.content)


def test_the_administrator_publishes_from_the_editor(world, login, client):
    page = faq()
    admin = login(world.user("admin"))
    edit = admin.get(f"/admin/pages/{page.pk}/edit/")
    assert "Pregunta y respuesta" in edit.content.decode()
    page.title = "Preguntas frecuentes del Instituto"
    page.save_revision(user=world.user("admin")).publish()
    login(None)
    assert "Preguntas frecuentes del Instituto" in client.get(URL).content.decode()


def test_question_block_requires_question_and_answer():
    block = QuestionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"question": "", "answer": "<p>Algo</p>", "open": False}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"question": "¿Algo?", "answer": "", "open": False}))
    value = block.clean(block.to_python({"question": "¿Algo?", "answer": "<p>Sí</p>"}))
    assert value["question"] == "¿Algo?"
