"""A party capturist in real Chromium: notice, consents, the questionnaire's conditional items."""

import pytest

from identity.models import IdentityQuestionnaire, PrivacyNoticePage

PASSWORD = "contraseña-segura-123"


@pytest.fixture
def capture(transactional_db):
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    from candidates.factories import CandidacyPageFactory, build_process_tree
    from elections.factories import ElectoralProcessFactory, OfficeFactory
    from home.models import HomePage
    from tests.identity.conftest import make_user

    if not PrivacyNoticePage.objects.exists():  # a flushed transactional database
        notice = PrivacyNoticePage(
            title="Aviso de privacidad",
            slug="aviso-de-privacidad",
            version="2023-01",
            simplified="<p>Aviso simplificado.</p>",
            integral="<p>Aviso integral.</p>",
        )
        HomePage.objects.get(depth=2).add_child(instance=notice)
        notice.save_revision().publish()
    process = ElectoralProcessFactory()
    _, actors = build_process_tree(process)
    candidacy = CandidacyPageFactory(
        parent=actors["PAN"],
        office=OfficeFactory(process=process, governorship=True),
        complete=True,
        publish=True,
        title="Itzel Nakawé Sánchez",
    )
    from moderation.roles import capturist_group_name

    group, _ = Group.objects.get_or_create(name=capturist_group_name(actors["PAN"].party))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for kind in ("add", "change"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=actors["PAN"],
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            ),
        )
    make_user("capturista_e2e", group)
    return candidacy


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_capturist_fills_identity_with_conditional_items(page, capture, settings, tmp_path):
    settings.IDENTITY_PRIVATE_ROOT = tmp_path / "private"
    candidacy = capture
    page.goto("/admin/login/")
    page.fill("input[name=username]", "capturista_e2e")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")

    # The candidacy's edit page links to the identity screen from its header's actions menu.
    page.goto(f"/admin/pages/{candidacy.pk}/edit/")
    page.locator("header [aria-label=Acciones], header [aria-label=Actions]").first.click()
    page.get_by_role("link", name="Identidad y consentimiento", exact=True).click()
    page.wait_for_url(f"**/admin/identidad/{candidacy.pk}/")

    page.get_by_label("La persona leyó el aviso de privacidad simplificado vigente").check()
    page.get_by_role("button", name="Registrar aceptación de la versión 2023-01").click()
    page.wait_for_url(f"**/admin/identidad/{candidacy.pk}/#aviso")

    page.check("input[name=processing][value=si]")
    page.check("input[name=publication][value=si]")
    page.check("input[name=statistics][value=no]")
    page.get_by_role("button", name="Guardar consentimientos").click()
    page.wait_for_url("**#consentimientos")

    people = page.locator("fieldset[data-field=indigenous_people]")
    disability_type = page.locator("fieldset[data-field=disability_type]")
    assert people.is_hidden()
    page.check('input[name=indigenous][value="Sí"]')
    assert people.is_visible()
    page.locator("select[name=indigenous_people]").select_option("Kikapú")
    page.check('input[name=disability][value="Sí"]')
    assert disability_type.is_visible()
    page.locator("select[name=disability_type]").select_option("Física")
    page.check('input[name=disability][value="No"]')
    assert disability_type.is_hidden()
    page.check('input[name=young][value="Prefiero no contestar"]')
    page.get_by_role("button", name="Guardar cuestionario").click()
    page.wait_for_url("**#cuestionario")

    answers = IdentityQuestionnaire.objects.get(candidacy=candidacy)
    assert answers.indigenous_people == "Kikapú"
    assert answers.disability == "No"
    assert answers.disability_type == ""
    assert answers.young == "Prefiero no contestar"

    page.goto(candidacy.url)
    assert page.get_by_text("Persona indígena").first.is_visible()
    assert page.get_by_text("Kikapú").count() == 0
