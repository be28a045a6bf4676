"""A party's first "Guardar borrador" works: slug made on the server, SEO fields out of reach,
only the choices the party may use, and a forged POST outside them refused."""

from django.urls import reverse

from candidates.models import CandidacyPage
from candidates.slugs import candidacy_slug
from elections.factories import CoalitionFactory, DistrictFactory, OfficeFactory
from elections.models import OfficeScope, SigladoEntry

from .forms import candidacy_post_data


def add_url(actor_page):
    return reverse("wagtailadmin_pages:add", args=("candidates", "candidacypage", actor_page.pk))


def party_post(world, owner, **overrides):
    """What the party's browser sends: no slug, SEO or promote fields at all."""
    data = candidacy_post_data(world, owner, title="María José Núñez Peña", **overrides)
    data.pop("slug")
    return data


def test_first_draft_saves_without_a_slug_and_gets_one_from_the_name(world, login):
    client = login(world.user("pan"))
    response = client.post(add_url(world.actors["PAN"]), party_post(world, "PAN"))
    assert response.status_code == 302, response.context["form"].errors
    page = CandidacyPage.objects.get(title="María José Núñez Peña")
    assert page.slug == "maria-jose-nunez-pena"


def test_slug_is_unique_across_the_whole_process(world, login):
    world.candidacy("PRI", title="María José Núñez Peña", slug="maria-jose-nunez-pena")
    client = login(world.user("pan"))
    response = client.post(add_url(world.actors["PAN"]), party_post(world, "PAN"))
    assert response.status_code == 302
    assert CandidacyPage.objects.child_of(world.actors["PAN"]).get().slug == (
        "maria-jose-nunez-pena-2"
    )
    assert candidacy_slug("María José Núñez Peña", world.actors["PRD"]) == (
        "maria-jose-nunez-pena-3"
    )


def test_party_never_sees_slug_or_seo_and_cannot_post_them(world, login):
    client = login(world.user("pan"))
    html = client.get(add_url(world.actors["PAN"])).content.decode()
    assert 'name="slug"' not in html
    assert 'name="seo_title"' not in html
    assert "Publicación" not in html
    forged = party_post(world, "PAN", seo_title="Vota por mí", slug="otra-cosa")
    response = client.post(add_url(world.actors["PAN"]), forged)
    assert response.status_code == 302
    page = CandidacyPage.objects.get(title="María José Núñez Peña")
    assert (page.slug, page.seo_title) == ("maria-jose-nunez-pena", "")


def test_moderator_still_has_the_publication_tab(world, login):
    client = login(world.user("moderator"))
    html = client.get(add_url(world.actors["PAN"])).content.decode()
    assert 'name="slug"' in html
    assert "Publicación" in html


def test_party_is_offered_only_its_party_and_its_siglado_coalitions(world, login):
    other = CoalitionFactory(
        process=world.process,
        members=[world.actors["PRI"].party, world.actors["PRD"].party],
        offices=[world.office],
    )
    SigladoEntry.objects.create(
        coalition=other,
        office=world.office,
        district=world.district,
        party=world.actors["PRI"].party,
    )
    client = login(world.user("pan"))
    form = client.get(add_url(world.actors["PAN"])).context["form"]
    assert list(form.fields["party"].queryset) == [world.actors["PAN"].party]
    assert list(form.fields["coalition"].queryset) == [world.coalition]
    assert not form.fields["independent"].queryset.exists()

    forged = party_post(world, "PAN", party=world.actors["PRI"].party.pk, coalition=other.pk)
    response = client.post(add_url(world.actors["PAN"]), forged)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "party" in errors and "coalition" in errors
    assert not CandidacyPage.objects.filter(title="María José Núñez Peña").exists()


def test_coalition_contest_the_siglado_gives_to_a_partner_is_refused(world, login):
    SigladoEntry.objects.create(
        coalition=world.coalition,
        office=world.office,
        district=DistrictFactory(process=world.process, number=5, head_town="Monclova"),
        party=world.actors["PAN"].party,
    )
    SigladoEntry.objects.create(
        coalition=world.coalition,
        office=world.office,
        district=world.district,
        party=world.actors["PRI"].party,
    )
    response = login(world.user("pan")).post(add_url(world.actors["PAN"]), party_post(world, "PAN"))
    assert response.status_code == 200
    assert "siglado" in response.context["form"].errors["coalition"][0]


def test_offices_of_another_process_are_refused(world, login):
    from elections.factories import ElectoralProcessFactory

    foreign = OfficeFactory(process=ElectoralProcessFactory(slug="otro-proceso"))
    client = login(world.user("pan"))
    response = client.post(
        add_url(world.actors["PAN"]), party_post(world, "PAN", office=foreign.pk)
    )
    assert response.status_code == 200
    assert "office" in response.context["form"].errors


def test_municipality_only_where_the_process_has_municipal_offices(world, login):
    client = login(world.user("pan"))
    assert "municipality" not in client.get(add_url(world.actors["PAN"])).context["form"].fields
    OfficeFactory(process=world.process, scope=OfficeScope.MUNICIPALITY, slug="presidencia")
    assert "municipality" in client.get(add_url(world.actors["PAN"])).context["form"].fields
