"""A party editor captures a candidacy through the Wagtail admin, as the institute's form does."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from candidates.models import CandidacyPage
from identity.services import accept_notice
from moderation.roles import capturist_group_name

LONG = "Propongo trabajar con la ciudadanía de mi distrito todos los días. " * 6  # ~400


@pytest.fixture
def editor(client, django_user_model, tree):
    """A PAN capturist: add and change on the PAN page only, plus admin access."""
    _, actors = tree
    # The group's name is how moderation.roles knows the party and process it captures for;
    # this test grants only the bare page permissions it needs.
    group, _ = Group.objects.get_or_create(name=capturist_group_name(actors["PAN"].party))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=actors["PAN"],
            permission=Permission.objects.get(codename=f"{permission_type}_page"),
        )
    user = django_user_model.objects.create_user("pan", "pan@example.org", "x")
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.fixture
def workflow(tree):
    process_page, _ = tree
    moderators, _ = Group.objects.get_or_create(name="Moderadores IEC")
    WorkflowPage.objects.filter(page=process_page).delete()
    task = GroupApprovalTask.objects.create(name="Revisión")
    task.groups.add(moderators)
    flow = Workflow.objects.create(name="Revisión del IEC")
    WorkflowTask.objects.create(workflow=flow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=flow, page=process_page)
    return flow


def form_data(office, district, motivation, **extra):
    data = {
        "title": "María Fernanda López Treviño",
        "slug": "maria-fernanda-lopez-trevino",
        "office": office.pk,
        "formula_role": "propietario",
        "district": district.pk,
        "sex": "M",
        "birth_date": "1984-02-10",
        "public_email": "maria@example.org",
        "public_phone": "8441234567",
        "facebook_url": "https://www.facebook.com/mariafernanda",
        "motivation": motivation,
        "proposals": streamfield(
            [
                ("proposal", {"title": "Seguridad", "description": LONG}),
                ("proposal", {"title": "Agua", "description": LONG}),
            ]
        ),
        "gender_proposal": LONG,
        "political_trajectory": streamfield([("text", LONG)]),
        "professional_history": streamfield([("text", LONG)]),
        "education_level": "licenciatura",
        "education_status": "titulo",
        "studies": streamfield([]),
        "courses": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(actor_page):
    return reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", actor_page.pk))


def test_editor_saves_an_incomplete_draft_then_submits_the_complete_candidacy(
    editor, tree, offices, district, workflow
):
    _, actors = tree
    office = offices["diputacion-mr"]

    # "Guardar borrador": completeness is deferred, a short motivation is kept.
    response = editor.post(add_url(actors["PAN"]), form_data(office, district, "Breve."))
    assert response.status_code == 302, response.context["form"].errors
    page = CandidacyPage.objects.get(slug="maria-fernanda-lopez-trevino")
    assert not page.live
    assert page.latest_revision is not None
    assert page.party == actors["PAN"].party
    assert "Aspiración al cargo" in page.missing_sections()

    # Submitting for review checks completeness and says what is missing, in Spanish.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = editor.post(
        edit_url, form_data(office, district, "Breve.", **{"action-submit": "1"})
    )
    assert response.status_code == 200
    assert "debe tener al menos 280 caracteres" in response.content.decode()
    page.refresh_from_db()
    assert page.current_workflow_state is None

    # Complete, and the privacy notice recorded (the default submission policy blocks without
    # it), it goes to review; still not public (the editor cannot publish).
    accept_notice(page, page.owner)
    response = editor.post(edit_url, form_data(office, district, LONG, **{"action-submit": "1"}))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state is not None
    assert not page.live
    assert CandidacyPage.objects.get(pk=page.pk).curricular_complete is False  # draft on page row
    assert page.get_latest_revision_as_object().motivation == LONG.strip()


def test_editor_cannot_publish_even_when_pressing_publish(editor, tree, offices, district):
    _, actors = tree
    data = form_data(offices["diputacion-mr"], district, LONG, **{"action-publish": "1"})
    response = editor.post(add_url(actors["PAN"]), data)
    assert response.status_code == 302
    assert not CandidacyPage.objects.get(slug="maria-fernanda-lopez-trevino").live


def test_format_errors_block_even_a_draft(editor, tree, offices, district):
    _, actors = tree
    data = form_data(
        offices["diputacion-mr"],
        district,
        "Breve.",
        public_phone="844-12",
        facebook_url="https://www.instagram.com/maria",
    )
    response = editor.post(add_url(actors["PAN"]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "exactamente 10 dígitos" in content
    assert "El enlace no corresponde a Facebook" in content
    assert not CandidacyPage.objects.filter(slug="maria-fernanda-lopez-trevino").exists()


def test_editor_cannot_add_under_another_party(editor, tree, offices, district):
    _, actors = tree
    response = editor.post(
        add_url(actors["PRI"]), form_data(offices["diputacion-mr"], district, LONG)
    )
    assert response.status_code in (302, 403)
    assert not CandidacyPage.objects.exists()


def test_superuser_publishes_a_complete_candidacy(
    client, django_user_model, tree, offices, district
):
    _, actors = tree
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    data = form_data(offices["diputacion-mr"], district, LONG, **{"action-publish": "1"})
    response = client.post(add_url(actors["PAN"]), data)
    assert response.status_code == 302
    page = CandidacyPage.objects.get(slug="maria-fernanda-lopez-trevino")
    assert page.live
    assert page.missing_sections() == ["Fotografía"]  # everything but the photo was captured
    assert page.age == 39


def test_publishing_an_incomplete_candidacy_is_refused(
    client, django_user_model, tree, offices, district
):
    _, actors = tree
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    data = form_data(offices["diputacion-mr"], district, "Breve.", **{"action-publish": "1"})
    response = client.post(add_url(actors["PAN"]), data)
    assert response.status_code == 200
    assert "debe tener al menos 280 caracteres" in response.content.decode()
    assert not CandidacyPage.objects.exists()


def test_party_defaults_to_the_actor_page_and_no_other_is_accepted(editor, tree, offices, district):
    _, actors = tree
    data = form_data(offices["diputacion-mr"], district, "Breve.", party=actors["PRI"].party.pk)
    response = editor.post(add_url(actors["PAN"]), data)
    assert response.status_code == 200
    # The party field offers only PAN (candidates.party_choices): PRI is not a valid choice.
    assert "party" in response.context["form"].errors
    assert not CandidacyPage.objects.exists()


def test_editor_loads_the_education_status_toggle(editor, tree):
    _, actors = tree
    response = editor.get(add_url(actors["PAN"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "candidates/js/education-status.js" in content
    for tab in (
        "Datos generales",
        "Aspiración al cargo",
        "Propuestas políticas",
        "Trayectoria política",
        "Historia profesional o laboral",
    ):
        assert tab in content
