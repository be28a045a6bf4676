"""Login throttling behind the documented nginx: locks fall on a (username, client) pair.

The probe of issue #11 found that behind a proxy every client was 127.0.0.1, so five failures for
a made-up name locked every account. These tests send the header nginx sets, from two clients.
"""

import importlib
import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

import pytest
from axes.models import AccessAttempt

PASSWORD = "clave-correcta-2024"  # noqa: S105
# What production.py sets with its defaults: nginx overwrites X-Forwarded-For, no proxy before it.
BEHIND_NGINX = override_settings(
    AXES_ENABLED=True,
    AXES_FAILURE_LIMIT=3,
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR",),
    AXES_IPWARE_PROXY_COUNT=0,
    AXES_IPWARE_PROXY_ORDER="right-most",
)
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"


def client_at(address):
    """A browser whose requests reach Django through nginx, which always connects from loopback."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def login(client, username, password):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


@pytest.fixture
def account(db):
    return get_user_model().objects.create_user("pan", password=PASSWORD)


def logged_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@BEHIND_NGINX
def test_a_locked_pair_stays_locked_but_the_account_logs_in_from_elsewhere(account):
    attacker = client_at(CLIENT_A)
    for _ in range(3):
        login(attacker, "pan", "equivocada")
    response = login(attacker, "pan", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(attacker, account)
    attempt = AccessAttempt.objects.get(username="pan")
    assert attempt.ip_address == CLIENT_A

    owner = client_at(CLIENT_B)
    login(owner, "pan", PASSWORD)
    assert logged_in(owner, account)
    # The owner's success does not lift the attacker's lock.
    assert login(client_at(CLIENT_A), "pan", PASSWORD).status_code == 429


@BEHIND_NGINX
def test_failures_for_a_made_up_username_lock_no_valid_account(account):
    for _ in range(5):
        login(client_at(CLIENT_A), "no-existe", "equivocada")
    assert login(client_at(CLIENT_A), "no-existe", "x").status_code == 429
    same_address = client_at(CLIENT_A)
    login(same_address, "pan", PASSWORD)
    assert logged_in(same_address, account)
    other_address = client_at(CLIENT_B)
    login(other_address, "pan", PASSWORD)
    assert logged_in(other_address, account)


@BEHIND_NGINX
def test_the_address_comes_from_the_header_not_from_nginx(account):
    """Without the header every client would share nginx's 127.0.0.1 lock, as the probe saw."""
    for _ in range(3):
        login(client_at(CLIENT_A), "pan", "equivocada")
    assert not AccessAttempt.objects.filter(ip_address="127.0.0.1").exists()
    behind_same_proxy = client_at(CLIENT_B)
    login(behind_same_proxy, "pan", PASSWORD)
    assert logged_in(behind_same_proxy, account)


@BEHIND_NGINX
def test_a_forged_chain_does_not_borrow_another_clients_address(account):
    """nginx overwrites the header, so more than one address means someone forged it."""
    forger = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{CLIENT_B}, {CLIENT_A}")
    for _ in range(3):
        login(forger, "pan", "equivocada")
    assert not AccessAttempt.objects.filter(ip_address__in=[CLIENT_A, CLIENT_B]).exists()
    for address in (CLIENT_A, CLIENT_B):
        victim = client_at(address)
        login(victim, "pan", PASSWORD)
        assert logged_in(victim, account)


def production_settings(**environ):
    """Imports production.py in a child process, since it reads the environment at import."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_conoceles.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "conoceles.example.org",
        **environ,
    }
    script = (
        "from django.conf import settings;"
        "print(settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT,"
        " settings.AXES_LOCKOUT_PARAMETERS, settings.AXES_VERBOSE)"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_production_reads_the_client_from_the_proxy_header_by_default():
    assert production_settings() == (
        "('HTTP_X_FORWARDED_FOR',) 0 [['username', 'ip_address']] False"
    )


def test_production_header_and_proxy_count_come_from_the_environment():
    assert production_settings(CLIENT_IP_HEADER="X-Real-IP", CLIENT_IP_PROXY_COUNT="1") == (
        "('HTTP_X_REAL_IP',) 1 [['username', 'ip_address']] False"
    )
    assert production_settings(CLIENT_IP_HEADER="REMOTE_ADDR").startswith("('REMOTE_ADDR',) 0")


def test_without_a_proxy_the_peer_address_counts():
    """Dev and test read REMOTE_ADDR: there a forged header must not choose the address."""
    base = importlib.import_module("site_conoceles.settings.base")
    assert base.AXES_IPWARE_META_PRECEDENCE_ORDER == ("REMOTE_ADDR",)
