"""Public statistics: small cells suppressed, identity figures only with statistical consent."""

from django.core.cache import cache

import pytest

from candidates.choices import Sex
from stats.figures import compute_figures
from stats.suppression import suppress_counts
from tests.opendata.factories_helpers import answer_identity, draft, published


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_suppression_hides_small_cells_and_protects_them_from_subtraction():
    assert suppress_counts([3, 10, 12], 5) == [None, None, 12]
    assert suppress_counts([0, 2, 12], 5) == [None, None, 12]
    assert suppress_counts([5, 10, 12], 5) == [5, 10, 12]
    assert suppress_counts([1, 2, 3], 5) == [None, None, None]


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
def test_identity_groups_only_count_statistical_consent(client, population):
    women, men, _hidden = population
    for person in men[:5]:
        answer_identity(person, statistics=True)
    answer_identity(women[0], statistics=False)
    figures = compute_figures({})
    identity = figures["identity"]
    assert identity["with_statistics_consent"] == 5
    indigenous = next(g for g in identity["groups"] if g["slug"] == "indigena")
    assert indigenous["counts"]["yes"] == 5  # the non-consenting "Sí" is not counted
    response = client.get("/estadisticas/identidad.csv")
    assert response.status_code == 200
    assert "Persona indígena,5" in response.content.decode("utf-8-sig")


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
