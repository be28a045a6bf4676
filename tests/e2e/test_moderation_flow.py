"""The review cycle in real Chromium: a party captures and submits, the IEC sends observations,
the party fixes and resubmits, the IEC approves, and only then is the candidacy public."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import override_settings

import pytest

from .test_party_first_steps import Clicks, ensure_privacy_notice, record_privacy_notice

PASSWORD = "Clave-segura-2023!"
NAME = "Rosa Elena Garza Treviño"
TEXT = (
    "Quiero servir a mi comunidad con honestidad y trabajo constante para mejorar la seguridad, "
    "la educación y la salud de las familias de mi distrito, escuchando a la ciudadanía y "
    "rindiendo cuentas de cada decisión que tome durante mi encargo, con total transparencia. "
)
LONG_TEXT = TEXT * 2


@pytest.fixture
def capture(transactional_db):
    from candidates.factories import build_process_tree
    from elections.factories import DistrictFactory, ElectoralProcessFactory, OfficeFactory

    ensure_privacy_notice()
    process = ElectoralProcessFactory()
    process_page, actors = build_process_tree(process, parties=("PAN", "PRI"))
    OfficeFactory(process=process)
    DistrictFactory(process=process, number=1, head_town="Acuña")
    users = {}
    from moderation.roles import MODERATORS, capturist_group_name

    for username, group in [
        ("captura-pan", capturist_group_name(actors["PAN"].party)),
        ("moderadora", MODERATORS),
    ]:
        user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return actors["PAN"], users


def log_in(browser, live_server, username):
    context = browser.new_context(
        base_url=live_server.url, locale="es-MX", viewport={"width": 1600, "height": 1000}
    )
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.goto("/admin/login/")
    tab.locator("#id_username").fill(username)
    tab.locator("#id_password").fill(PASSWORD)
    tab.get_by_role("button", name="Iniciar sesión").click()
    tab.wait_for_url("**/admin/")
    return tab


def textbox(tab, label):
    return tab.get_by_role("textbox", name=re.compile(label))


def select(tab, label):
    return tab.get_by_role("combobox", name=re.compile(label))


def insert_block(tab, which="first"):
    buttons = tab.locator("button[title='Insertar un bloque']:visible")
    (buttons.first if which == "first" else buttons.last).click()


def fill_candidacy(tab):
    textbox(tab, "^Nombre completo").fill(NAME)
    select(tab, "^Cargo").select_option(index=1)
    select(tab, "^Distrito").select_option(index=1)
    select(tab, "^Partido que postula").select_option(label="PAN")
    select(tab, "^Sexo").select_option(label="Mujer")
    textbox(tab, "^Fecha de nacimiento").fill("1980-05-04")

    tab.get_by_role("tab", name="Aspiración al cargo").click()
    textbox(tab, "Por qué quiere ocupar").fill(LONG_TEXT)

    tab.get_by_role("tab", name="Propuestas políticas").click()
    insert_block(tab)
    tab.locator("#proposals-0-value-description").fill(LONG_TEXT)
    insert_block(tab, "last")
    tab.locator("#proposals-1-value-description").fill("Segunda propuesta. " + LONG_TEXT)
    textbox(tab, "^Propuesta en materia de género").fill(LONG_TEXT)

    tab.get_by_role("tab", name="Trayectoria política").click()
    insert_block(tab)
    tab.get_by_role("option", name="Texto libre").click()
    tab.locator("[name='political_trajectory-0-value']").fill(LONG_TEXT)

    tab.get_by_role("tab", name="Historia profesional o laboral").click()
    insert_block(tab)
    tab.get_by_role("option", name="Texto libre").click()
    tab.locator("[name='professional_history-0-value']").fill(LONG_TEXT)
    select(tab, "^Grado máximo").select_option(label="Licenciatura")
    select(tab, "^Estatus del grado").select_option(label="Título")


def footer_action(tab, name):
    tab.get_by_role("button", name="Más acciones").click()
    tab.get_by_role("button", name=name).click()


@pytest.fixture
def tabs():
    """Browser tabs opened by the test, closed before the database is flushed."""
    opened = []
    yield opened
    for tab in opened:
        tab.context.close()


# Autosave posts drafts in the background every 500 ms; the live server shares SQLite's
# in-memory database with the test thread, so keep the browser's requests the test's own.
@override_settings(WAGTAIL_AUTOSAVE_INTERVAL=0)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_capture_review_and_publication(browser, live_server, capture, tabs):
    from candidates.models import CandidacyPage

    actor_page, users = capture

    # The party's capturist creates the candidacy, records the person's acceptance of the
    # privacy notice (the default submission policy blocks without it) and submits it.
    party = log_in(browser, live_server, "captura-pan")
    tabs.append(party)
    party.goto(f"/admin/pages/add/candidates/candidacypage/{actor_page.pk}/")
    fill_candidacy(party)
    party.get_by_role("button", name="Guardar borrador").click()
    party.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    record_privacy_notice(party, Clicks())
    footer_action(party, re.compile("^Enviar a Revisión del IEC"))
    party.get_by_text(re.compile("enviada para (ser moderada|moderación)")).wait_for()

    candidacy = CandidacyPage.objects.get(title=NAME)
    public_url = live_server.url + candidacy.url
    assert party.request.get(public_url).status == 404

    # The moderator sends observations back, naming the section.
    moderator = log_in(browser, live_server, "moderadora")
    tabs.append(moderator)
    moderator.get_by_role("link", name=re.compile(NAME)).first.wait_for()
    moderator.goto(f"/admin/pages/{candidacy.pk}/edit/")
    footer_action(moderator, "Solicitar cambios")
    dialog = moderator.get_by_role("dialog")
    dialog.get_by_label(re.compile("Observaciones sobre «Propuestas políticas»")).fill(
        "La propuesta 2 no es concreta."
    )
    dialog.get_by_role("button", name="Solicitar cambios").click()
    moderator.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert party.request.get(public_url).status == 404

    # The capturist sees the observation, fixes the section and resubmits.
    party.goto(f"/admin/pages/{candidacy.pk}/edit/")
    party.get_by_text(re.compile("La propuesta 2 no es concreta")).first.wait_for(state="attached")
    observation = [m for m in mail.outbox if "captura-pan@example.org" in m.to]
    assert any("La propuesta 2 no es concreta" in m.body for m in observation)
    party.get_by_role("tab", name="Propuestas políticas").click()
    party.locator("#proposals-1-value-description").fill("Propuesta concreta: " + LONG_TEXT)
    footer_action(party, re.compile("^Reenviar a "))
    party.get_by_text(re.compile("enviada para (ser moderada|moderación)")).first.wait_for()
    assert party.request.get(public_url).status == 404

    # The moderator approves, which publishes.
    moderator.goto(f"/admin/pages/{candidacy.pk}/edit/")
    footer_action(moderator, re.compile("^Aprobar y Publicar$", re.IGNORECASE))
    moderator.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    candidacy.refresh_from_db()
    assert candidacy.live
    response = party.request.get(public_url)
    assert response.status == 200
    assert NAME in response.text()
    assert "Propuesta concreta" in response.text()
