"""The read API against hostile or careless clients and against every role.

Wagtail's stock endpoints (pages, images, documents, find) do not exist; the candidacies
endpoint shows the live version of published candidacies and nothing else, to everyone alike;
every refusal is a JSON message in Spanish; nothing the client sends can produce a server error.
The query parameters' refusals are in test_api_parameters.py.
"""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from candidates.choices import AffirmativeAction
from candidates.models import CandidacyPage
from tests.moderation.conftest import ROLES
from tests.moderation.forms import candidacy_post_data
from tests.opendata.factories_helpers import answer_identity

from .refusals import URL, message_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(world, login):
    """A published candidacy per party, a draft, one withdrawn by a moderator, and a published one
    with a pending change the party saved through the admin (a newer draft revision). The pending
    change leaves the name alone: once approved, a candidacy's name is frozen for the party."""
    published = world.published("PAN")
    other = world.published("PRI")
    never_published = world.candidacy("PRD", title="Gina Borrador Nunca Publicada")
    submitted = world.submitted("PRI")

    withdrawn = world.published("PRD")
    moderator = login(world.users["moderator"])
    moderator.post(
        reverse("moderation:withdraw", args=(withdrawn.pk,)),
        {"reason": "La fotografía incluye el logotipo del partido."},
    )
    withdrawn.refresh_from_db()
    assert not withdrawn.live

    changed = world.published("PAN")
    live = {"title": changed.title, "motivation": changed.motivation}
    party = login(world.users["pan"])
    data = candidacy_post_data(
        world,
        "PAN",
        title=changed.title,
        slug=changed.slug,
        motivation=("Textopendiente del borrador que aún no revisa el instituto. " * 8).strip(),
        public_email="pendiente@example.org",
    )
    party.post(reverse("wagtailadmin_pages:edit", args=(changed.pk,)), data)
    changed.refresh_from_db()
    assert changed.has_unpublished_changes
    assert changed.get_latest_revision_as_object().motivation.startswith("Textopendiente")
    assert changed.title == live["title"]
    login(None)
    return {
        "published": published,
        "other": other,
        "never_published": never_published,
        "submitted": submitted,
        "withdrawn": withdrawn,
        "changed": changed,
        "live": live,
    }


# --- 1. the URL surface -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/", "/api/v2/pages/", "/api/v2/pages/{pk}/", "/api/v2/pages/find/?id={pk}",
        "/api/v2/images/", "/api/v2/images/{image}/", "/api/v2/documents/",
        "/api/v2/documents/1/", "/api/v2/candidaturas/find/?id={pk}",
        "/api/v2/candidaturas/find/?id=abc", "/api/v2/candidaturas/abc/",
        "/api/v2/candidaturas/-1/", "/api/v2/candidaturas/0/",
        "/api/v2/candidaturas/99999999999999999999999/", "/api/v2/candidaturas/{pk}/extra/",
        "/api/v2/otra/", "/api/v2/candidaturas/{pk}/?fields=*&x=/",
    ],
)  # fmt: skip
def test_only_the_candidacies_endpoint_exists_under_v2(client, world, path):
    page = world.published("PAN")
    image = world.image_of("PAN")
    response = client.get(path.format(pk=page.pk, image=image.pk))
    if "x=/" in path:  # an unknown parameter, not an unknown path
        message_of(response, 400)
        return
    message_of(response, 404)
    assert page.title not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/api/", "/api/v1/", "/api/v3/", "/api/v3/pages/", "/api/v3/pages/{pk}/",
        "/api/v3/candidaturas/", "/api/v3/candidaturas/{pk}/", "/api/v3/openapi.json",
        "/api/v3/docs", "/api/candidaturas/", "/api/candidaturas/{pk}/",
    ],
)  # fmt: skip
def test_nothing_else_under_api(client, world, path):
    page = world.published("PAN")
    response = client.get(path.format(pk=page.pk), follow=True)
    assert response.status_code == 404
    assert page.title not in response.content.decode()


