"""Production logs are JSON lines without personal data: a failed login names neither the account,
the password nor the client's address; e-mail and IP addresses are scrubbed from any message."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

import pytest

from site_conoceles import json_logging

EMAIL = "ana.lopez@partido.org.mx"
PASSWORD = "clave-equivocada-2024"  # noqa: S105
CLIENT_IP = "203.0.113.77"
# What production.py sets (and what nginx sends: X-Forwarded-For with the client's address).
PRODUCTION_AXES = override_settings(
    AXES_ENABLED=True,
    AXES_IPWARE_META_PRECEDENCE_ORDER=("HTTP_X_FORWARDED_FOR",),
    AXES_IPWARE_PROXY_COUNT=0,
    AXES_CLIENT_STR_CALLABLE="site_conoceles.json_logging.axes_client_str",
)


@pytest.fixture
def captured():
    """The production logging configuration, writing to a buffer instead of stderr."""
    stream = io.StringIO()
    config = json_logging.logging_config()
    config["handlers"]["console"]["stream"] = stream
    previous = logging.root.handlers[:]
    logging.config.dictConfig(config)
    yield stream
    logging.root.handlers = previous
    logging.config.dictConfig(settings.LOGGING)


def lines(stream):
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@PRODUCTION_AXES
@pytest.mark.django_db
def test_login_failure_log_line_has_no_password_email_or_address(captured):
    get_user_model().objects.create_user(EMAIL, email=EMAIL, password="clave-correcta-2024")  # noqa: S106
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=CLIENT_IP)
    client.post(reverse("wagtailadmin_login"), {"username": EMAIL, "password": PASSWORD})

    records = lines(captured)
    failures = [r for r in records if "login failure" in r["message"]]
    assert len(failures) == 1, records
    failure = failures[0]
    assert set(failure) == {"time", "level", "logger", "message"}
    assert failure["logger"].startswith("axes")
    # Documented content: the login path and a 12-hex keyed hash of the account.
    assert "ruta: /admin/login/" in failure["message"]
    assert "cuenta: " in failure["message"]
    raw = captured.getvalue()
    for secret in (PASSWORD, EMAIL, "ana.lopez", CLIENT_IP, "127.0.0.1"):
        assert secret not in raw


def test_the_account_hash_repeats_for_one_account_and_differs_between_accounts():
    one = json_logging.axes_client_str(EMAIL, CLIENT_IP, "curl", "/admin/login/", None)
    again = json_logging.axes_client_str(EMAIL.upper(), "198.51.100.1", "x", "/admin/login/", None)
    other = json_logging.axes_client_str("otra@ejemplo.mx", CLIENT_IP, "curl", "/admin/", None)
    assert one == again
    assert one != other
    assert EMAIL not in one and CLIENT_IP not in one and "curl" not in one


def test_any_message_and_traceback_are_scrubbed(captured):
    logger = logging.getLogger("conoceles.prueba")
    logger.warning("Correo a %s desde %s y 2001:db8::7 falló", EMAIL, CLIENT_IP)
    try:
        raise ValueError(f"usuario {EMAIL} en {CLIENT_IP}")
    except ValueError:
        logger.exception("Error al enviar")
    warning, error = lines(captured)
    assert warning["message"] == "Correo a [correo] desde [ip] y [ip] falló"
    assert warning["level"] == "WARNING"
    assert error["exception"] == "ValueError"
    assert "[correo]" in error["traceback"] and "[ip]" in error["traceback"]
    assert EMAIL not in captured.getvalue() and CLIENT_IP not in captured.getvalue()


def test_times_and_versions_are_not_mistaken_for_addresses():
    assert json_logging.scrub("a las 12:30:05, Wagtail 8.0") == "a las 12:30:05, Wagtail 8.0"


PRODUCTION_PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "logging": settings.LOGGING,
    "axes": settings.AXES_CLIENT_STR_CALLABLE,
    "replica_host": settings.DATABASES["replica"]["HOST"],
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
}))
"""


def test_production_settings_use_the_json_logs_and_the_replica_router():
    # In a child process: production.py changes dicts it shares with the test settings.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_conoceles.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "conoceles.example.mx",
        "DATABASE_REPLICA_URL": "postgres://lector@replica.example.mx:5432/conoceles",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()\n" + PRODUCTION_PROBE],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    production = json.loads(result.stdout.strip().splitlines()[-1])
    assert production["logging"]["handlers"]["console"]["formatter"] == "json"
    assert production["logging"]["formatters"]["json"]["()"].endswith("JsonFormatter")
    assert production["axes"].endswith("axes_client_str")
    assert production["replica_host"] == "replica.example.mx"
    assert production["routers"] == ["site_conoceles.db_routers.ReplicaRouter"]
    assert production["middleware"][0] == "site_conoceles.db_routers.PublicReadMiddleware"
