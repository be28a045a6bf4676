"""Every page type × every role × every page action, through the admin as a forged POST would.

The companion of `test_permission_matrix.py` (which covers the candidacy workflow cell by cell):
here every page type of the tree (home, process, actor, candidacy, privacy notice, information
page) faces every
page action Wagtail offers, each attempted with the request the admin would send (or a forged
one: no screen offers most of these to the roles that are refused) and judged by the database,
never by the status code alone. The probe of issue #11 (finding 2) unpublished the process page
as `moderador` with `include_descendants`; the "unpublish" row replays it, and also checks that
a refused attempt leaves the public page answering.
"""

from django.conf import settings
from django.urls import reverse

from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from candidates.factories import home_page
from candidates.models import CandidacyPage, CapturingActorPage, ProcessPage
from elections.factories import ElectoralProcessFactory, PartyFactory
from home.models import InformationPage
from identity.models import PrivacyNoticePage

from .forms import candidacy_post_data

pytestmark = pytest.mark.django_db

PAGE_TYPES = ["home", "process", "actor", "candidacy", "notice", "information"]
ROLES = ["admin", "moderator", "pan", "prd", "anonymous"]  # pan owns the actor and candidacy
ACTIONS = ["edit", "publish", "unpublish", "delete", "move", "copy", "add", "lock", "revisions"]
COLUMNS = ["admin", "moderator", "own", "other", "anonymous"]
NEW_TITLE = "Título cambiado por la prueba"

Y, N = True, False
ADMIN_ONLY = (Y, N, N, N, N)
NOBODY = (N, N, N, N, N)
EXPECTED = {
    "home": {
        "edit": ADMIN_ONLY, "publish": ADMIN_ONLY, "unpublish": ADMIN_ONLY,
        "delete": ADMIN_ONLY, "move": ADMIN_ONLY, "copy": NOBODY,  # one home page at most
        "add": ADMIN_ONLY, "lock": ADMIN_ONLY, "revisions": ADMIN_ONLY,
    },
    "process": {
        "edit": ADMIN_ONLY, "publish": ADMIN_ONLY, "unpublish": ADMIN_ONLY,
        "delete": ADMIN_ONLY, "move": ADMIN_ONLY, "copy": NOBODY,  # one page per process
        "add": ADMIN_ONLY, "lock": ADMIN_ONLY, "revisions": ADMIN_ONLY,
    },
    "actor": {
        "edit": ADMIN_ONLY, "publish": ADMIN_ONLY, "unpublish": ADMIN_ONLY,
        "delete": ADMIN_ONLY, "move": ADMIN_ONLY, "copy": NOBODY,  # one page per party
        "add": (Y, Y, Y, N, N),  # creating candidacies, the parties' job
        "lock": ADMIN_ONLY, "revisions": ADMIN_ONLY,
    },
    "candidacy": {
        "edit": (Y, Y, Y, N, N), "publish": (Y, Y, N, N, N),
        "unpublish": NOBODY,  # the IEC withdraws with a reason (moderation:withdraw)
        "delete": (Y, N, Y, N, N),  # parties: never-published drafts only
        "move": (Y, N, Y, N, N),  # within the party's own page (moving needs delete)
        "copy": (Y, Y, Y, N, N), "add": NOBODY, "lock": (Y, Y, N, N, N),
        "revisions": (Y, Y, Y, N, N),
    },
    "notice": {
        "edit": ADMIN_ONLY, "publish": ADMIN_ONLY, "unpublish": ADMIN_ONLY,
        "delete": ADMIN_ONLY, "move": ADMIN_ONLY, "copy": NOBODY,  # one notice at most
        "add": NOBODY, "lock": ADMIN_ONLY, "revisions": ADMIN_ONLY,
    },
    "information": {  # the FAQ (home.InformationPage), written by the institute
        "edit": ADMIN_ONLY, "publish": ADMIN_ONLY, "unpublish": ADMIN_ONLY,
        "delete": ADMIN_ONLY, "move": ADMIN_ONLY, "copy": ADMIN_ONLY,
        "add": NOBODY, "lock": ADMIN_ONLY, "revisions": ADMIN_ONLY,
    },
}  # fmt: skip


