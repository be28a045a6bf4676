"""«Mi boleta» and the side-by-side comparison."""

import pytest

from elections.models import Section

pytestmark = pytest.mark.django_db


def contest_names(response):
    return {
        office.slug: [c.title for c in candidacies]
        for office, candidacies in response.context["contests"]
    }


def test_ballot_by_municipality_with_one_district(client, public_site):
    response = client.get("/mi-boleta/?municipio=05002")
    assert response.status_code == 200
    contests = contest_names(response)
    assert list(contests) == ["gubernatura", "diputacion-mr", "diputacion-rp"]
    assert set(contests["gubernatura"]) == {"José Pérez Íñiguez", "María Fernanda López Ramos"}
    # Owners only, with their suplente next to them; never the draft, never another district.
    assert set(contests["diputacion-mr"]) == {"Ana Sofía Valdés Ramos", "Ricardo Flores Castro"}
    html = response.content.decode()
    assert "Suplente: <a" in html and "Lucía Garza Treviño" in html
    assert "Borrador Secreto" not in html and "Beatriz Salinas" not in html
    assert contests["diputacion-rp"] == ["Héctor Ramírez Luna"]


def test_municipality_with_several_districts_asks_which(client, public_site):
    response = client.get("/mi-boleta/?municipio=05035")
    assert response.context["needs_district"] is True
    # Meanwhile, what every voter of the state chooses from; no district's race.
    assert list(contest_names(response)) == ["gubernatura", "diputacion-rp"]
    html = response.content.decode()
    assert "/mi-boleta/?municipio=05035&amp;distrito=8" in html
    assert "«SECCIÓN» en el frente de tu credencial para votar" in html
    chosen = client.get("/mi-boleta/?municipio=05035&distrito=8")
    assert contest_names(chosen)["diputacion-mr"] == ["Beatriz Salinas Ortega"]


def test_ballot_by_section(client, public_site):
    Section.objects.create(
        process=public_site.process,
        number=1234,
        district=public_site.d9,
        municipality=public_site.torreon,
    )
    response = client.get("/mi-boleta/?seccion=1234")
    assert response.context["district"] == public_site.d9
    assert contest_names(response)["diputacion-mr"] == ["Pedro Sin Datos"]


@pytest.mark.parametrize("query", ["seccion=99999", "seccion=abc", "municipio=99999"])
def test_unknown_place_says_so(client, public_site, query):
    response = client.get(f"/mi-boleta/?{query}")
    assert response.status_code == 200
    assert response.context["error"]
    assert response.context["contests"] == []


def test_empty_ballot_form_shows_the_statewide_races_at_once(client, public_site):
    response = client.get("/mi-boleta/")
    html = response.content.decode()
    assert '<label for="ballot-municipio">Municipio</label>' in html
    assert "Acuña" in html
    contests = contest_names(response)
    assert list(contests) == ["gubernatura", "diputacion-rp"]
    assert set(contests["gubernatura"]) == {"José Pérez Íñiguez", "María Fernanda López Ramos"}
    assert contests["diputacion-rp"] == ["Héctor Ramírez Luna"]
    # And how to find one's district: the section printed on the voter card.
    assert "¿Cuál es tu distrito?" in html
    assert "«SECCIÓN» en el frente de tu credencial para votar" in html
    assert 'href="https://www.ine.mx/"' in html
    assert "Borrador Secreto" not in html


def test_a_full_ballot_does_not_repeat_how_to_find_the_district(client, public_site):
    html = client.get("/mi-boleta/?municipio=05002").content.decode()
    assert "¿Cuál es tu distrito?" not in html


def test_compare_two_side_by_side_in_request_order(client, public_site):
    jose, maria = public_site.jose, public_site.maria
    response = client.get(f"/comparar/?c={maria.pk}&c={jose.pk}")
    assert response.status_code == 200
    assert [c.title for c in response.context["candidacies"]] == [maria.title, jose.title]
    html = response.content.decode()
    for heading in (
        "Escolaridad",
        "Trayectoria política",
        "¿Por qué quiere ocupar un cargo público?",
        "Propuestas",
        "Propuesta en materia de género o de grupos en situación de discriminación",
    ):
        assert f'<h2 class="compare__section">{heading}</h2>' in html
    assert maria.motivation[:40] in html and jose.motivation[:40] in html


def test_compare_limits(client, public_site):
    s = public_site
    one = client.get(f"/comparar/?c={s.jose.pk}")
    assert one.context["too_few"] is True
    five = [s.jose, s.maria, s.propietaria, s.rival_d1, s.torreon_8]
    many = client.get("/comparar/?" + "&".join(f"c={c.pk}" for c in five))
    assert many.context["too_many"] is True
    assert len(many.context["candidacies"]) == 4
    assert client.get("/comparar/?c=abc&c=-1").context["too_few"] is True


def test_compare_refuses_drafts_and_unknown_ids(client, public_site):
    s = public_site
    assert client.get(f"/comparar/?c={s.draft.pk}&c={s.jose.pk}").status_code == 404
    assert client.get(f"/comparar/?c=987654&c={s.jose.pk}").status_code == 404
