"""The "Catálogos" admin: every catalog reachable by administrators, nobody else edits it."""

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from elections.factories import PartyFactory
from elections.models import Party

CATALOGS = [
    "electoralprocess",
    "office",
    "district",
    "municipality",
    "section",
    "party",
    "coalition",
    "sigladoentry",
    "independentcandidacy",
]


def url(model, action="index", *args):
    return reverse(f"elections_{model}_modeladmin_{action}", args=args)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, django_user_model):
    """An admin user with no catalog permission (like a party capturist)."""
    user = django_user_model.objects.create_user("capturista", "c@example.org", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", CATALOGS)
def test_administrator_opens_every_catalog_list_and_create_form(admin_client, process, model):
    assert admin_client.get(url(model)).status_code == 200
    assert admin_client.get(url(model, "create")).status_code == 200


def _menu_labels(user, rf):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = user
    labels = {}
    for item in admin_menu.menu_items_for_request(request):
        submenu = getattr(item, "menu", None)
        children = submenu.menu_items_for_request(request) if submenu else []
        labels[str(item.label)] = [str(child.label) for child in children]
    return labels


def test_catalogs_menu_groups_the_catalogs_in_spanish(django_user_model, rf, db):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    labels = _menu_labels(user, rf)
    assert labels["Catálogos"] == [
        "Procesos electorales",
        "Cargos",
        "Distritos",
        "Municipios",
        "Secciones electorales",
        "Partidos políticos",
        "Coaliciones",
        "Siglado de coaliciones",
        "Candidaturas independientes",
    ]


def test_catalogs_menu_is_hidden_from_users_without_catalog_permissions(django_user_model, rf, db):
    user = django_user_model.objects.create_user("capturista", "c@example.org", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert "Catálogos" not in _menu_labels(user, rf)


def test_administrator_creates_a_party_from_the_admin(admin_client, process):
    response = admin_client.post(
        url("party", "create"),
        {
            "process": process.pk,
            "name": "Partido Nuevo",
            "acronym": "PN",
            "slug": "pn",
            "color": "#123456",
            "sort_order": 9,
        },
    )
    assert response.status_code == 302
    assert Party.objects.filter(process=process, acronym="PN").exists()


def test_party_form_rejects_a_malformed_color_in_spanish(admin_client, db):
    response = admin_client.post(
        url("party", "create"),
        {"name": "Partido Nuevo", "acronym": "PN", "slug": "pn", "color": "rojo", "sort_order": 9},
    )
    assert response.status_code == 200
    assert "formato hexadecimal" in response.content.decode()
    assert not Party.objects.filter(acronym="PN").exists()


@pytest.mark.parametrize("model", CATALOGS)
def test_user_without_model_permissions_cannot_list_catalogs(staff_client, process, model):
    response = staff_client.get(url(model))
    assert response.status_code in (302, 403)


def test_user_without_permission_cannot_edit_or_delete_a_party(staff_client, db):
    party = PartyFactory(acronym="PAN", name="Partido Acción Nacional")
    edit = staff_client.post(
        url("party", "edit", party.pk),
        {"name": "Otro", "acronym": "PAN", "slug": "pan", "color": "#000000"},
    )
    delete = staff_client.post(url("party", "delete", party.pk))
    assert edit.status_code in (302, 403)
    assert delete.status_code in (302, 403)
    party.refresh_from_db()
    assert party.name == "Partido Acción Nacional"


def test_model_permissions_are_respected_per_catalog(client, django_user_model, process):
    user = django_user_model.objects.create_user("parcial", "p@example.org", "x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_party"),
    )
    client.force_login(user)
    assert client.get(url("party")).status_code == 200
    assert client.get(url("party", "create")).status_code in (302, 403)
    assert client.get(url("office")).status_code in (302, 403)