def column(role):
    return {"pan": "own", "prd": "other"}.get(role, role)


# --- The page under test and the data its editor posts -----------------------------------


def target(world, page_type, live=False):
    if page_type == "home":
        return home_page()
    if page_type == "process":
        return world.process_page
    if page_type == "actor":
        return world.actors["PAN"]
    if page_type == "candidacy":
        return world.published("PAN") if live else world.candidacy("PAN")
    if page_type == "information":
        return InformationPage.objects.get(slug="preguntas-frecuentes")
    return PrivacyNoticePage.objects.get(slug="aviso-de-privacidad")


def editor_data(world, page, title):
    page = page.specific
    if isinstance(page, CandidacyPage):
        return candidacy_post_data(world, "PAN", title=title, slug=page.slug)
    data = {"title": title, "slug": page.slug}
    if isinstance(page, ProcessPage):
        data.update(process=page.process_id, intro=rich_text(page.intro))
    elif isinstance(page, CapturingActorPage):
        data.update(party=page.party_id or "", independent=page.independent_id or "")
    elif isinstance(page, PrivacyNoticePage):
        data.update(
            version="matriz-de-permisos",  # a new text needs a new version label
            simplified=rich_text(page.simplified),
            integral=rich_text(page.integral),
        )
    elif isinstance(page, InformationPage):
        data.update(intro=rich_text(page.intro), body=streamfield([]))
    else:  # the home page
        data.update(intro=rich_text(page.intro), disclaimer=rich_text(page.disclaimer))
    return nested_form_data(data)


def child_request(world, page):
    """The add URL and POST data of a page of the type this page takes as child."""
    page = page.specific
    if isinstance(page, CapturingActorPage):
        data = candidacy_post_data(world, "PAN", title="Hija nueva", slug="hija-nueva")
        model = ("candidates", "candidacypage")
    elif isinstance(page, ProcessPage):
        party = PartyFactory(acronym="MC")
        data = nested_form_data(
            {"title": "Hija nueva", "slug": "hija-nueva", "party": party.pk, "independent": ""}
        )
        model = ("candidates", "capturingactorpage")
    elif type(page).__name__ == "HomePage":
        process = ElectoralProcessFactory(name="Proceso Electoral Local 2027")
        data = nested_form_data(
            {
                "title": "Hija nueva",
                "slug": "hija-nueva",
                "process": process.pk,
                "intro": rich_text(""),
            }
        )
        model = ("candidates", "processpage")
    else:  # candidacies and the notice take no children: try a candidacy anyway
        data = candidacy_post_data(world, "PAN", title="Hija nueva", slug="hija-nueva")
        model = ("candidates", "candidacypage")
    return reverse("wagtailadmin_pages:add", args=(*model, page.pk)), data


# --- The actions: each returns whether the attempt took effect ---------------------------


def do_edit(client, world, page_type):
    page = target(world, page_type)
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), editor_data(world, page, NEW_TITLE)
    )
    return Page.objects.get(pk=page.pk).draft_title == NEW_TITLE


def do_publish(client, world, page_type):
    page = target(world, page_type)
    data = editor_data(world, page, NEW_TITLE)
    data["action-publish"] = "Publicar"
    client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    page = Page.objects.get(pk=page.pk)
    return page.live and page.title == NEW_TITLE


def do_unpublish(client, world, page_type):
    page = target(world, page_type, live=True)
    url = page.url
    client.post(
        reverse("wagtailadmin_pages:unpublish", args=(page.pk,)), {"include_descendants": "on"}
    )
    took_effect = not Page.objects.get(pk=page.pk).live
    if not took_effect:
        client.logout()
        assert client.get(url).status_code == 200, f"{url} stopped answering"
    return took_effect


