"""The audit logs in the admin: administrators read, filter and export them; nobody else can.

Issue #11 (hardening 5): the identity access log and the consent events were written but no one
could read them. Each view is asked by every role; for administrators the filters must narrow the
rows and the CSV must keep a hostile value from becoming a spreadsheet formula.
"""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log

import pytest
from axes.models import AccessAttempt

from identity.models import ConsentEvent, IdentityAccessLog
from moderation.signals import LOGIN, LOGIN_FAILED

pytestmark = pytest.mark.django_db

URLS = ["audit:identity_access", "audit:consent_events", "audit:logins", "audit:failed_attempts"]
FORMULA = '=HYPERLINK("https://evil.example","clic")'


@pytest.fixture
def logs(world):
    pan_page = world.candidacy("PAN", title="Rosa Elena Garza Treviño", notice=False)
    pri_page = world.candidacy("PRI", title="Mario Alberto Flores Ruiz", notice=False)
    old = IdentityAccessLog.objects.create(
        candidacy=pan_page, user=world.users["pan"], username="captura-pan"
    )
    IdentityAccessLog.objects.filter(pk=old.pk).update(
        at=timezone.make_aware(datetime.datetime(2023, 3, 1, 10, 0))
    )
    IdentityAccessLog.objects.create(
        candidacy=pri_page,
        user=world.users["moderator"],
        username="moderadora",
        action=IdentityAccessLog.Action.DOWNLOAD,
    )
    ConsentEvent.objects.create(
        candidacy=pan_page,
        kind="publication",
        action=ConsentEvent.Action.GIVEN,
        recorded_by=world.users["pan"],
        note=FORMULA,
    )
    ConsentEvent.objects.create(
        candidacy=pri_page,
        kind="statistics",
        action=ConsentEvent.Action.WITHDRAWN,
        recorded_by=world.users["pri"],
    )
    log(instance=world.users["pan"], action=LOGIN, user=world.users["pan"], data={"ip": "10.0.0.7"})
    log(instance=world.users["pri"], action=LOGIN_FAILED, user=None, data={"ip": "10.0.0.9"})
    AccessAttempt.objects.create(
        username="=cmd|' /C calc'!A0",
        ip_address="203.0.113.5",
        user_agent="curl",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/admin/login/",
    )
    return pan_page, pri_page


@pytest.mark.parametrize("url_name", URLS)
@pytest.mark.parametrize("role", ["moderator", "pan", "pri"])
def test_moderators_and_parties_are_refused(world, logs, login, url_name, role):
    client = login(world.users[role])
    for url in (
        reverse(url_name),
        reverse(f"{url_name}_results"),
        reverse(url_name) + "?export=csv",
    ):
        response = client.get(url)
        assert response.status_code == 403, (url, role)
        assert b"Rosa Elena" not in response.content
        assert b"10.0.0.7" not in response.content


@pytest.mark.parametrize("url_name", URLS)
def test_anonymous_is_sent_to_login(world, logs, url_name):
    response = Client().get(reverse(url_name))
    assert response.status_code in (302, 403)
    assert b"Rosa Elena" not in response.content


@pytest.mark.parametrize("url_name", URLS)
def test_administrators_read_every_log(world, logs, login, url_name):
    response = login(world.users["admin"]).get(reverse(url_name))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


def test_menu_shows_the_logs_to_administrators_only(world, login):
    urls = [reverse(name) for name in URLS]
    home = login(world.users["admin"]).get(reverse("wagtailadmin_home")).content.decode()
    assert all(url in home for url in urls)
    for role in ("moderator", "pan"):
        home = login(world.users[role]).get(reverse("wagtailadmin_home")).content.decode()
        assert not any(url in home for url in urls), role


def rows(client, url_name, **params):
    response = client.get(reverse(url_name), {**params, "export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))[1:]


def test_identity_access_filters_by_candidacy_user_and_date(world, logs, login):
    pan_page, pri_page = logs
    client = login(world.users["admin"])
    assert len(rows(client, "audit:identity_access")) == 2
    by_name = rows(client, "audit:identity_access", candidacy="garza")
    assert [(r[1], r[3]) for r in by_name] == [("captura-pan", str(pan_page.pk))]
    by_number = rows(client, "audit:identity_access", candidacy=str(pri_page.pk))
    assert [r[1] for r in by_number] == ["moderadora"]
    assert by_number[0][2] == "Descarga del formato"
    assert [r[1] for r in rows(client, "audit:identity_access", username="moder")] == ["moderadora"]
    march = rows(client, "audit:identity_access", at_from="2023-03-01", at_to="2023-03-02")
    assert [r[1] for r in march] == ["captura-pan"]
    html = client.get(reverse("audit:identity_access"), {"candidacy": "garza"}).content.decode()
    assert "Rosa Elena Garza Treviño" in html
    assert "Mario Alberto" not in html


def test_consent_events_filter_and_export_without_formulas(world, logs, login):
    client = login(world.users["admin"])
    everything = rows(client, "audit:consent_events")
    assert len(everything) == 2
    given = rows(client, "audit:consent_events", action="otorgado")
    assert len(given) == 1
    assert given[0][1:4] == [
        "Otorgado",
        "Publicación de las respuestas de identidad",
        "captura-pan",
    ]
    assert given[0][6] == "'" + FORMULA
    assert [r[3] for r in rows(client, "audit:consent_events", recorded_by="captura-pri")] == [
        "captura-pri"
    ]
    assert rows(client, "audit:consent_events", recorded_at_from="2030-01-01") == []


def test_login_history_lists_successes_and_failures(world, logs, login):
    client = login(world.users["admin"])
    # The administrator's own sign-in (force_login sends user_logged_in) is in the history too.
    history = [r for r in rows(client, "audit:logins") if r[1] != "admin-iec"]
    assert {(r[1], r[2], r[3]) for r in history} == {
        ("captura-pan", "Inicio de sesión", "10.0.0.7"),
        ("captura-pri", "Intento fallido", "10.0.0.9"),
    }
    assert [r[1] for r in rows(client, "audit:logins", action=LOGIN_FAILED)] == ["captura-pri"]
    assert [r[1] for r in rows(client, "audit:logins", username="pan")] == ["captura-pan"]


def test_failed_attempts_export_neutralises_a_formula_typed_as_username(world, logs, login):
    (attempt,) = rows(login(world.users["admin"]), "audit:failed_attempts")
    assert attempt[1] == "'=cmd|' /C calc'!A0"
    assert attempt[2:4] == ["203.0.113.5", "5"]


@override_settings(AXES_ENABLED=False)
def test_a_real_login_reaches_the_history(world, login):
    user = get_user_model().objects.get(username="captura-pan")
    client = Client(REMOTE_ADDR="198.51.100.4")
    assert client.login(username=user.username, password="clave-de-prueba-larga-123")
    history = rows(login(world.users["admin"]), "audit:logins")
    assert ["captura-pan", "Inicio de sesión"] in [r[1:3] for r in history]
