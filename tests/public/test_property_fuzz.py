"""Property-based fuzzing of every public input: arbitrary text, HTML and search syntax.

Issue #11 asks that no free-text field and no public query parameter can produce a server error
or unescaped markup. Hypothesis draws values from three families: any Unicode text (control
characters and right-to-left marks included), HTML/script payloads, and the query syntax of the
search engines and of spreadsheets. The number of examples is fixed so that the module runs in
well under a minute on a laptop; a failure prints the smallest input that breaks the property.
"""

import contextlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.validation import questionnaire_errors

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
RAW_SCRIPT = "<script>alert("
SYNTAX = [
    '"',
    '""',
    "*",
    "-",
    "-José",
    "AND",
    "OR NOT",
    "(",
    ")",
    "NEAR(a b)",
    "NEAR/2",
    ":",
    "title:x",
    "{title body}: x",
    "^x",
    "a & b | !c:*",
    "'",
    "\\",
    "%",
    "%%",
    "_",
    "=1+1",
    "@SUM(A1)",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "60+",
    "../../../etc/passwd",
    "{{ request }}",
    "{% debug %}",
    "\x00",
    "\u202e",
    "\ufeff",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
]
# No lone surrogates: they cannot be UTF-8 encoded, so no browser can send them.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(SYNTAX),
    st.tuples(TEXT, st.sampled_from(SYNTAX), TEXT).map("".join),
    TEXT.map(lambda text: text + SCRIPT),
)

SURFACES = [
    ("/candidaturas/", name)
    for name in (
        "q",
        "cargo",
        "partido",
        "distrito",
        "municipio",
        "sexo",
        "edad",
        "escolaridad",
        "accion_afirmativa",
        "pagina",
    )
] + [
    ("/buscar/", "q"),
    ("/buscar/", "pagina"),
    ("/buscar/autocompletar/", "q"),
    ("/mi-boleta/", "municipio"),
    ("/mi-boleta/", "distrito"),
    ("/mi-boleta/", "seccion"),
    ("/comparar/", "c"),
    ("/estadisticas/", "cargo"),
    ("/estadisticas/", "partido"),
    ("/api/v2/candidaturas/", "q"),
    ("/api/v2/candidaturas/", "cargo"),
    ("/api/v2/candidaturas/", "partido"),
    ("/api/v2/candidaturas/", "edad"),
    ("/api/v2/candidaturas/", "fields"),
    ("/api/v2/candidaturas/", "limit"),
    ("/api/v2/candidaturas/", "offset"),
    ("/api/v2/candidaturas/", "order"),
]

FUZZ_SETTINGS = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_safe(response, value, where):
    assert response.status_code < 500, (where, value, response.status_code)
    if response.get("Content-Type", "").startswith("text/html") and RAW_SCRIPT in value:
        assert RAW_SCRIPT not in response.content.decode(), (where, value)


@FUZZ_SETTINGS
@given(surface=st.sampled_from(SURFACES), value=VALUES, more=st.booleans())
def test_no_public_query_parameter_breaks_a_page(public_site, surface, value, more):
    path, name = surface
    params = {name: value}
    if more:
        # With a valid companion, so that the value reaches deeper code: a second candidacy to
        # compare, a municipality for the ballot, a search beside a filter.
        if name == "c":
            params = {"c": [str(public_site.jose.pk), value]}
        elif path == "/mi-boleta/":
            params = {"municipio": "05035", name: value}
        elif name != "q":
            params = {name: value, "q": "José"}
    assert_safe(Client().get(path, params), value, (path, name))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20))
def test_unknown_parameters_are_refused_or_ignored(public_site, name):
    for path in ("/candidaturas/", "/api/v2/candidaturas/", "/buscar/", "/estadisticas/"):
        assert_safe(Client().get(path, {name: SCRIPT}), SCRIPT, (path, name))


FREE_TEXT = st.one_of(
    TEXT.map(lambda text: text + SCRIPT),
    st.tuples(st.sampled_from(SYNTAX), TEXT, st.just(SCRIPT)).map("".join),
)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=FREE_TEXT,
    short=FREE_TEXT,
    long=st.lists(FREE_TEXT, min_size=1, max_size=3).map("\n\n".join),
)
def test_free_text_fields_are_validated_and_shown_escaped(public_site, name, short, long):
    """Every free-text field of a live candidacy holds a payload; its public views escape it."""
    page = type(public_site.jose).objects.get(pk=public_site.jose.pk)
    page.title = name[:255]
    for field in ("campaign_street", "campaign_neighborhood", "campaign_town"):
        setattr(page, field, short[:150])
    page.campaign_number = short[:40]
    page.motivation = long
    page.gender_proposal = long
    page.proposals = [("proposal", {"title": short[:200], "description": long})] * 2
    page.political_trajectory = [("text", long)]
    page.professional_history = [
        (
            "job",
            {
                "position": short[:200],
                "organization": short[:200],
                "start_year": 2010,
                "end_year": 2018,
                "description": long,
            },
        )
    ]
    page.courses = [("course", {"name": short[:1000], "institution": short[:200]})]

    # The rules the admin applies never raise anything but a validation message.
    errors = questionnaire_errors(lambda field: getattr(page, field, None), strict=True)
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)
    with contextlib.suppress(ValidationError):
        page.full_clean()
    page.save()

    client = Client()
    cache.clear()
    for url in (
        page.url,
        page.url + "?ficha=1",
        f"/comparar/?c={page.pk}&c={public_site.maria.pk}",
        "/candidaturas/",
        "/buscar/?q=José",
        f"/api/v2/candidaturas/{page.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            assert RAW_SCRIPT not in html, url
    profile = client.get(page.url).content.decode()
    assert "&lt;script&gt;alert(" in profile
