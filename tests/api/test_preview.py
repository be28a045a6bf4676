"""Draft preview for external front ends: who may mint a token, what one token opens (that one
candidacy's latest revision, through the public projection), and every way a token is refused."""

import datetime as dt
import json
from unittest import mock

from django.contrib.auth.models import Group
from django.core import signing
from django.urls import reverse

import pytest

from api.preview import PREVIEW_MAX_AGE, SALT, make_token
from identity.models import IdentityQuestionnaire
from moderation.roles import MODERATORS
from tests.moderation.conftest import ROLES
from tests.moderation.forms import candidacy_post_data
from tests.opendata.factories_helpers import answer_identity

pytestmark = pytest.mark.django_db

URL = "/api/v2/vista-previa/"
# Who may mint a token for a PAN candidacy (PAN and PRI are in coalition: PRI still may not).
ALLOWED = {"admin": True, "moderator": True, "pan": True, "pri": False, "prd": False}


def admin_url(page):
    return reverse("api_preview_token", args=[page.pk])


def token_from_admin(client, page):
    response = client.get(admin_url(page))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    return response.context["token"], response.context["api_url"]


def refusal(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    body = response.json()
    assert set(body) == {"message"} and body["message"]
    return body["message"]


@pytest.fixture
def draft(world):
    """A PAN candidacy never published, with an identity questionnaire whose answers have no
    publication consent (an indigenous «Sí», an income band, a birth state)."""
    page = world.candidacy("PAN", title="Irma Borrador Vistaprevia")
    answer_identity(page, publication=False, statistics=True)
    IdentityQuestionnaire.objects.filter(candidacy=page).update(
        income_band="De $75,001 a $112,000",
        income_source="Compañía o empresa registrada, con 5 empleados o más",
        birth_state="Baja California Sur",
    )
    return page


@pytest.mark.parametrize("role", ROLES)
def test_who_may_mint_a_token(world, login, draft, role):
    client = login(world.users[role])
    response = client.get(admin_url(draft))
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    if not ALLOWED[role]:  # Wagtail's admin answers a PermissionDenied with a redirect
        assert response.status_code == 302 and response["Location"] == "/admin/"
        return
    assert response.status_code == 200
    token, api_url = response.context["token"], response.context["api_url"]
    assert api_url.endswith(f"{URL}?token={token}")
    assert token in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_edit_page_shows_the_button_only_to_who_may_use_it(world, login, draft, role):
    client = login(world.users[role])
    response = client.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))
    if response.status_code != 200:  # anonymous: login; other parties: no access to the page
        assert role in ("anonymous", "pri", "prd")
        return
    assert (admin_url(draft) in response.content.decode()) is ALLOWED[role]


def test_make_token_refuses_a_user_without_the_right(world, draft):
    for role in ("pri", "prd"):
        with pytest.raises(PermissionError):
            make_token(world.users[role], draft)


@pytest.mark.parametrize("role", ["admin", "moderator", "pan"])
def test_the_token_gives_the_draft_in_the_detail_shape_and_nothing_private(
    client, world, login, draft, role
):
    token, _url = token_from_admin(login(world.users[role]), draft)
    login(None)
    response = client.get(URL, {"token": token})
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "private, no-store" or set(
        response["Cache-Control"].replace(" ", "").split(",")
    ) == {"private", "no-store"}
    assert "ETag" not in response and "Set-Cookie" not in response
    body = response.json()
    assert body["id"] == draft.pk and body["nombre"] == "Irma Borrador Vistaprevia"

    # The same keys as a published candidacy's detail.
    published = world.published("PAN")
    detail = client.get(f"/api/v2/candidaturas/{published.pk}/").json()
    assert set(body) == set(detail)
    assert set(body["meta"]) == set(detail["meta"])

    text = json.dumps(body, ensure_ascii=False)
    for private in (
        "De $75,001 a $112,000",
        "Compañía o empresa registrada",
        "Baja California Sur",
        "autoadscripcion",
        world.users["pan"].email,
        draft.birth_date.isoformat(),
    ):
        assert private not in text, private


