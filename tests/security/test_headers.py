"""CSP, Permissions-Policy and security.txt on public pages and in the admin."""

from django.contrib.auth import get_user_model
from django.test import override_settings

import pytest

PUBLIC_PATHS = ["/buscar/", "/estadisticas/", "/datos-abiertos/", "/.well-known/security.txt"]


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_enforce_a_policy_without_inline_code(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy-Report-Only" not in response
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert all(
        source in ("'self'",) or source.startswith("'nonce-") for source in policy["script-src"]
    )
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_nonce_in_the_header_is_the_one_the_page_uses_and_changes_every_response(rf):
    from django.http import HttpResponse
    from django.template import engines

    from security.middleware import ContentSecurityPolicyMiddleware

    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}"></script>')
    nonces = []
    for _ in range(2):
        request = rf.get("/candidaturas/")
        middleware = ContentSecurityPolicyMiddleware(
            lambda req: HttpResponse(template.render({"CSP_NONCE": req.csp_nonce}))
        )
        middleware.process_request(request)
        response = middleware.process_response(request, middleware.get_response(request))
        nonce = response.content.decode().split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


@pytest.mark.django_db
def test_the_admin_has_its_own_documented_policy(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "x" * 16)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    # Wagtail's own inline widget scripts and style attributes need 'unsafe-inline' here (a nonce
    # beside it would make browsers ignore it); eval and other origins stay refused.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/buscar/", "/admin/login/"])
def test_permissions_policy_refuses_camera_microphone_and_location(client, path):
    header = client.get(path)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in header


@pytest.mark.django_db
@override_settings(
    SECURITY_CONTACTS=["mailto:cert@iec.org.mx", "https://iec.org.mx/seguridad"],
    SECURITY_POLICY_URL="https://iec.org.mx/divulgacion",
)
def test_security_txt_lists_the_contacts_from_settings_and_a_future_expiry(client):
    from datetime import UTC, datetime

    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Contact: mailto:cert@iec.org.mx" in lines
    assert "Contact: https://iec.org.mx/seguridad" in lines
    assert "Policy: https://iec.org.mx/divulgacion" in lines
    assert "Preferred-Languages: es, en" in lines
    assert "Canonical: http://testserver/.well-known/security.txt" in lines
    expires = next(line for line in lines if line.startswith("Expires: "))
    moment = datetime.strptime(expires, "Expires: %Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    days = (moment - datetime.now(UTC)).days
    assert 0 < days <= 366
    assert any("vulnerabilidad" in line for line in lines)
    assert any("vulnerability" in line for line in lines)
