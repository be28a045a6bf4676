"""axe-core (WCAG 2.2 A/AA rules) on every public page type, keyboard access, and a 360 px phone.

axe-core comes from npm (package.json pins it; `npm ci` installs it) and is injected into the page
by Playwright, so no request leaves the machine.
"""

import os
from pathlib import Path

from django.conf import settings

import pytest

from tests.public.conftest import build_public_site

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def site(transactional_db):
    from elections.factories import ElectoralProcessFactory

    return build_public_site(ElectoralProcessFactory())


def page_types(site):
    return {
        "home": "/",
        "listing": "/candidaturas/?sexo=M",
        "listing under its process's path": f"/{site.process.slug}/candidaturas/?cargo=",
        "profile": site.propietaria.url,
        "profile without data": site.incomplete.url,
        "ficha": site.propietaria.url + "?ficha=1",
        "comparison": f"/comparar/?c={site.jose.pk}&c={site.maria.pk}&c={site.propietaria.pk}",
        "search": "/buscar/?q=jose+perez",
        "ballot, statewide": "/mi-boleta/",
        "ballot": "/mi-boleta/?municipio=05002",
        "ballot, district choice": "/mi-boleta/?municipio=05035",
        "party": "/partidos/pan/",
        "faq": "/preguntas-frecuentes/",
        "statistics": "/estadisticas/",
        "statistics, one party": "/estadisticas/?partido=pan",
        "open data": "/datos-abiertos/",
    }


def axe_violations(page):
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: run `npm ci`.")
        pytest.skip("axe-core is not installed (npm ci)")
    # Evaluated through the DevTools protocol, not as a <script> element: the page's CSP admits
    # no inline script, and it must stay the CSP the public sees while axe runs.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_axe_violations_on_any_public_page_type(page, site):
    failures = {}
    for name, url in page_types(site).items():
        response = page.goto(url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
    assert failures == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_horizontal_scroll_at_360_px(page, site):
    page.set_viewport_size({"width": 360, "height": 740})
    for name, url in page_types(site).items():
        page.goto(url)
        width = page.evaluate("document.scrollingElement.scrollWidth")
        assert width <= 360, f"{name} ({url}) is {width} px wide"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keyboard_only_skip_link_and_visible_focus(page, site):
    page.goto("/candidaturas/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Saltar al contenido"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenido"
    # Focus is visibly marked: an outline on the focused control.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    # The filters can be used and submitted without a mouse.
    page.goto("/candidaturas/")
    page.focus("#id_sexo")
    page.keyboard.press("ArrowDown")
    page.focus("button[type=submit].button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/candidaturas/?*")
    assert "sexo=" in page.url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_request_leaves_the_site(page, site, live_server):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    for url in page_types(site).values():
        page.goto(url)
    assert hosts == {live_server.url.split("/")[2]}
