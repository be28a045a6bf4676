"""Data-quality alerts across a process: seeded problems are found, the demo raises none."""

import io

from django.core.management import call_command
from django.urls import reverse

import pytest

from candidates.models import CandidacyPage
from moderation.quality import is_placeholder, normalise, process_alerts, unknown_network_links

pytestmark = pytest.mark.django_db

BOILERPLATE = (
    "Impulsaremos un gobierno cercano a la gente, con seguridad, empleo y bienestar para todas "
    "las familias de nuestro distrito, con honestidad y transparencia en cada decisión."
)


@pytest.fixture
def seeded(world):
    """Twelve candidacies: four copy the party's text, two are near copies, three share the
    party office's phone, two share one photo, one answers "N/A", one files a blog as Facebook."""
    pages = [
        world.candidacy(owner, title=f"Persona {n}")
        for n, owner in enumerate(["PAN"] * 6 + ["PRI"] * 6)
    ]
    ids = [page.pk for page in pages]
    CandidacyPage.objects.filter(pk__in=ids[:4]).update(motivation=BOILERPLATE)
    near = (
        "Nuestro compromiso es trabajar sin descanso por el agua potable, las escuelas dignas "
        "y los caminos rurales de cada comunidad del municipio"
    )
    CandidacyPage.objects.filter(pk=ids[4]).update(motivation=near + ".")
    CandidacyPage.objects.filter(pk=ids[5]).update(motivation=near + " y sus ejidos!")
    CandidacyPage.objects.filter(pk__in=ids[6:9]).update(public_phone="8444100000")
    photo = world.image_of("PRI")
    CandidacyPage.objects.filter(pk__in=ids[9:11]).update(photo=photo)
    CandidacyPage.objects.filter(pk=ids[11]).update(
        gender_proposal=" n/d. ", facebook_url="https://miblog.example.org/persona"
    )
    return pages


def test_text_helpers():
    assert normalise("  Ésta, ES   una-prueba! ") == "esta es una prueba"
    for text in ("N/A", "n.a.", "---", "Ninguna.", " N/D ", "...", "no aplica"):
        assert is_placeholder(text), text
    for text in ("", "Ninguna persona debe quedarse atrás.", "Salud"):
        assert not is_placeholder(text), text


def test_seeded_problems_are_found(world, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        grouped, total = process_alerts(world.process)
    assert total == 12
    ids = [page.pk for page in seeded]

    def groups(kind):
        return [sorted(page.pk for page in alert.pages) for alert in grouped[kind]]

    assert sorted(ids[:4]) in groups("copied_text")
    assert sorted(ids[4:6]) in groups("copied_text")
    assert sorted(ids[6:9]) in groups("shared_contact")
    assert groups("reused_photo") == [sorted(ids[9:11])]
    assert groups("placeholder") == [[ids[11]]]
    assert groups("unknown_network") == [[ids[11]]]
    # Nothing else: the factory's own texts and contacts are distinct.
    assert len(grouped["copied_text"]) == 2
    assert len(grouped["shared_contact"]) == 1


def test_queries_do_not_grow_with_the_process(world, django_assert_max_num_queries):
    for n in range(15):
        world.candidacy("PRD", title=f"Otra {n}", photo=world.image_of("PRD"))
    with django_assert_max_num_queries(3):
        grouped, total = process_alerts(world.process)
    assert total == 15
    assert not any(grouped.values())


def test_other_network_links_are_judged_by_host(world):
    page = world.candidacy("PAN")
    page.other_social_url = "https://www.threads.net/@persona"
    page.x_url = "https://twitter.com/persona"
    assert unknown_network_links(page) == []
    page.other_social_url = "https://bit.ly/abc"
    assert unknown_network_links(page) == [("Otra red social", "https://bit.ly/abc")]


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("moderator", 200), ("pan", 403), ("anonymous", 302)]
)
def test_report_is_for_reviewers_only(world, seeded, login, role, status):
    client = login(world.users[role])
    url = reverse("moderation:quality_report")
    response = client.get(url, {"proceso": world.process.pk})
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Textos copiados entre candidaturas (2)" in html
        assert "Teléfono 8444100000" in html
        assert "Persona 0" in html
        # Contacts appear only as the shared value; no private data is on the page.
        assert "curp" not in html.lower()


def test_report_says_when_the_process_does_not_exist(world, login):
    response = login(world.users["moderator"]).get(
        reverse("moderation:quality_report"), {"proceso": "999999"}
    )
    assert response.status_code == 200
    assert "El proceso electoral indicado no existe" in response.content.decode()


def test_the_demo_raises_no_false_alarm(db, settings):
    settings.DEBUG = True
    call_command("load_catalogs", stdout=io.StringIO())
    call_command("seed_demo", "--distritos", "2", "--posiciones-rp", "2", stdout=io.StringIO())
    process = CandidacyPage.objects.select_related("office__process").first().office.process
    grouped, total = process_alerts(process)
    assert total >= 20
    assert {kind: alerts for kind, alerts in grouped.items() if alerts} == {}