def test_a_path_without_its_slash_is_redirected_to_the_listing(client):
    response = client.get("/api/v2/candidaturas")
    assert response.status_code == 301
    assert response["Location"] == URL


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("role", ["anonymous", "moderator", "pan"])
def test_read_only(world, login, method, role):
    page = world.published("PAN")
    client = login(world.user(role))
    for url in (URL, f"{URL}{page.pk}/"):
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert "Método no permitido" in message_of(response, 405)
        assert response["Allow"] == "GET, HEAD"
    response = client.post("/api/v2/pages/")
    message_of(response, 404)
    assert CandidacyPage.objects.get(pk=page.pk).live


def test_head_answers_like_get(client, world):
    world.published("PAN")
    response = client.head(URL)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


# --- 1. what is visible ------------------------------------------------------------------------


def test_drafts_and_withdrawn_candidacies_are_invisible(client, cast):
    items = client.get(f"{URL}?fields=*&limit=100").json()["items"]
    assert {item["id"] for item in items} == {
        cast["published"].pk,
        cast["other"].pk,
        cast["changed"].pk,
    }
    for name in ("never_published", "submitted", "withdrawn"):
        page = cast[name]
        for query in ("", "?fields=*", "?fields=_,nombre"):
            response = client.get(f"{URL}{page.pk}/{query}")
            assert "candidatura publicada" in message_of(response, 404)
            assert page.title not in response.content.decode()


def test_a_pending_change_never_shows_only_the_live_version(client, cast):
    changed, live = cast["changed"], cast["live"]
    detail = client.get(f"{URL}{changed.pk}/?fields=*").json()
    assert detail["nombre"] == live["title"]
    assert detail["motivo"] == live["motivation"]
    assert detail["correo"] != "pendiente@example.org"
    listing = client.get(f"{URL}?fields=*&limit=100").content.decode()
    for body in (listing, client.get(f"{URL}{changed.pk}/?fields=*").content.decode()):
        assert live["title"] in body
        for pending in ("Textopendiente", "pendiente@example.org"):
            assert pending not in body
    # Nor can a search for the draft's words find the candidacy (no oracle on unpublished text).
    assert client.get(f"{URL}?q=Textopendiente").json()["meta"]["total_count"] == 0
    first_name = live["title"].split()[0]
    found = client.get(f"{URL}?q={first_name}&fields=_,id").json()["items"]
    assert {"id": changed.pk} in found


def test_a_private_candidacy_is_not_public_through_the_api(client, world):
    page = world.published("PAN")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secreto-123"
    )
    assert client.get(URL).json()["meta"]["total_count"] == 0
    message_of(client.get(f"{URL}{page.pk}/"), 404)


def test_every_role_gets_the_anonymous_answer(world, login, cast):
    """Same bytes for everyone: no draft for staff, nothing of the session, public caching."""
    image = world.image_of("PAN")
    urls = [
        URL,
        f"{URL}?fields=*&limit=100",
        f"{URL}?partido={world.actors['PAN'].party.slug}&fields=*",
        *(f"{URL}{cast[name].pk}/?fields=*" for name in ("published", "other", "changed")),
    ]
    missing = [
        *(f"{URL}{cast[name].pk}/" for name in ("never_published", "submitted", "withdrawn")),
        f"/api/v2/images/{image.pk}/",
        f"/api/v2/pages/{cast['never_published'].pk}/",
    ]
    answers = {}
    for role in ROLES:
        client = login(world.user(role))
        answers[role] = []
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
            assert "private" not in response["Cache-Control"]
            assert "cookie" not in response.get("Vary", "").lower(), (role, url)
            assert not response.cookies, (role, url)
            answers[role].append(response.content)
        for url in missing:
            response = client.get(url)
            assert response.status_code == 404, (role, url)
            assert not response.cookies
            assert cast["never_published"].title not in response.content.decode()
    for role in ROLES:
        assert answers[role] == answers["anonymous"], role


def test_credentials_sent_to_the_api_are_ignored(client, world):
    """No Basic authentication: the API is no place to try passwords (nor to get a 401/403)."""
    world.published("PAN")
    anonymous = client.get(URL).content
    for header in ("Basic Y2FwdHVyYS1wYW46bWFs", "Basic bm8tYmFzZTY0", "Token abc", "Bearer x"):
        response = client.get(URL, HTTP_AUTHORIZATION=header)
        assert response.status_code == 200
        assert response.content == anonymous
        assert "WWW-Authenticate" not in response


