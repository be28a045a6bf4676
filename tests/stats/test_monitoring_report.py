"""The monitoring report: who may see it, what it counts, its exports, a constant query count."""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from moderation.roles import ADMINISTRATORS, MODERATORS, ensure_staff_groups
from tests.opendata.factories_helpers import answer_identity, draft, published

URL = "/admin/seguimiento/"


def make_user(username, group_name=None, superuser=False):
    user = get_user_model().objects.create_user(
        username=username, password="clave-de-prueba-larga-123", is_superuser=superuser
    )
    if group_name:
        group, _ = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
    return user


@pytest.fixture
def report_data(tree, offices, district):
    _page, actors = tree
    office = offices["diputacion-mr"]
    people = [
        published(actors["PAN"], office, district=district),
        published(actors["PAN"], office, district=district),
        draft(actors["PAN"], office, district=district),
        draft(actors["PRI"], office, district=district),
    ]
    answer_identity(people[0])
    return people


@pytest.fixture
def capturist(tree):
    from moderation.roles import capturist_group_name

    ensure_staff_groups()
    _, actors = tree
    group, _ = Group.objects.get_or_create(name=capturist_group_name(actors["PAN"].party))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = make_user("capturista-pan")
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_url_name():
    assert reverse("stats:monitoring") == URL


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", ADMINISTRATORS, MODERATORS])
def test_administrators_and_moderators_see_the_report(client, report_data, role):
    ensure_staff_groups()
    user = make_user("u", superuser=True) if role == "superuser" else make_user("u", role)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Informe de avance" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert URL in home


@pytest.mark.django_db
def test_party_capturists_are_refused(client, report_data, capturist):
    client.force_login(capturist)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?formato=csv").status_code == 403
    assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_counts_and_exports(client, report_data):
    client.force_login(make_user("root", superuser=True))
    response = client.get(URL + "?formato=csv")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = lines[1]
    rows = {line[0]: dict(zip(header, line, strict=False)) for line in lines[2:4]}
    assert rows["PAN"]["Personas registradas"] == "3"
    assert rows["PAN"]["Publicadas"] == "2"
    assert rows["PAN"]["Cuestionario de identidad respondido"] == "1"
    assert rows["PAN"]["Consentimientos registrados"] == "1"
    assert rows["PRI"]["Personas registradas"] == "1"
    assert rows["PRI"]["Publicadas"] == "0"

    response = client.get(URL + "?formato=xlsx")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["avance", "actividad"]
    progress = list(book["avance"].iter_rows(values_only=True))
    assert progress[1][0] == "PAN" and progress[1][3] == 3


@pytest.mark.django_db
def test_activity_counts_publications_per_day(client, report_data):
    client.force_login(make_user("root", superuser=True))
    response = client.get(URL)
    activity = response.context["activity"]
    assert sum(row["publications"] for row in activity) == 2


@pytest.mark.django_db
def test_invalid_period_is_reported(client, report_data):
    client.force_login(make_user("root", superuser=True))
    response = client.get(URL + "?desde=2026-13-01")
    assert response.status_code == 200
    assert "Fecha inválida" in response.content.decode()


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(client, tree, offices, district,
                                             django_assert_max_num_queries):  # fmt: skip
    _page, actors = tree
    client.force_login(make_user("root", superuser=True))
    office = offices["diputacion-mr"]
    published(actors["PAN"], office, district=district)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL + "?formato=csv")
    for _ in range(6):
        published(actors["PRI"], office, district=district)
        draft(actors["PAN"], office, district=district)
    with django_assert_max_num_queries(len(few)):
        client.get(URL + "?formato=csv")
