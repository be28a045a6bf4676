"""Capture accounts from the admin: only administrators create, list, disable and enable them."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from moderation.roles import ADMINISTRATORS, capturist_group_name

pytestmark = pytest.mark.django_db
STRONG = "Coahuila-captura-2023!"
NOT_ADMINS = ["moderator", "pan", "pri", "prd"]


def actor_key(world, acronym):
    return f"partido-{world.actors[acronym].party.pk}"


def new_account(world, acronym="PRI", **overrides):
    data = {
        "actor": actor_key(world, acronym),
        "username": "nueva-captura",
        "email": "nueva@pri.example.org",
        "first_name": "Ana",
        "last_name": "Pérez",
        "mode": "enlace",
        "password1": "",
        "password2": "",
    }
    data.update(overrides)
    return data


def create_url(world):
    return f"{reverse('accounts:create')}?proceso={world.process.slug}"


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_only_administrators_reach_the_screens(world, login, role):
    client = login(world.user(role))
    target = world.user("pan")
    assert client.get(reverse("accounts:list")).status_code == 403
    assert client.get(create_url(world)).status_code == 403
    # Forged POSTs do nothing.
    assert client.post(create_url(world), new_account(world)).status_code == 403
    assert client.post(reverse("accounts:disable", args=[target.pk])).status_code == 403
    assert not get_user_model().objects.filter(username="nueva-captura").exists()
    target.refresh_from_db()
    assert target.is_active


def test_anonymous_is_sent_to_the_login(world, login):
    client = login(None)
    for url in (reverse("accounts:list"), create_url(world)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    response = client.post(reverse("accounts:disable", args=[world.user("pan").pk]))
    assert response.status_code == 302
    assert world.user("pan").is_active


def test_administrator_lists_accounts_per_party_and_sees_the_menu(world, login):
    client = login(world.user("admin"))
    response = client.get(reverse("accounts:list"), {"proceso": world.process.slug})
    assert response.status_code == 200
    html = response.content.decode()
    for username in ("captura-pan", "captura-pri", "captura-prd"):
        assert username in html
    assert "Capturistas PAN" in html
    # The institute's own accounts are not capture accounts and are not listed.
    assert "moderadora" not in html
    assert '<th scope="row">admin-iec' not in html
    assert "Cuentas de captura" in client.get(reverse("wagtailadmin_home")).content.decode()
    moderator = login(world.user("moderator"))
    assert (
        reverse("accounts:list") not in moderator.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_list_query_count_does_not_grow_with_accounts(world, login, django_assert_max_num_queries):
    client = login(world.user("admin"))
    client.get(reverse("accounts:list"))  # warm the session and caches
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("accounts:list"))
    group = world.user("pan").groups.get()
    for number in range(15):
        get_user_model().objects.create_user(f"pan-{number}", f"p{number}@x.org").groups.add(group)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accounts:list"))
    assert "pan-14" in response.content.decode()


def test_create_with_emailed_link_goes_through_the_queue(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.user("admin"))
    assert client.get(create_url(world)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(world), new_account(world))
    assert response.status_code == 302
    user = get_user_model().objects.get(username="nueva-captura")
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [
        capturist_group_name(world.actors["PRI"].party)
    ]
    assert not user.is_staff and not user.is_superuser
    assert ModelLogEntry.objects.filter(object_id=str(user.pk), action="wagtail.create").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nueva@pri.example.org"]
    link = re.search(r"http://testserver(/admin/password_reset/\S+)", mail.outbox[0].body).group(1)
    login(None)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    user.refresh_from_db()
    assert user.check_password(STRONG)


def test_create_with_an_initial_password(world, login, django_capture_on_commit_callbacks):
    client = login(world.user("admin"))
    data = new_account(world, "PAN", mode="contrasena", password1=STRONG, password2=STRONG)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(create_url(world), data).status_code == 302
    user = get_user_model().objects.get(username="nueva-captura")
    assert user.check_password(STRONG)
    assert list(user.groups.values_list("name", flat=True)) == [
        capturist_group_name(world.actors["PAN"].party)
    ]
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "captura-pan"}, "Ya existe la cuenta «captura-pan»."),
        ({"username": "CAPTURA-PAN"}, "Ya existe la cuenta «CAPTURA-PAN»."),
        ({"username": "con espacios"}, "El usuario solo puede tener letras"),
        ({"email": "no-es-correo"}, "Escriba un correo electrónico válido."),
        (
            {"actor": "partido-999999"},
            "Elija un partido o una candidatura independiente de la lista.",
        ),
        ({"mode": "contrasena"}, "Escriba la contraseña inicial."),
        ({"mode": "contrasena", "password1": STRONG, "password2": "otra"}, "no coinciden"),
        ({"mode": "contrasena", "password1": "12345678", "password2": "12345678"}, "demasiado"),
    ],
)
def test_bad_input_gets_a_spanish_message(world, login, overrides, message):
    client = login(world.user("admin"))
    response = client.post(create_url(world), new_account(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email="nueva@pri.example.org").exists()
    assert mail.outbox == []


def test_disable_and_enable_a_capture_account(world, login, client):
    admin = login(world.user("admin"))
    target = world.user("pan")
    response = admin.post(
        reverse("accounts:disable", args=[target.pk]), {"proceso": world.process.slug}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?proceso={world.process.slug}")
    target.refresh_from_db()
    assert not target.is_active
    # A disabled account cannot enter the admin, even with an open session.
    login(target)
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    admin = login(world.user("admin"))
    assert admin.get(reverse("accounts:disable", args=[target.pk])).status_code == 405
    admin.post(reverse("accounts:enable", args=[target.pk]))
    target.refresh_from_db()
    assert target.is_active


@pytest.mark.parametrize("role", ["admin", "moderator"])
def test_staff_accounts_cannot_be_disabled_here(world, login, role):
    client = login(world.user("admin"))
    target = world.user(role)
    assert client.post(reverse("accounts:disable", args=[target.pk])).status_code == 404
    superuser = get_user_model().objects.create_superuser("root", "r@x.org", STRONG)
    superuser.groups.add(world.user("pan").groups.get())
    assert client.post(reverse("accounts:disable", args=[superuser.pk])).status_code == 404
    target.refresh_from_db()
    assert target.is_active


def test_unknown_process_is_404(world, login):
    client = login(world.user("admin"))
    assert client.get(reverse("accounts:list"), {"proceso": "no-existe"}).status_code == 404


def test_superuser_outside_the_group_may_manage(world, login):
    root = get_user_model().objects.create_superuser("root", "r@x.org", STRONG)
    assert not root.groups.filter(name=ADMINISTRATORS).exists()
    assert login(root).get(reverse("accounts:list")).status_code == 200
