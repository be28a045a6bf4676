"""Search terms are words to look for, never query syntax: FTS5 operators and quotes are text.

The probe of issue #11 found that `?q=%22` (a double quote) raised an FTS5 syntax error, a 500,
on every surface that searches; each surface is asked the same hostile terms here.
"""

from django.core.cache import cache

import pytest

from candidates.factories import CandidacyPageFactory
from elections.factories import OfficeFactory

pytestmark = pytest.mark.django_db

HOSTILE_TERMS = [
    '"',
    '""',
    '"José',
    'José"',
    'José "Ángel',
    "*",
    "José*",
    "-",
    "-José",
    "José -Ángel",
    "AND",
    "José AND",
    "OR",
    "NOT",
    "José NOT Ángel",
    "(",
    ")",
    "(José",
    "NEAR",
    "NEAR(José Ángel)",
    "José NEAR/2 Ángel",
    ":",
    "title:José",
    "{title}: José",
    "^José",
    "+",
    "'",
    "\\",
    "%",
    "José's",
    "'\"*-():^{}",
]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def candidacy(tree, process):
    _, actors = tree
    return CandidacyPageFactory(
        parent=actors["PAN"],
        office=OfficeFactory(process=process, governorship=True),
        title="José Ángel Muñoz Íñiguez",
        complete=True,
        publish=True,
    )


@pytest.mark.parametrize("term", HOSTILE_TERMS)
@pytest.mark.parametrize(
    "url", ["/buscar/", "/buscar/autocompletar/", "/candidaturas/", "/api/v2/candidaturas/"]
)
def test_search_syntax_is_never_a_server_error(client, candidacy, url, term):
    response = client.get(url, {"q": term})
    assert response.status_code == 200, (url, term, response.status_code)


@pytest.mark.parametrize("term", ['"José"', 'José "Ángel"', "José*", "(José)", "José:"])
def test_punctuation_around_a_name_still_finds_it(client, candidacy, term):
    api = client.get("/api/v2/candidaturas/", {"q": term}).json()
    assert [item["id"] for item in api["items"]] == [candidacy.pk], term
    assert candidacy.title in client.get("/buscar/", {"q": term}).content.decode(), term