def do_delete(client, world, page_type):
    page = target(world, page_type)
    client.post(
        reverse("wagtailadmin_pages:delete", args=(page.pk,)),
        {"confirm_site_name": settings.WAGTAIL_SITE_NAME},
    )
    return not Page.objects.filter(pk=page.pk).exists()


def do_move(client, world, page_type):
    """Moving within the same parent is the one move every page type allows (a reorder)."""
    page = target(world, page_type)
    parent = page.get_parent()
    client.post(reverse("wagtailadmin_pages:move_confirm", args=(page.pk, parent.pk)))
    return PageLogEntry.objects.filter(
        page=page, action__in=["wagtail.move", "wagtail.reorder"]
    ).exists()


def do_copy(client, world, page_type):
    page = target(world, page_type)
    client.post(
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        {
            "new_title": "Copia de prueba",
            "new_slug": "copia-de-prueba",
            "new_parent_page": page.get_parent().pk,
        },
    )
    return Page.objects.filter(slug="copia-de-prueba").exists()


def do_add(client, world, page_type):
    page = target(world, page_type)
    url, data = child_request(world, page)
    client.post(url, data)
    return Page.objects.filter(slug="hija-nueva").exists()


def do_lock(client, world, page_type):
    page = target(world, page_type)
    client.post(reverse("wagtailadmin_pages:lock", args=(page.pk,)))
    return Page.objects.get(pk=page.pk).locked


def do_revisions(client, world, page_type):
    page = target(world, page_type)
    response = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    return response.status_code == 200 and page.title in response.content.decode()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_action(world, login, page_type, role, action):
    client = login(world.user(role))
    took_effect = globals()[f"do_{action}"](client, world, page_type)
    allowed = EXPECTED[page_type][action][COLUMNS.index(column(role))]
    assert took_effect is allowed, (
        f"{role} {action} on the {page_type} page: expected {'allowed' if allowed else 'refused'}"
    )


def test_table_covers_every_page_type_and_action():
    from wagtail.models import get_page_models

    types = {
        "home": "HomePage",
        "process": "ProcessPage",
        "actor": "CapturingActorPage",
        "candidacy": "CandidacyPage",
        "notice": "PrivacyNoticePage",
        "information": "InformationPage",
    }
    assert set(EXPECTED) == set(PAGE_TYPES) == set(types)
    assert {model.__name__ for model in get_page_models()} - {"Page"} == set(types.values())
    assert all(set(row) == set(ACTIONS) for row in EXPECTED.values())
    assert all(len(cells) == len(COLUMNS) for row in EXPECTED.values() for cells in row.values())


def test_every_page_type_has_a_conoceles_tester(world):
    """A new page type left with Wagtail's tester would inherit the moderators' grants."""
    from wagtail.models import get_page_models

    from moderation.permissions import AdministratorsOnlyPermissionTester, CandidacyPermissionTester

    user = world.users["moderator"]
    for model in get_page_models():
        if model is Page:
            continue
        tester = model(title="x").permissions_for_user(user)
        assert isinstance(
            tester, (AdministratorsOnlyPermissionTester, CandidacyPermissionTester)
        ), model


@pytest.mark.parametrize("action", ["unpublish", "delete", "move"])
def test_moderators_bulk_actions_leave_the_structure_alone(world, login, action):
    """The same attack through the bulk actions: a forged POST with the process page's id."""
    process_page = world.process_page
    candidacy = world.published("PAN")
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
    data = {"include_descendants": "on"}
    if action == "move":
        data["chooser"] = home_page().pk
    client = login(world.users["moderator"])
    client.post(f"{url}?id={process_page.pk}&id={world.actors['PAN'].pk}", data)
    assert Page.objects.filter(pk=process_page.pk, live=True).exists()
    assert Page.objects.get(pk=world.actors["PAN"].pk).get_parent().pk == process_page.pk
    candidacy.refresh_from_db()
    assert candidacy.live
    client.logout()
    assert client.get(candidacy.url).status_code == 200
