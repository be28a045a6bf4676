"""/candidaturas/: cards, the public filters, counts, pagination, drafts never listed."""

import pytest

from candidates.filters import CandidacyFilter
from candidates.queries import public_candidacies

pytestmark = pytest.mark.django_db


def names(response):
    return [c.title for c in response.context["candidacies"]]


def test_lists_every_published_candidacy_and_no_draft(client, public_site):
    response = client.get("/candidaturas/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "José Pérez Íñiguez" in html
    assert "Borrador Secreto Quintanilla" not in html
    total = public_candidacies().count()
    assert response.context["total"] == total
    assert f"{total} candidaturas" in html
    assert "Limpiar filtros" in html


def test_card_shows_photo_rendition_name_emblem_office_and_district(client, public_site):
    html = client.get("/candidaturas/?distrito=1&cargo=diputacion-mr").content.decode()
    assert "Ana Sofía Valdés Ramos" in html
    assert 'srcset="' in html and 'width="160" height="160"' in html
    assert "Distrito 01 Acuña" in html
    assert "Alianza Ciudadana por la Seguridad" in html
    assert "Persona joven" in html  # affirmative action badge via public.badges


@pytest.mark.parametrize(
    ("query", "expected", "excluded"),
    [
        ("sexo=M", "María Fernanda López Ramos", "José Pérez Íñiguez"),
        ("sexo=H", "José Pérez Íñiguez", "María Fernanda López Ramos"),
        ("cargo=gubernatura", "María Fernanda López Ramos", "Ana Sofía Valdés Ramos"),
        ("cargo=diputacion-rp", "Héctor Ramírez Luna", "José Pérez Íñiguez"),
        ("distrito=8", "Beatriz Salinas Ortega", "Ana Sofía Valdés Ramos"),
        ("municipio=05035", "Beatriz Salinas Ortega", "Ana Sofía Valdés Ramos"),
        ("municipio=05002", "Ana Sofía Valdés Ramos", "Beatriz Salinas Ortega"),
        ("partido=morena", "Beatriz Salinas Ortega", "José Pérez Íñiguez"),
        ("partido=pan", "José Pérez Íñiguez", "María Fernanda López Ramos"),  # coalition member
        ("escolaridad=maestria", "Ricardo Flores Castro", "José Pérez Íñiguez"),
        ("accion_afirmativa=joven", "Ana Sofía Valdés Ramos", "Ricardo Flores Castro"),
        ("accion_afirmativa=cualquiera", "Ana Sofía Valdés Ramos", "Ricardo Flores Castro"),
        ("q=jose+perez", "José Pérez Íñiguez", "María Fernanda López Ramos"),
        ("q=VALDES", "Ana Sofía Valdés Ramos", "José Pérez Íñiguez"),
    ],
)
def test_each_filter(client, public_site, query, expected, excluded):
    listed = names(client.get(f"/candidaturas/?{query}"))
    assert expected in listed
    assert excluded not in listed


def test_coalition_filter(client, public_site):
    listed = names(client.get(f"/candidaturas/?partido={public_site.coalition.slug}"))
    assert set(listed) == {"José Pérez Íñiguez", "Lucía Garza Treviño", "Ana Sofía Valdés Ramos"}


@pytest.mark.parametrize("candidacy_name", ["maria", "jose", "rival_d1"])
def test_age_band_filter_uses_the_process_bands(client, public_site, candidacy_name):
    candidacy = getattr(public_site, candidacy_name)
    band = public_site.process.age_band_for(candidacy.age)
    response = client.get("/candidaturas/", {"edad": band})
    assert candidacy.title in names(response)
    assert all(
        public_site.process.age_band_for(c.age) == band for c in response.context["candidacies"]
    )
    # Hand-typed "60+" arrives as "60 ": still the open band, never every candidacy.
    open_band = client.get("/candidaturas/?edad=60+")
    assert not open_band.context["invalid"]
    assert all(c.age >= 60 for c in open_band.context["candidacies"])


def test_filters_combine_and_are_listed_as_removable_chips(client, public_site):
    response = client.get("/candidaturas/?sexo=M&cargo=diputacion-mr&distrito=1")
    assert set(names(response)) == {"Ana Sofía Valdés Ramos", "Lucía Garza Treviño"}
    html = response.content.decode()
    assert "2 candidaturas" in html
    assert 'aria-label="Quitar filtro Sexo: Mujer"' in html
    # Removing one filter keeps the others (shareable URLs).
    assert "/candidaturas/?cargo=diputacion-mr&amp;distrito=1" in html


def test_invalid_filter_value_is_ignored_with_a_notice(client, public_site):
    response = client.get("/candidaturas/?sexo=Z&cargo=gubernatura")
    assert response.status_code == 200
    assert response.context["invalid"] is True
    assert set(names(response)) == {"José Pérez Íñiguez", "María Fernanda López Ramos"}


def test_no_results_says_so(client, public_site):
    html = client.get("/candidaturas/?q=zzzzqqq").content.decode()
    assert "0 candidaturas" in html
    assert "No hay candidaturas publicadas con esos filtros" in html


def test_pagination_keeps_filters(client, public_site, monkeypatch):
    monkeypatch.setattr("candidates.views.listing.PAGE_SIZE", 2)
    first = client.get("/candidaturas/?cargo=diputacion-mr")
    html = first.content.decode()
    assert 'href="?cargo=diputacion-mr&amp;pagina=2"' in html
    second = client.get("/candidaturas/?cargo=diputacion-mr&pagina=2")
    assert second.context["page_obj"].number == 2
    assert not set(names(first)) & set(names(second))
    # Out of range or garbage page numbers never fail.
    assert client.get("/candidaturas/?pagina=999").status_code == 200
    assert client.get("/candidaturas/?pagina=abc").status_code == 200


def test_filterset_is_reusable_outside_the_view(public_site):
    filterset = CandidacyFilter({"sexo": "H", "cargo": "gubernatura"}, public_candidacies())
    assert [c.title for c in filterset.qs] == ["José Pérez Íñiguez"]


def test_listing_works_without_javascript_forms_are_get(client, public_site):
    html = client.get("/candidaturas/").content.decode()
    assert 'method="get" action="/candidaturas/"' in html
    assert "csrfmiddlewaretoken" not in html
