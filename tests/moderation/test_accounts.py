"""Capture accounts: creation with an emailed password link, strong passwords, throttling, logs."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from moderation.roles import capturist_group_name
from moderation.signals import LOGIN, LOGIN_FAILED

pytestmark = pytest.mark.django_db
PASSWORD = "clave-de-prueba-larga-123"


def test_create_capturist_puts_the_account_in_the_party_group_and_emails_a_link(world, client):
    call_command("create_capturist", "pri", "nuevo-pri", "nuevo@pri.example.org")
    user = get_user_model().objects.get(username="nuevo-pri")
    assert not user.has_usable_password()
    pri = world.actors["PRI"].party
    assert list(user.groups.values_list("name", flat=True)) == [capturist_group_name(pri)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nuevo@pri.example.org"]
    link = re.search(r"http://testserver(/admin/password_reset/\S+)", message.body).group(1)

    # The link leads to the set-password form; a weak password is refused, a strong one works.
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    user.refresh_from_db()
    assert not user.has_usable_password()
    strong = "Coahuila-captura-2023!"
    client.post(form_url, {"new_password1": strong, "new_password2": strong})
    user.refresh_from_db()
    assert user.check_password(strong)
    # A used link does not work twice.
    again = client.get(link, follow=True)
    assert b"new_password1" not in again.content


def test_create_capturist_refuses_unknown_party_bad_email_and_duplicates(world):
    with pytest.raises(CommandError, match="No existe"):
        call_command("create_capturist", "XYZ", "alguien", "a@example.org")
    with pytest.raises(CommandError, match="Correo"):
        call_command("create_capturist", "PAN", "alguien", "no-es-correo")
    with pytest.raises(CommandError, match="Ya existe"):
        call_command("create_capturist", "PAN", "captura-pan", "a@example.org")
    assert not get_user_model().objects.filter(username="alguien").exists()


@pytest.mark.parametrize("password", ["corta1!", "123456789012", "password1234", "captura-pan1"])
def test_weak_passwords_are_rejected(world, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=world.users["pan"])


def test_login_and_failure_are_in_the_history(world, client):
    user = world.users["pan"]
    login_url = reverse("wagtailadmin_login")
    client.post(login_url, {"username": user.username, "password": "equivocada"})
    client.post(login_url, {"username": user.username, "password": PASSWORD})
    entries = ModelLogEntry.objects.for_instance(user).order_by("timestamp")
    actions = [entry.action for entry in entries]
    assert actions[-2:] == [LOGIN_FAILED, LOGIN]
    assert entries.last().user == user
    assert entries.last().timestamp is not None


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password(world, client):
    from axes.models import AccessAttempt

    user = world.users["pan"]
    login_url = reverse("wagtailadmin_login")
    for _ in range(3):
        client.post(login_url, {"username": user.username, "password": "equivocada"})
    response = client.post(login_url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "bloqueado" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=user.username).exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_success_before_the_limit_resets_the_count(world, client):
    user = world.users["pan"]
    login_url = reverse("wagtailadmin_login")
    for _ in range(2):
        client.post(login_url, {"username": user.username, "password": "equivocada"})
    client.post(login_url, {"username": user.username, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
