"""Public statistics: small cells suppressed, identity figures only with statistical consent."""

from django.core.cache import cache

import pytest

from candidates.choices import Sex
from stats.figures import compute_figures
from tests.opendata.factories_helpers import answer_identity, draft, published


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def population(tree, offices):
    _page, actors = tree
    office = offices["gubernatura"]
    women = [published(actors["PAN"], office, sex=Sex.WOMAN) for _ in range(3)]
    men = [published(actors["PRI"], office, sex=Sex.MAN) for _ in range(6)]
    hidden = draft(actors["PAN"], office, sex=Sex.NON_BINARY)
    return women, men, hidden


@pytest.mark.django_db
def test_small_sex_counts_are_shown_as_less_than_five(client, population):
    response = client.get("/estadisticas/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    sex = next(c for c in response.context["charts"] if c["slug"] == "sexo")
    shown = {row["label"]: row["display"] for row in sex["rows"]}
    assert shown == {"Mujer": "< 5", "Hombre": "6", "No binario": "< 5"}
    html = response.content.decode()
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    csv_response = client.get("/estadisticas/sexo.csv")
    body = csv_response.content.decode("utf-8-sig")
    assert "Mujer,< 5" in body and "Hombre,6" in body
    assert ",3" not in body


@pytest.mark.django_db
def test_progress_counts_drafts_as_registered_not_published(client, population):
    figures = compute_figures({})
    pan = next(r for r in figures["progress"]["by_party"] if r["label"] == "PAN")
    assert (pan["registered"], pan["published"]) == (4, 3)


@pytest.mark.django_db
def test_filter_by_party(client, population, tree):
    response = client.get("/estadisticas/?partido=" + tree[1]["PRI"].party.slug)
    sex = next(c for c in response.context["charts"] if c["slug"] == "sexo")
    assert {r["label"]: r["display"] for r in sex["rows"]}["Hombre"] == "6"
    assert response.context["published_total"] == 6
    assert client.get("/estadisticas/?partido=no-existe").status_code == 200


@pytest.mark.django_db
def test_identity_groups_only_count_statistical_consent_of_published(
    client, population, tree, offices
):
    from identity.models import IdentityQuestionnaire
    from identity.questions import NO

    women, _men, hidden = population
    consenting = [published(tree[1]["PRI"], offices["gubernatura"]) for _ in range(20)]
    for person in consenting:
        answer_identity(person, statistics=True)  # indigenous: "Sí"
    IdentityQuestionnaire.objects.filter(candidacy__in=consenting[11:]).update(indigenous=NO)
    answer_identity(women[0], statistics=False)
    answer_identity(hidden, statistics=True)  # a draft: not public data
    figures = compute_figures({})
    identity = figures["identity"]
    assert identity["with_statistics_consent"] == 20
    indigenous = next(g for g in identity["groups"] if g["slug"] == "indigena")
    # Neither the non-consenting nor the draft's "Sí" counts.
    assert indigenous["counts"]["yes"] == 11
    assert str(indigenous["counts"]["no"]) == "Reservada"  # or 20 - 11 would show the zeros
    body = client.get("/estadisticas/identidad.csv").content.decode("utf-8-sig")
    assert "Persona indígena,11,Reservada,< 5,< 5" in body
    html = client.get("/estadisticas/").content.decode()
    assert "Persona indígena: 11" in html  # the chart's description carries every figure


@pytest.mark.django_db
def test_identity_tables_too_small_to_protect_are_withheld(client, population):
    for person in population[1][:5]:
        answer_identity(person, statistics=True)
    figures = compute_figures({})
    assert figures["identity"]["withheld"] == ["groups", "income_bands", "income_sources"]
    assert all(chart["withheld"] for chart in figures["identity_charts"])
    html = client.get("/estadisticas/").content.decode()
    assert "muy pocas respuestas con consentimiento" in html
    body = client.get("/estadisticas/identidad.csv").content.decode("utf-8-sig")
    assert "Persona indígena,Reservada,Reservada,Reservada,Reservada" in body


@pytest.mark.django_db
def test_a_zero_never_hides_a_large_public_count(client, tree, offices):
    """No "No binario" candidacy must not turn 7 women into "< 5"."""
    for sex, how_many in ((Sex.WOMAN, 7), (Sex.MAN, 6)):
        for _ in range(how_many):
            published(tree[1]["PAN"], offices["gubernatura"], sex=sex)
    sex = next(c for c in compute_figures({})["charts"] if c["slug"] == "sexo")
    assert {r["label"]: r["display"] for r in sex["rows"]} == {
        "Mujer": "7",
        "Hombre": "6",
        "No binario": "< 5",
    }


@pytest.mark.django_db
def test_income_is_shown_only_summed_and_protected(client, tree, offices):
    from identity.models import IdentityQuestionnaire
    from identity.questions import INCOME_BANDS

    people = [published(tree[1]["PRI"], offices["gubernatura"]) for _ in range(40)]
    for person in people:
        answer_identity(person, statistics=True)
    answers = IdentityQuestionnaire.objects.filter(candidacy__in=people)
    answers.filter(candidacy__in=people[:30]).update(income_band=INCOME_BANDS[2])
    answers.filter(candidacy__in=people[30:]).update(income_band=INCOME_BANDS[3])
    chart = next(c for c in compute_figures({})["identity_charts"] if c["slug"] == "ingresos")
    assert not chart["withheld"]
    shown = {row["label"]: row["display"] for row in chart["rows"]}
    # The zeros are small; the 10 goes with them, or 40 - 30 would give them away.
    assert shown[INCOME_BANDS[2]] == "30"
    assert shown[INCOME_BANDS[3]] == "Reservada"
    assert {shown[band] for band in INCOME_BANDS if band not in INCOME_BANDS[2:4]} == {"< 5"}
    assert shown["Sin respuesta"] == "< 5"
    body = client.get("/estadisticas/ingresos.csv").content.decode("utf-8-sig")
    assert body.splitlines()[0] == "categoria,personas"
    assert f'"{INCOME_BANDS[3]}",Reservada' in body


@pytest.mark.django_db
def test_figures_are_cached_until_publication(client, population, tree, offices,
                                              django_assert_max_num_queries,
                                              django_capture_on_commit_callbacks):  # fmt: skip
    client.get("/estadisticas/")
    with django_assert_max_num_queries(3):
        client.get("/estadisticas/")
    with django_capture_on_commit_callbacks(execute=True):
        published(tree[1]["PAN"], offices["gubernatura"], sex=Sex.WOMAN)
    assert client.get("/estadisticas/").context["published_total"] == 10
    with django_capture_on_commit_callbacks(execute=True):
        tree[1]["PAN"].get_children().live().first().specific.unpublish()
    assert client.get("/estadisticas/").context["published_total"] == 9


@pytest.mark.django_db
def test_unknown_chart_csv_is_404(client, population):
    assert client.get("/estadisticas/nada.csv").status_code == 404


@pytest.mark.django_db
def test_made_up_filters_share_the_unfiltered_cache_entry(
    client, population, tree, django_assert_max_num_queries
):
    """Arbitrary query strings must not grow the cache: only real office/party cuts get a key."""
    client.get("/estadisticas/")
    with django_assert_max_num_queries(3):
        response = client.get("/estadisticas/?partido=no-existe&cargo=otro")
    assert response.context["published_total"] == 9
    assert not response.context["active"]
    party = tree[1]["PRI"].party.slug
    client.get(f"/estadisticas/?partido={party}")
    with django_assert_max_num_queries(3):
        response = client.get(f"/estadisticas/?partido={party}&cargo=inventado")
    assert response.context["published_total"] == 6