# --- 2. fields ---------------------------------------------------------------------------------


def test_search_cannot_probe_identity_answers(client, world):
    """`q` searches public text only: an identity answer without consent finds nobody."""
    page = world.published("PAN")
    words = ("indígena", "Zaragoza", "Coahuila de Zaragoza", "Kikapú")

    def found():
        # The same count before and after the answer: public text may name the place (a
        # candidacy of the municipality of Zaragoza), an unconsented answer adds nobody.
        return {word: client.get(f"{URL}?q={word}").json()["meta"]["total_count"] for word in words}

    before = found()
    answer_identity(page, publication=False)
    cache.clear()  # as the answer's publication would (the test's transaction never commits)
    assert found() == before


def test_blocked_identity_data_shows_no_self_identification_badge(
    client, world, django_capture_on_commit_callbacks
):
    page = world.published("PAN")
    answer_identity(page, publication=True)
    registered = world.published("PRI")
    CandidacyPage.objects.filter(pk=registered.pk).update(
        affirmative_action=AffirmativeAction.INDIGENOUS
    )

    def badges():
        items = client.get(f"{URL}?fields=_,id,insignias").json()["items"]
        return {item["id"]: [b["origen"] for b in item["insignias"]] for item in items}

    assert badges() == {page.pk: ["autoadscripcion"], registered.pk: ["registro"]}
    # Saved as in the admin: the commit forgets the API's cached items (publishing.pipeline);
    # a block date reached by the calendar changes their key (the day is part of it).
    world.process.block_at = datetime.date.today() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        world.process.save()
    assert badges() == {page.pk: [], registered.pk: ["registro"]}
    assert client.get(f"{URL}{page.pk}/").json()["insignias"] == []


# --- 5. query counts ---------------------------------------------------------------------------


def test_query_count_does_not_grow_with_mixed_candidacies(client, process):
    """Coalitions, fórmulas, photos, consented badges and affirmative action, every field and
    every filter: 10 and 40 candidacies cost the same queries, listing and detail."""
    from tests.public.conftest import add_candidacies, build_public_site

    site = build_public_site(process)

    def grow(how_many):
        for n, page in enumerate(add_candidacies(site, how_many, parties=("PRI", "MORENA"))):
            answer_identity(page, publication=n % 2 == 0)
            if n % 3 == 0:
                CandidacyPage.objects.filter(pk=page.pk).update(
                    affirmative_action=AffirmativeAction.YOUTH
                )

    urls = [
        f"{URL}?fields=*&limit=100",
        f"{URL}?fields=*&limit=100&cargo=diputacion-mr",
        f"{URL}?fields=*&limit=100&partido=pri&distrito=1&municipio=05002",
        f"{URL}?fields=*&limit=100&accion_afirmativa=cualquiera&sexo=X&escolaridad=licenciatura",
        f"{URL}?fields=insignias,foto&limit=100",
        f"{URL}?fields=*&limit=100&q=diputacion",
    ]

    def measure():
        counts = []
        for url in [*urls, f"{URL}{site.jose.pk}/?fields=*", f"{URL}{site.propietaria.pk}/"]:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts.append(len(queries))
        return counts

    grow(10 - CandidacyPage.objects.live().count())
    total = client.get(URL).json()["meta"]["total_count"]
    with_10 = measure()
    grow(30)
    assert client.get(URL).json()["meta"]["total_count"] == total + 30
    items = client.get(f"{URL}?fields=*&limit=100").json()["items"]
    assert len(items) == total + 30
    assert any(item["insignias"] for item in items) and any(item["foto"] for item in items)
    assert measure() == with_10


def test_writes_with_csrf_checks_get_the_same_json_refusals(world):
    """As a real browser would send them (CSRF enforced): a JSON 405 or 404, never a 403 page."""
    from django.test import Client

    page = world.published("PAN")
    client = Client(enforce_csrf_checks=True)
    for url in (URL, f"{URL}{page.pk}/"):
        message_of(client.post(url, {"nombre": "x"}), 405)
    message_of(client.post("/api/v2/pages/", {"title": "x"}), 404)
    message_of(client.delete(f"/api/v2/images/{page.pk}/"), 404)
