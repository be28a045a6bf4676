"""Two-factor authentication in the admin: password alone is not enough once a device exists."""

import base64
import re
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.roles import ADMINISTRATORS, MODERATORS
from security.two_factor import confirm_enrolment, pending_app_device

PASSWORD = "Clave-segura-2024!"


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def make_user(username, group=None, superuser=False):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    if superuser:
        user.is_superuser = True
        user.save()
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    # Parties, moderators and administrators all reach the admin.
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def enrol(user):
    device = pending_app_device(user)
    codes = confirm_enrolment(device)
    return device, codes


def password_login(client, username):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD}, follow=True
    )


@pytest.fixture
def staff(db):
    return make_user("moderadora", MODERATORS)


def test_with_a_device_the_password_alone_does_not_open_the_admin(client, staff):
    enrol(staff)
    response = password_login(client, "moderadora")
    assert response.redirect_chain[-1][0].startswith(reverse("security_2fa_verify"))
    assert "Verificación en dos pasos" in response.content.decode()
    for path in ("/admin/", "/admin/pages/", "/admin/users/", reverse("security_2fa_setup")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("security_2fa_verify"))


def test_a_wrong_code_is_refused_and_the_right_one_opens_the_admin(client, staff):
    device, _ = enrol(staff)
    password_login(client, "moderadora")
    verify = reverse("security_2fa_verify")
    response = client.post(verify, {"code": "000000" if current_code(device) != "000000" else "1"})
    assert response.status_code == 200
    assert "no es válido" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    time.sleep(1.1)  # django-otp makes each failure cost a delay (1 s after the first)
    response = client.post(verify, {"code": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_verification_does_not_redirect_to_another_site(client, staff):
    device, _ = enrol(staff)
    password_login(client, "moderadora")
    response = client.post(
        reverse("security_2fa_verify"),
        {"code": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_recovery_code_works_once(client, staff):
    _, codes = enrol(staff)
    assert len(codes) == 10
    password_login(client, "moderadora")
    response = client.post(reverse("security_2fa_verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    client.logout()
    password_login(client, "moderadora")
    response = client.post(reverse("security_2fa_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


@override_settings(STAFF_2FA_REQUIRED=True)
@pytest.mark.parametrize(
    ("username", "group", "superuser"),
    [("moderadora", MODERATORS, False), ("admin-iec", ADMINISTRATORS, False), ("root", None, True)],
)
def test_when_required_staff_without_a_device_must_enrol_first(
    client, db, username, group, superuser
):
    make_user(username, group, superuser)
    password_login(client, username)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("security_2fa_setup"))
    assert client.get(reverse("security_2fa_setup")).status_code == 200


@override_settings(STAFF_2FA_REQUIRED=True)
def test_parties_may_work_without_a_second_factor(client, db):
    make_user("captura-pan", "Capturistas PAN")
    password_login(client, "captura-pan")
    assert client.get("/admin/").status_code == 200


def test_without_the_setting_staff_without_a_device_are_not_stopped(client, staff):
    password_login(client, "moderadora")
    assert client.get("/admin/").status_code == 200


@override_settings(STAFF_2FA_REQUIRED=True)
def test_enrolment_shows_qr_and_key_and_confirms_with_one_code(client, staff):
    password_login(client, "moderadora")
    page = client.get(reverse("security_2fa_setup")).content.decode()
    assert "<svg" in page
    secret = re.search(r"data-two-factor-secret>([A-Z2-7 ]+)<", page).group(1)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert base64.b32decode(
        secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)
    ) == (device.bin_key)
    assert client.post(reverse("security_2fa_setup"), {"code": "12"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()

    time.sleep(1.1)  # the failure above costs a one-second delay
    response = client.post(reverse("security_2fa_setup"), {"code": current_code(device)})
    page = response.content.decode()
    assert "Códigos de recuperación" in page
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    assert TOTPDevice.objects.get(user=staff).confirmed
    # Enrolment verified this session: the admin opens without asking again.
    assert client.get("/admin/").status_code == 200


def test_regenerating_recovery_codes_voids_the_old_ones(client, staff):
    device, old_codes = enrol(staff)
    password_login(client, "moderadora")
    client.post(reverse("security_2fa_verify"), {"code": current_code(device)})
    response = client.post(reverse("security_2fa_codes"))
    new_codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new_codes) == 10
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


@override_settings(STAFF_2FA_REQUIRED=True)
def test_required_staff_cannot_remove_their_second_factor(client, staff):
    device, _ = enrol(staff)
    password_login(client, "moderadora")
    client.post(reverse("security_2fa_verify"), {"code": current_code(device)})
    client.post(reverse("security_2fa_remove"))
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_a_party_can_remove_its_optional_second_factor(client, db):
    user = make_user("captura-pan", "Capturistas PAN")
    device, _ = enrol(user)
    password_login(client, "captura-pan")
    client.post(reverse("security_2fa_verify"), {"code": current_code(device)})
    client.post(reverse("security_2fa_remove"))
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.logout()
    password_login(client, "captura-pan")
    assert client.get("/admin/").status_code == 200


def test_public_pages_never_ask_for_the_second_factor(client, staff):
    enrol(staff)
    password_login(client, "moderadora")
    assert client.get("/buscar/").status_code == 200
