"""The privacy notice page: public, versioned, edited only by administrators."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from identity.models import PrivacyNoticeVersion
from identity.services import accept_notice, current_acceptance

pytestmark = pytest.mark.django_db


def publish_new_version(page, label, text):
    page.version = label
    page.simplified = f"<p>{text}</p>"
    page.full_clean()
    page.save_revision().publish()
    page.refresh_from_db()


def test_public_page_is_cacheable_and_shows_both_notices(client, notice):
    response = client.get("/aviso-de-privacidad/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aviso de privacidad simplificado" in html
    assert "Aviso de privacidad integral" in html
    assert "Versión vigente: 2023-01" in html
    assert "public" in response["Cache-Control"]
    assert not response.cookies


def test_new_version_is_frozen_and_requires_new_acceptance(client, candidacy, roles, notice):
    accept_notice(candidacy, roles["own"])
    assert current_acceptance(candidacy).notice_version.label == "2023-01"
    publish_new_version(notice, "2023-02", "Texto actualizado del aviso.")
    assert PrivacyNoticeVersion.current().label == "2023-02"
    assert current_acceptance(candidacy) is None
    old = client.get("/aviso-de-privacidad/?version=2023-01").content.decode()
    assert "Versión 2023-01" in old
    assert "Texto actualizado del aviso." not in old
    assert "Texto actualizado del aviso." in client.get("/aviso-de-privacidad/").content.decode()


def test_published_version_text_cannot_change_under_the_same_label(notice):
    notice.simplified = "<p>Otro texto con la misma versión.</p>"
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert "version" in error.value.message_dict


def grant_page_rights(group_name, page):
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    group = Group.objects.get(name=group_name)
    for kind in ("add", "change", "publish"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            ),
        )


@pytest.mark.parametrize(
    ("role", "may_edit"),
    [("own", False), ("moderator", False), ("admin", True), ("superuser", True)],
)
def test_only_administrators_edit_the_notice(client, notice, roles, role, may_edit):
    """Even a group with page rights over the home page cannot edit it unless administrator."""
    home = notice.get_parent()
    grant_page_rights("Administradores IEC", home)
    grant_page_rights("Moderadores IEC", home)
    grant_page_rights(roles["own"].groups.get().name, home)
    tester = notice.permissions_for_user(roles[role])
    assert tester.can_edit() is may_edit
    assert tester.can_publish() is may_edit
    client.force_login(roles[role])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[notice.pk]))
    assert (response.status_code == 200) is may_edit
