"""The candidacy profile: sections in the institute's order, the fórmula link, badges, privacy."""

import json
import re

import pytest

from candidates.models.candidacy import NOT_APPLICABLE, NOT_PROVIDED

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Datos generales",
    "Aspiración al cargo",
    "Propuestas políticas",
    "Trayectoria política",
    "Historia profesional o laboral",
]


def test_sections_in_the_order_of_the_form(client, public_site):
    html = client.get(public_site.propietaria.url).content.decode()
    headings = re.findall(r"<h2 id=\"h-[a-z]+\">([^<]+)</h2>", html)
    assert headings[: len(SECTIONS)] == SECTIONS


def test_profile_shows_public_fields_and_never_the_birth_date(client, public_site):
    page = public_site.propietaria
    html = client.get(page.url).content.decode()
    assert page.title in html
    assert page.public_email in html
    assert page.proposals[0].value["description"][:40] in html
    assert page.gender_proposal[:40] in html
    assert f"{page.age} años" in html
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d de"):
        assert page.birth_date.strftime(fmt) not in html or fmt == "%d de"
    assert "fecha de nacimiento" not in html.lower()


def test_propietaria_and_suplente_reach_each_other(client, public_site):
    owner, substitute = public_site.propietaria, public_site.suplente
    assert substitute.url in client.get(owner.url).content.decode()
    assert owner.url in client.get(substitute.url).content.decode()


def test_a_partner_made_private_is_no_longer_linked(client, public_site):
    """The partner's query is compiled once per set of view restrictions
    (candidates.views.profile._PARTNER): a restriction added after it was compiled applies."""
    from wagtail.models import PageViewRestriction

    owner, substitute = public_site.propietaria, public_site.suplente
    assert substitute.url in client.get(owner.url).content.decode()
    PageViewRestriction.objects.create(
        page=substitute, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert substitute.url not in client.get(owner.url).content.decode()


def test_a_new_pages_preview_has_no_partner(public_site):
    """An unsaved page has no key: looking for who names it as their fórmula found every
    candidacy without a substitute (`substitute_id IS NULL`) and showed the first."""
    from candidates.choices import FormulaRole
    from candidates.models import CandidacyPage
    from candidates.views.profile import formula_partner

    new = CandidacyPage(
        title="Nueva",
        office=public_site.mr,
        district=public_site.d1,
        formula_role=FormulaRole.OWNER,
    )
    assert formula_partner(new) is None
    new.substitute = public_site.suplente
    assert formula_partner(new) == public_site.suplente


def test_unpublished_partner_is_not_linked(client, public_site):
    html = client.get(public_site.rival_d1.url).content.decode()
    assert "Borrador Secreto Quintanilla" not in html


def test_empty_and_not_applicable_fields(client, public_site):
    html = client.get(public_site.incomplete.url).content.decode()
    assert NOT_PROVIDED in html
    assert "sin fotografía" in html  # neutral avatar
    governor = client.get(public_site.jose.url).content.decode()
    distrito = re.search(r"<dt>Distrito</dt><dd>(.*?)</dd>", governor).group(1)
    assert NOT_APPLICABLE in distrito


def test_badges_come_from_identity_public(client, public_site, monkeypatch):
    from public.badges import Badge

    monkeypatch.setattr(
        "candidates.views.profile.public_badges",
        lambda candidacy: [Badge("indigena", "Persona indígena de prueba", "autoadscripcion")],
    )
    html = client.get(public_site.rival_d1.url).content.decode()
    assert "Persona indígena de prueba" in html


def test_json_ld_person_has_only_public_data(client, public_site):
    page = public_site.propietaria
    response = client.get(page.url)
    html = response.content.decode()
    nonce, raw = re.search(
        r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S
    ).groups()
    # The block carries the response's CSP nonce (security/, docs/security.md).
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    data = json.loads(raw)
    assert data["@type"] == "Person"
    assert data["name"] == page.title
    assert data["affiliation"]["name"] == "Alianza Ciudadana por la Seguridad"
    assert "birthDate" not in data and "gender" not in data
    assert data["image"].startswith("http://testserver/")


def test_last_published_change_date_and_disclaimer(client, public_site):
    html = client.get(public_site.propietaria.url).content.decode()
    assert "Última actualización publicada" in html
    assert "<time datetime=" in html
    assert "responsables de su contenido" in html


def test_compare_form_lists_the_same_contest(client, public_site):
    response = client.get(public_site.propietaria.url)
    rivals = [c.title for c in response.context["rivals"]]
    assert rivals == ["Ricardo Flores Castro"]  # same office and district, owners only
    html = response.content.decode()
    assert 'action="/comparar/"' in html and 'method="get"' in html


def test_printable_ficha(client, public_site):
    response = client.get(public_site.propietaria.url + "?ficha=1")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "candidates/candidacy_ficha.html"
    html = response.content.decode()
    assert 'media="print"' in html
    assert "Propuesta en materia de género" in html


def test_draft_is_404(client, public_site):
    assert public_site.draft.url
    assert client.get(public_site.draft.url).status_code == 404


def test_a_profile_reads_renditions_only_for_the_images_it_has(
    client, public_site, settings, monkeypatch
):
    """A photo's renditions are read with the profile; a profile with no photo, no emblem and no
    «3 de 3» document makes no prefetch at all (candidates.views.profile._leads_somewhere)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PROFILE_RENDER_CACHE_SECONDS = 0

    def images_read(page):
        client.get(page.url)  # the cached catalog a running site has
        with CaptureQueriesContext(connection) as captured:
            html = client.get(page.url).content.decode()
        tables = ("wagtailimages_rendition", "wagtaildocs_document")
        return html, [q for q in captured.captured_queries if any(t in q["sql"] for t in tables)]

    html, read = images_read(public_site.propietaria)
    assert len(read) == 1 and 'class="profile__photo"' in html
    assert re.search(r'<div class="profile__photo"><img [^>]*src="[^"]+"', html)
    prefetched = []
    monkeypatch.setattr(
        "candidates.views.profile.prefetch_related_objects",
        lambda objects, *lookups: prefetched.append(lookups),
    )
    html, read = images_read(public_site.incomplete)
    assert read == [] and "sin fotografía" in html
    assert prefetched == []
