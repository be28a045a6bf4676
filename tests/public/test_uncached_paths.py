"""What issue 16's uncached pages take shortcuts through: a listing's deep pages read from its
cached order, view restrictions read once per request, a profile routed in one query."""

import sys

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from candidates.factories import CandidacyPageFactory, CapturingActorPageFactory
from candidates.filters import public_catalog
from candidates.queries import public_candidacies
from candidates.views.listing import PUBLIC_ORDER
from candidates.views.profile import CONTEST_LIMIT, contest_rivals
from elections.factories import CoalitionFactory, DistrictFactory, IndependentCandidacyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacies(tree, offices, process):
    _, actors = tree
    districts = [DistrictFactory(process=process, number=n) for n in (1, 2, 3)]
    pages = []
    for n in range(7):
        pages.append(
            CandidacyPageFactory(
                parent=actors["PAN" if n % 2 else "PRI"],
                office=offices["diputacion-mr"],
                district=districts[n % 3],
                title=f"Persona {n:02d}",
                publish=True,
            )
        )
    cache.clear()
    return pages


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of two rows, and keys from the cached order from the second page on."""
    listing = sys.modules["candidates.views.listing"]
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    monkeypatch.setattr(listing, "CACHED_KEYS_FROM", 2)


def listed(client, page):
    response = client.get(f"/candidaturas/?pagina={page}")
    assert response.status_code == 200
    return [c.title for c in response.context["candidacies"]], response.context["total"]


def in_order():
    return [c.title for c in public_candidacies().order_by(*PUBLIC_ORDER)]


def all_pages(client):
    """Every page's names, page after page up to the last one the listing counts."""
    pages = client.get("/candidaturas/").context["page_obj"].paginator.num_pages
    return [title for page in range(1, pages + 1) for title in listed(client, page)[0]]


def test_deep_pages_from_the_cached_order_are_the_database_order(
    client, candidacies, small_pages, tree, offices, django_capture_on_commit_callbacks
):
    assert all_pages(client) == in_order()
    # A second visit reads the keys from the cache: no query sorts the listing.
    expected = in_order()[4:6]
    with CaptureQueriesContext(connection) as captured:
        assert listed(client, 3)[0] == expected
    assert not [
        q
        for q in captured.captured_queries
        if "ORDER BY" in q["sql"] and "public_order" in q["sql"]
    ]

    # A publication moves the cached order's version: the new candidacy takes its place.
    _, actors = tree
    with django_capture_on_commit_callbacks(execute=True):  # the publishing pipeline's flush
        CandidacyPageFactory(
            parent=actors["PAN"],
            office=offices["diputacion-mr"],
            district=candidacies[0].district,
            title="Persona 00 bis",
            publish=True,
        )
    assert len(in_order()) == 8
    assert all_pages(client) == in_order()


