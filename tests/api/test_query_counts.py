"""Every resource answers with a fixed number of SQL queries, whatever the size of the data.

Each resource is asked once with 3 more rows of everything it lists (candidacies, sections,
districts, municipalities, parties, coalitions, independents) and again with 30 more; the count
must be the same and equal to the figure below, so that a new N+1 shows as a failing test and a
change of the count as a visible diff. The process's own caches (public catalog, figures) are
warm, as on a server that has answered once.
"""

import itertools

from django.core.cache import cache
from django.db import connection

import pytest

from api.base import forget_api_caches
from api.preview import make_token
from elections.factories import (
    CoalitionFactory,
    DistrictFactory,
    IndependentCandidacyFactory,
    MunicipalityFactory,
    PartyFactory,
)
from elections.models import Section
from tests.public.conftest import add_candidacies

from .test_resources import build_site

pytestmark = pytest.mark.django_db

# Resource -> (path, queries per request): the one table of expected counts for the API.
# Paths with {…} are filled from the site. Catalogs held by the process's cached public catalog
# (offices, districts, municipalities, parties, independents) cost no query; the latest
# publication (Last-Modified), section totals and the candidacies' ordered keys are in the API's
# cache (api.base.cached) until the next publication.
EXPECTED = {
    "procesos": ("procesos/", 1),
    "cargos": ("cargos/", 0),
    "distritos": ("distritos/", 0),
    "municipios": ("municipios/", 0),
    "secciones": ("secciones/?limit=100", 1),
    "partidos": ("partidos/", 0),
    "coaliciones": ("coaliciones/", 5),
    "independientes": ("independientes/", 0),
    # Each contest's total is cached with the listing counts until the next publication.
    "boleta (sección)": ("boleta/?seccion=101", 7),
    "boleta (municipio)": ("boleta/?municipio=05035&distrito=8", 4),
    # No place: the statewide contests every voter shares.
    "boleta (sin lugar)": ("boleta/", 4),
    "estadisticas": ("estadisticas/?partido=morena", 0),
    "datos-abiertos": ("datos-abiertos/", 0),
    # A list's items are kept until the next publication (api.base.cached_each): a list
    # already served costs no query for them (COLD below: the first request after a publication).
    "candidaturas": ("candidaturas/?limit=100", 0),
    "candidaturas (fields=*)": ("candidaturas/?limit=100&fields=*", 0),
    "candidaturas (filtros)": ("candidaturas/?cargo={mr}&partido=morena&limit=100", 0),
    # Another field selection is built each time (not kept: api.views.CACHED_FIELD_SELECTIONS).
    "candidaturas (fields=nombre,cargo)": ("candidaturas/?limit=100&fields=nombre,cargo", 3),
    # The search (one query; on PostgreSQL inside a savepoint with its own SET LOCAL: three more
    # statements in a test's transaction) and the ordered keys of its matches.
    "candidaturas (q)": (
        "candidaturas/?q=diputacion&limit=100", {"sqlite": 2, "postgresql": 5}
    ),
    "candidatura (detalle)": ("candidaturas/{owner}/?fields=*", 3),
    "vista-previa": ("vista-previa/?token={token}", 9),
}  # fmt: skip

# The candidacy lists as the first request after a publication builds them, whatever the
# page's length: the page view restrictions (when no page has read them since the last
# publication; then kept, candidates.restrictions), the ordered keys, the rows, their photos,
# their badges, the latest publication (the site, for `html_url`, is kept between requests:
# site_conoceles.sites).
COLD = {
    "candidaturas": 6,
    "candidaturas (fields=*)": 6,
    "candidaturas (filtros)": 6,
    "candidaturas (q)": {"sqlite": 7, "postgresql": 10},
}

# The lists whose total grows with the data (the others answer one place or one figure).
GROWING = [
    "distritos", "municipios", "secciones", "partidos", "coaliciones", "independientes",
    "candidaturas", "candidaturas (fields=*)", "candidaturas (filtros)", "candidaturas (q)",
    "candidaturas (fields=nombre,cargo)",
]  # fmt: skip
_numbers = itertools.count(5000)


def grow(site, how_many):
    """`how_many` more rows of every kind a resource lists."""
    add_candidacies(site, how_many, parties=("PRI", "MORENA"), shared_photos=2)
    for _ in range(how_many):
        number = next(_numbers)
        municipality = MunicipalityFactory(inegi_code=f"{number:05d}", name=f"Municipio {number}")
        district = DistrictFactory(process=site.process, number=number, head_town=f"C{number}")
        district.municipalities.add(municipality)
        Section.objects.create(
            process=site.process, number=number, district=site.d8, municipality=site.torreon
        )
        IndependentCandidacyFactory(process=site.process, office=site.mr, district=site.d9)
        PartyFactory(process=site.process)
        coalition = CoalitionFactory(
            process=site.process,
            members=[site.parties["PRI"], site.parties["MORENA"]],
            offices=[site.mr],
        )
        coalition.districts.add(district)


def count_queries(client, path, django_assert_num_queries, expected):
    client.get(path)  # warm: the public catalog and figures are cached, as in service
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    return response


@pytest.mark.parametrize("resource", list(EXPECTED))
def test_queries_per_request_do_not_grow(
    client, process, django_assert_num_queries, django_user_model, resource
):
    cache.clear()
    site = build_site(process)
    template, expected = EXPECTED[resource]
    if isinstance(expected, dict):
        expected = expected[connection.vendor]
    token = ""
    if resource == "vista-previa":
        moderator = django_user_model.objects.create_superuser("moderacion-conteo", "m@ex.org")
        token, _expires = make_token(moderator, site.propietaria)
    path = "/api/v2/" + template.format(mr=site.mr.slug, owner=site.propietaria.pk, token=token)
    sizes = []
    for how_many in (3, 27):  # 3 more rows of everything, then 30
        grow(site, how_many)
        cache.clear()
        response = count_queries(client, path, django_assert_num_queries, expected)
        body = response.json()
        sizes.append(body.get("meta", {}).get("total_count"))
    if resource in GROWING:
        assert sizes[1] > sizes[0], sizes  # the data did grow under the resource


@pytest.mark.parametrize("resource", list(COLD))
def test_a_list_built_after_a_publication_costs_a_fixed_number_of_queries(
    client, process, django_assert_num_queries, resource
):
    site = build_site(process)
    template, _served = EXPECTED[resource]
    expected = COLD[resource]
    if isinstance(expected, dict):
        expected = expected[connection.vendor]
    path = "/api/v2/" + template.format(mr=site.mr.slug)
    totals = []
    for how_many in (3, 27):
        grow(site, how_many)
        client.get(path)  # the public catalog and figures warm, as in service
        forget_api_caches()  # what a publication does
        with django_assert_num_queries(expected):
            response = client.get(path)
        totals.append(response.json()["meta"]["total_count"])
        assert len(response.json()["items"]) == min(100, totals[-1])
    assert totals[1] > totals[0]
