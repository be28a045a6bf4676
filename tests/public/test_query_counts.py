"""The number of SQL queries of every public page does not grow with the data.

Each page is measured with 10 and then with 200 published candidacies, cold (empty cache) and
warm; the counts must be equal. The figures are printed (`pytest -s`) for the report.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from candidates.choices import Sex
from candidates.queries import public_candidacies

from .conftest import add_candidacies, build_public_site

pytestmark = pytest.mark.django_db


def page_urls(site):
    filters = (
        "cargo=diputacion-mr&partido=morena&distrito=1&municipio=05002&sexo=X"
        "&edad=50-59&escolaridad=licenciatura&accion_afirmativa=cualquiera&q=ramos"
    )
    return {
        "home": "/",
        "listing": "/candidaturas/",
        "listing, every filter": f"/candidaturas/?{filters}",
        "listing, page 2": "/candidaturas/?cargo=diputacion-mr&pagina=2",
        "profile": site.propietaria.url,
        "profile (suplente)": site.suplente.url,
        "ficha": site.propietaria.url + "?ficha=1",
        "compare (2)": f"/comparar/?c={site.jose.pk}&c={site.maria.pk}",
        "compare (4)": (
            f"/comparar/?c={site.jose.pk}&c={site.maria.pk}"
            f"&c={site.propietaria.pk}&c={site.rival_d1.pk}"
        ),
        "search": "/buscar/?q=diputacion",
        # A name no generated candidacy shares: under FEW_RESULTS hits the search also looks for
        # sound-alike names (one more query), so the hits must not grow with the data.
        "search, name": "/buscar/?q=perez+iniguez",
        "autocomplete": "/buscar/autocompletar/?q=ma",
        "ballot, statewide": "/mi-boleta/",
        "ballot, municipality": "/mi-boleta/?municipio=05002",
        "ballot, district choice": "/mi-boleta/?municipio=05035",
        "ballot, district": "/mi-boleta/?municipio=05035&distrito=8",
        "party": "/partidos/morena/",
        "coalition": f"/coaliciones/{site.coalition.slug}/",
        "parties": "/partidos/",
        "capturing actor page": site.actors["MORENA"].url,
        "faq": "/preguntas-frecuentes/",
    }


def measure(client, urls):
    counts = {}
    for name, url in urls.items():
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        counts[name] = (len(cold), len(warm))
    return counts


# PRI and MORENA in turn, one in three a woman, three portraits shared by all.
MIXED = {
    "parties": ("PRI", "MORENA"),
    "sexes": (Sex.WOMAN, Sex.NON_BINARY, Sex.NON_BINARY),
    "shared_photos": 3,
}


def test_query_counts_do_not_grow_with_candidacies(client, process):
    site = build_public_site(process)
    add_candidacies(site, 10 - public_candidacies().count(), **MIXED)
    assert public_candidacies().count() == 10
    urls = page_urls(site)
    measure(client, urls)  # per-process memos (content types, page classes) a running site has
    with_10 = measure(client, urls)

    add_candidacies(site, 190, **MIXED)
    assert public_candidacies().count() == 200
    with_200 = measure(client, urls)

    print("\nQueries per page (cold, warm) with 10 and with 200 candidacies:")
    for name in urls:
        print(f"  {name:28} 10: {with_10[name]}   200: {with_200[name]}")
    assert with_10 == with_200