def test_a_view_restriction_hides_candidacies_from_every_page_and_the_total(
    client, candidacies, small_pages, tree
):
    _, actors = tree
    assert listed(client, 1)[1] == 7
    restriction = PageViewRestriction.objects.create(
        page=actors["PAN"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    shown = all_pages(client)
    assert shown == in_order() and len(shown) == 4  # the PRI's four
    assert listed(client, 1)[1] == 4
    assert not any(title in shown for title in ("Persona 01", "Persona 03", "Persona 05"))

    # The restricted profile asks for the password; the others are served.
    restricted = candidacies[1]
    response = client.get(restricted.url)
    assert response.status_code == 200
    assert "password" in response.content.decode()
    assert client.get(candidacies[0].url).status_code == 200

    restriction.delete()
    assert listed(client, 1)[1] == 7


def test_the_view_restrictions_are_read_once_until_they_change(
    client, candidacies, tree, django_capture_on_commit_callbacks
):
    _, actors = tree

    def restrictions_read(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return sum("wagtailcore_pageviewrestriction" in q["sql"] for q in captured.captured_queries)

    assert restrictions_read("/candidaturas/") == 1
    # Kept under the publication version: another page, another query string, no read.
    assert restrictions_read("/candidaturas/?pagina=2") == 0
    assert restrictions_read(candidacies[0].url + "?utm_source=prueba") == 0
    PageViewRestriction.objects.create(
        page=actors["PAN"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert restrictions_read("/candidaturas/?pagina=3") == 1
    # A page moved (a restricted section's path may change): read again once.
    with django_capture_on_commit_callbacks(execute=True):
        candidacies[0].move(actors["PAN"], pos="last-child")
    assert restrictions_read("/candidaturas/?pagina=4") == 1
    assert restrictions_read("/candidaturas/?pagina=5") == 0


def profile_queries_after_warm_up(client, candidacies):
    """The SQL of one profile's request once the site and catalog are cached, as on a running
    site (another profile visited first)."""
    client.get(candidacies[1].url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(candidacies[0].url)
    assert response.status_code == 200 and candidacies[0].title in response.content.decode()
    return " ".join(q["sql"] for q in captured.captured_queries)


def test_a_profile_is_routed_without_reading_its_process_page(client, candidacies):
    """The site root finds a profile by its URL path in one query (home.models.HomePage.route)."""
    read = profile_queries_after_warm_up(client, candidacies)
    assert '"candidates_processpage"' not in read
    assert read.count('"wagtailcore_page"."url_path" =') == 1


def test_profile_routing_serves_live_candidacies_and_404s_the_rest(client, candidacies, tree):
    _, actors = tree
    page = candidacies[0]
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()

    draft = CandidacyPageFactory(
        parent=actors["PRI"], office=page.office, district=page.district, title="Borrador"
    )
    assert client.get(draft.url).status_code == 404
    actor_url = actors["PRI"].url
    assert client.get(actor_url + "no-existe/").status_code == 404
    # The candidacy under another actor's path is not routed to.
    other = actors["PAN"].url + page.slug + "/"
    assert client.get(other).status_code == 404


def test_a_profile_is_routed_without_reading_the_site_root_page(client, candidacies):
    """A profile's path is routed from the site's cached root page (candidates.views.pages):
    the root's specific page, which Wagtail reads to call its `route`, is not read."""
    read = profile_queries_after_warm_up(client, candidacies)
    assert '"home_homepage"' not in read
    assert read.count('"wagtailcore_page"."url_path" =') == 1


def test_a_profile_under_another_root_page_is_routed_by_wagtail(client, candidacies):
    """Only a root that finds profiles by path (home.models.HomePage) is skipped: under another
    site root, Wagtail routes the path itself."""
    from wagtail.models import Page, Site

    from home.models import HomePage

    home = HomePage.objects.get()
    other_root = home.add_sibling(instance=Page(title="Otro instituto", slug="otro"))
    Site.objects.create(hostname="otro.example.org", port=80, root_page=other_root)
    # The same three segments below another root lead nowhere there.
    path = candidacies[0].url_path[len(home.url_path) - 1 :]
    assert client.get(path, HTTP_HOST="otro.example.org").status_code == 404
    assert client.get(path).status_code == 200


def rivals_keys_read(client, url):
    """How many times a request read a contest's first keys (the rivals' LIMIT query)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    rivals = [rival.title for rival in response.context["rivals"]]
    limit = f"LIMIT {CONTEST_LIMIT + 1}"
    return sum(limit in q["sql"] for q in captured.captured_queries), rivals


def test_a_contests_rivals_are_read_once_for_all_its_profiles(
    client, candidacies, tree, settings, django_capture_on_commit_callbacks
):
    """Every profile of a contest lists the same rivals but itself: the contest's first ones
    are kept until the next publication (candidates.views.profile.contest_rivals)."""
    settings.PROFILE_RENDER_CACHE_SECONDS = 0  # each profile rendered, not its kept copy
    district_1 = [candidacies[0], candidacies[3], candidacies[6]]
    read, rivals = rivals_keys_read(client, district_1[0].url)
    assert read == 1
    assert rivals == [district_1[1].title, district_1[2].title]
    read, rivals = rivals_keys_read(client, district_1[1].url)
    assert read == 0
    assert rivals == [district_1[0].title, district_1[2].title]  # itself left out
    # Another contest reads its own.
    read, rivals = rivals_keys_read(client, candidacies[1].url)
    assert (read, rivals) == (1, [candidacies[4].title])
    # A publication in the contest shows on the next profile.
    _, actors = tree
    with django_capture_on_commit_callbacks(execute=True):
        CandidacyPageFactory(
            parent=actors["PAN"],
            office=district_1[0].office,
            district=district_1[0].district,
            title="Persona nueva",
            publish=True,
        )
    read, rivals = rivals_keys_read(client, district_1[2].url)
    assert read == 1
    assert "Persona nueva" in rivals and district_1[2].title not in rivals


def test_a_profile_of_an_office_without_substitutes_does_not_look_for_a_partner(
    client, tree, offices
):
    _, actors = tree
    governor = CandidacyPageFactory(
        parent=actors["PAN"], office=offices["gubernatura"], title="Gobernadora", publish=True
    )
    assert not governor.office.has_substitutes
    client.get(governor.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(governor.url + "?ficha=1")
    assert response.status_code == 200 and response.context["partner"] is None
    assert not [q for q in captured.captured_queries if '"substitute_id" =' in q["sql"]]


def test_rivals_name_their_coalition_independent_candidacy_or_party(tree, offices, process):
    """As Candidacy.display_organization: the coalition first, then the independent candidacy,
    then the party; from the cached catalog, or from their tables without it."""
    process_page, actors = tree
    office = offices["diputacion-mr"]
    district = DistrictFactory(process=process, number=9)
    pan, pri = actors["PAN"].party, actors["PRI"].party
    coalition = CoalitionFactory(process=process, members=[pan, pri], offices=[office])
    independent = IndependentCandidacyFactory(process=process, office=office)
    independent_page = CapturingActorPageFactory(
        parent=process_page, party=None, independent=independent
    )
    seat = {"office": office, "district": district, "publish": True}
    in_coalition = CandidacyPageFactory(parent=actors["PAN"], coalition=coalition, **seat)
    alone = CandidacyPageFactory(parent=actors["PRI"], **seat)
    on_its_own = CandidacyPageFactory(parent=independent_page, **seat)
    viewer = CandidacyPageFactory(parent=actors["PRI"], **seat)
    expected = {
        in_coalition.pk: coalition.name,
        alone.pk: pri.name,
        on_its_own.pk: independent.name,
    }
    for catalog in (public_catalog(), None):
        cache.clear()
        assert {rival.pk: rival.organization for rival in contest_rivals(viewer, catalog)} == (
            expected
        )