def test_the_token_shows_the_latest_revision_of_a_published_candidacy(client, world, login):
    page = world.published("PAN")
    party = login(world.users["pan"])
    pending = ("Textovistaprevia pendiente de revisión del instituto. " * 8).strip()
    data = candidacy_post_data(world, "PAN", title=page.title, slug=page.slug, motivation=pending)
    party.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    page.refresh_from_db()
    assert page.has_unpublished_changes
    token, _url = token_from_admin(party, page)
    login(None)
    assert client.get(URL, {"token": token}).json()["motivo"] == pending
    public = client.get(f"/api/v2/candidaturas/{page.pk}/").json()
    assert public["motivo"] != pending


def test_one_token_opens_one_candidacy_and_nothing_else(client, world, login, draft):
    other = world.candidacy("PAN", title="Otra Borrador Ajena")
    token, _url = token_from_admin(login(world.users["pan"]), draft)
    login(None)
    assert client.get(URL, {"token": token}).json()["id"] == draft.pk
    # The token is not a key to anything else.
    for path in (
        f"/api/v2/candidaturas/{draft.pk}/",
        f"/api/v2/candidaturas/{other.pk}/",
        "/api/v2/candidaturas/?q=Borrador",
    ):
        response = client.get(path, {"token": token})
        assert response.status_code in (400, 404)
        assert "Borrador" not in response.content.decode()
    # A token signed with anything but the site's key and this salt opens nothing.
    user = world.users["pan"].pk
    forged = signing.TimestampSigner(salt="otra-sal").sign_object({"c": other.pk, "u": user})
    refusal(client.get(URL, {"token": forged}), 403)
    genuine = signing.TimestampSigner(salt=SALT).sign_object({"c": other.pk, "u": user})
    assert client.get(URL, {"token": genuine}).json()["id"] == other.pk  # the control


@pytest.mark.parametrize(
    "token",
    ["abc", "x" * 600, "¡ñ!", "eyJjIjoxfQ:1abc:def", "a:b:c:d", "::"],
)
def test_a_bad_token_is_a_spanish_403(client, draft, token):
    message = refusal(client.get(URL, {"token": token}), 403)
    assert "no es válida" in message
    assert "Irma" not in message


def test_a_tampered_token_is_a_403(client, world, login, draft):
    token, _url = token_from_admin(login(world.users["moderator"]), draft)
    login(None)
    payload, stamp, signature = token.rsplit(":", 2)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    refusal(client.get(URL, {"token": f"{payload}:{stamp}:{flipped}"}), 403)
    refusal(client.get(URL, {"token": f"{payload}x:{stamp}:{signature}"}), 403)


def test_an_expired_token_is_a_spanish_410(client, world, login, draft):
    token, _url = token_from_admin(login(world.users["pan"]), draft)
    login(None)
    later = dt.datetime.now().timestamp() + PREVIEW_MAX_AGE.total_seconds() + 5
    with mock.patch("django.core.signing.time.time", return_value=later):
        message = refusal(client.get(URL, {"token": token}), 410)
    assert "caducó" in message


def test_losing_the_role_revokes_the_token(client, world, login, draft):
    moderator = world.users["moderator"]
    token, _url = token_from_admin(login(moderator), draft)
    login(None)
    assert client.get(URL, {"token": token}).status_code == 200
    moderator.groups.remove(Group.objects.get(name=MODERATORS))
    refusal(client.get(URL, {"token": token}), 403)


def test_a_deleted_candidacy_is_gone(client, world, login, draft):
    token, _url = token_from_admin(login(world.users["pan"]), draft)
    login(None)
    draft.delete()
    refusal(client.get(URL, {"token": token}), 410)


@pytest.mark.parametrize("query", ["", "?token=", "?token=abc&x=1", "?format=xml&token=abc"])
def test_missing_token_or_unknown_parameter_is_a_400(client, query):
    refusal(client.get(URL + query), 400)


def test_the_preview_is_read_only(client, world, login, draft):
    token, _url = token_from_admin(login(world.users["pan"]), draft)
    login(None)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{URL}?token={token}")
        assert response.status_code == 405
