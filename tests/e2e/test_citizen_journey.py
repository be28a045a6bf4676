"""A voter in real Chromium: home → ballot → profile → compare → search → filters → print."""

import pytest

from tests.public.conftest import build_public_site


@pytest.fixture
def site(transactional_db):
    from elections.factories import ElectoralProcessFactory

    return build_public_site(ElectoralProcessFactory())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_citizen_journey(page, site):
    # Home: the ballot finder by municipality.
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Conoce a quienes buscan tu voto"
    page.get_by_label("Tu municipio").select_option(label="Acuña")
    page.get_by_role("button", name="Ver mi boleta").click()
    page.wait_for_url("**/mi-boleta/?municipio=05002")
    assert page.get_by_role("heading", name="Gubernatura").is_visible()
    assert page.get_by_role(
        "heading", name="Diputación local de mayoría relativa · Distrito 01"
    ).is_visible()

    # Profile from the ballot, then the suplente and back.
    page.get_by_role("link", name="Ana Sofía Valdés Ramos").click()
    page.wait_for_url(f"**{site.propietaria.url}")
    assert page.get_by_role("heading", level=1).inner_text() == "Ana Sofía Valdés Ramos"
    assert page.locator(".badge", has_text="Persona joven").is_visible()
    headings = page.locator(".profile__sections > section > h2").all_inner_texts()
    assert headings[:5] == [
        "Datos generales",
        "Aspiración al cargo",
        "Propuestas políticas",
        "Trayectoria política",
        "Historia profesional o laboral",
    ]

    # Compare with the rival of the same district (pre-selected in the profile's form).
    page.get_by_role("button", name="Comparar", exact=True).click()
    page.wait_for_url("**/comparar/?**")
    names = page.locator(".compare__name").all_inner_texts()
    assert names == ["Ana Sofía Valdés Ramos", "Ricardo Flores Castro"]
    assert page.get_by_role("heading", name="Propuestas", exact=True).is_visible()

    # Search with an unaccented, lower-case name.
    page.get_by_label("Buscar candidaturas").fill("jose perez iniguez")
    page.get_by_label("Buscar candidaturas").press("Enter")
    page.wait_for_url("**/buscar/?q=jose+perez+iniguez")
    assert page.get_by_role("link", name="José Pérez Íñiguez").is_visible()

    # Filters by sex and education, without typing any URL.
    page.goto("/candidaturas/")
    page.get_by_label("Sexo").select_option(label="Hombre")
    page.get_by_label("Escolaridad").select_option(label="Maestría")
    page.get_by_role("button", name="Aplicar filtros").click()
    page.wait_for_url("**/candidaturas/?**")
    assert "sexo=H" in page.url and "escolaridad=maestria" in page.url
    assert page.locator(".results__count").inner_text() == "1 candidatura"
    assert page.locator(".card__name").all_inner_texts() == ["Ricardo Flores Castro"]
    assert page.get_by_role("link", name="Limpiar filtros").first.is_visible()

    # Print view: the ficha, laid out for paper.
    page.get_by_role("link", name="Ricardo Flores Castro").click()
    page.get_by_role("link", name="Ficha para imprimir").click()
    page.wait_for_url("**?ficha=1")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Ricardo Flores Castro"
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")
