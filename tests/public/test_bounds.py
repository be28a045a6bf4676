"""Pages stay bounded by what they show, not by how many candidacies are registered (issue 16).

«Mi boleta» shows at most `CONTEST_LIMIT` cards per contest and links to the filtered listing for
the rest; the listing counts its filter combination once and reuses the count until publication.
"""

import sys

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from candidates.counts import forget_listing_counts

pytestmark = pytest.mark.django_db


def test_ballot_contest_is_cut_at_the_limit_and_links_to_the_listing(
    client, public_site, monkeypatch
):
    # The package exports the view under the module's name, so patch the module itself.
    monkeypatch.setattr(sys.modules["candidates.views.ballot"], "CONTEST_LIMIT", 1)
    response = client.get("/mi-boleta/?municipio=05002")
    contests = {c.office.slug: c for c in response.context["contests"]}
    governorship = contests["gubernatura"]
    assert len(governorship.candidacies) == 1
    assert governorship.total == 2 and governorship.truncated
    assert governorship.more_url == "/candidaturas/?cargo=gubernatura"
    mr = contests["diputacion-mr"]
    assert mr.truncated and mr.more_url.startswith("/candidaturas/?cargo=diputacion-mr&distrito=")
    assert not contests["diputacion-rp"].truncated
    html = response.content.decode()
    assert 'href="/candidaturas/?cargo=gubernatura"' in html
    assert "Ver las 2 en el listado" in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()], response


def test_listing_counts_once_per_filter_combination_until_publication(client, public_site):
    cache.clear()
    url = "/candidaturas/?cargo=gubernatura"
    counts, first = count_queries(client, url)
    assert len(counts) == 1
    counts, again = count_queries(client, url + "&pagina=1")
    assert counts == []
    assert again.context["total"] == first.context["total"]
    counts, _ = count_queries(client, "/candidaturas/?cargo=diputacion-mr")
    assert len(counts) == 1  # another combination, its own count

    forget_listing_counts()  # what the publishing pipeline calls after a publication
    counts, _ = count_queries(client, url)
    assert len(counts) == 1


def test_publication_forgets_listing_counts(monkeypatch):
    """The listings' counts and cards, not every kept profile (the pipeline renews the profiles
    a publication shows on, tests/public/test_profile_cache.py)."""
    from publishing import pipeline

    calls = []
    monkeypatch.setattr(
        "candidates.counts.forget_listings_after_publication", lambda: calls.append(1)
    )
    monkeypatch.setattr("candidates.counts.forget_listing_counts", lambda: calls.append("all"))
    pipeline._forget_public_figures()
    assert calls == [1]
