"""Security in a real Chromium: the CSP watch works, and the admin wants a second factor."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

import pytest
from django_otp.oath import TOTP

from moderation.roles import MODERATORS
from security.two_factor import confirm_enrolment, pending_app_device

PASSWORD = "Clave-segura-2024!"


def test_an_inline_handler_is_refused_and_reported(page, no_csp_violations):
    """The watch in conftest.py must see a violation, or a clean run would prove nothing."""
    page.goto("/buscar/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend',"
        ' \'<img src="data:," onerror="document.body.dataset.pwned = 1">\')'
    )
    page.wait_for_timeout(500)
    assert page.evaluate("document.body.dataset.pwned") is None
    assert no_csp_violations, "the browser reported no CSP violation"
    no_csp_violations.clear()


@pytest.fixture
def moderator(transactional_db):
    user = get_user_model().objects.create_user("moderadora", "m@example.org", PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    device = pending_app_device(user)
    codes = confirm_enrolment(device)
    return device, codes


def code_for(device):
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_login(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="es-MX")
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto("/admin/login/")
    tab.locator("#id_username").fill("moderadora")
    tab.locator("#id_password").fill(PASSWORD)
    tab.get_by_role("button", name="Iniciar sesión").click()
    tab.wait_for_url("**/admin/dos-pasos/verificar/**")
    return tab


def test_the_password_alone_does_not_open_the_admin_and_a_totp_code_does(
    browser, live_server, moderator
):
    device, _ = moderator
    tab = password_login(browser, live_server)
    assert tab.get_by_role("heading", name="Verificación en dos pasos").is_visible()
    for path in ("/admin/", "/admin/pages/", "/admin/dos-pasos/"):
        tab.goto(path)
        assert "/admin/dos-pasos/verificar/" in tab.url
    tab.get_by_label("Código").fill(code_for(device))
    tab.get_by_role("button", name="Verificar").click()
    # Back to where the password step left off: the account's two-factor page, now open.
    tab.wait_for_url("**/admin/dos-pasos/")
    tab.get_by_text("La verificación en dos pasos está activa").wait_for()
    tab.goto("/admin/")
    assert tab.url.endswith("/admin/")
    tab.context.close()


def test_a_recovery_code_opens_the_admin_once(browser, live_server, moderator):
    _, codes = moderator
    tab = password_login(browser, live_server)
    tab.get_by_label("Código").fill(codes[0])
    tab.get_by_role("button", name="Verificar").click()
    tab.wait_for_url("**/admin/")
    tab.context.close()

    tab = password_login(browser, live_server)
    tab.get_by_label("Código").fill(codes[0])
    tab.get_by_role("button", name="Verificar").click()
    tab.locator(".messages .error").get_by_text("El código no es válido o ya se usó").wait_for()
    tab.goto("/admin/")
    assert "/admin/dos-pasos/verificar/" in tab.url
    tab.context.close()
