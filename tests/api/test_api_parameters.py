"""The read API's query parameters: field selection, filters, pagination and format.

Whatever a client puts in the query string, the answer is the allow-listed fields or a 400 with a
Spanish message; never a private field, a Wagtail internal or a server error.
"""

import pytest

from api.fields import LISTING_DEFAULT_FIELDS

from .refusals import PUBLIC_KEYS, URL, message_of

pytestmark = pytest.mark.django_db


def test_fields_star_is_exactly_the_allow_list(client, world):
    page = world.published("PAN")
    item = client.get(f"{URL}?fields=*").json()["items"][0]
    assert set(item) == PUBLIC_KEYS
    assert set(item["meta"]) == {"type", "detail_url"}
    assert set(client.get(f"{URL}{page.pk}/").json()) == PUBLIC_KEYS
    assert set(client.get(f"{URL}{page.pk}/?fields=*").json()) == PUBLIC_KEYS
    expected_listing = {"id", "meta", *LISTING_DEFAULT_FIELDS} - {"type", "detail_url"}
    assert set(client.get(URL).json()["items"][0]) == expected_listing


def test_negated_and_underscore_fields(client, world):
    world.published("PAN")
    item = client.get(f"{URL}?fields=-nombre,-foto").json()["items"][0]
    assert "nombre" not in item and "foto" not in item and "cargo" in item
    assert client.get(f"{URL}?fields=_,nombre,edad").json()["items"][0].keys() == {
        "nombre",
        "edad",
    }
    assert client.get(f"{URL}?fields=*,-insignias").json()["items"][0].keys() == (
        PUBLIC_KEYS - {"insignias"}
    )
    assert client.get(f"{URL}?fields=").status_code == 200


PRIVATE_FIELDS = [
    "birth_date", "registered_age", "fecha_nacimiento", "photo", "photo_id", "three_of_three",
    "three_of_three_id", "owner", "owner_id", "locked_by", "locked", "latest_revision",
    "latest_revision_id", "live_revision", "draft_title", "has_unpublished_changes", "live",
    "url_path", "path", "slug", "content_type", "identity", "identity_questionnaire",
    "consent", "consents", "indigenous", "income", "external_id", "substitute", "party",
    "coalition", "office", "district", "title", "search_description", "seo_title", "locale",
    "html_url", "parent", "first_published_at", "go_live_at", "comments", "wagtail_admin_comments",
    "public_email", "motivation", "__class__", "__dict__", "__",
]  # fmt: skip


@pytest.mark.parametrize("name", PRIVATE_FIELDS)
def test_private_or_unknown_fields_are_refused(client, world, name):
    page = world.published("PAN")
    for url in (URL, f"{URL}{page.pk}/"):
        for value in (name, f"nombre,{name}", f"_,{name}", f"-{name}"):
            response = client.get(url, {"fields": value})
            message = message_of(response, 400)
            assert "no existen o no son públicos" in message and name in message
            assert page.birth_date.isoformat() not in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "foo(bar)", "nombre(x)", "foto(id)", "foto(url)", "foto(*)", "id(x)", "type(x)",
        "insignias(slug)", "photo(file)", "owner(password)", "latest_revision(content)",
        "a(" * 400, "a(" * 2000, "nombre)", "(", ")",
    ],
)  # fmt: skip
def test_nested_fields_are_refused(client, world, value):
    page = world.published("PAN")
    for url in (URL, f"{URL}{page.pk}/"):
        message = message_of(client.get(url, {"fields": value}), 400)
        assert "fields" in message or "subcampos" in message


@pytest.mark.parametrize(
    "value",
    [
        "a b", "nombre, cargo", "*,nombre", "-*", "nombre,*", "_,-nombre", ",", "nombre,,cargo",
        "nombre;cargo", "nombre%", "\x00", "ñombre", "nombre\n", "x" * 5000,
    ],
)  # fmt: skip
def test_malformed_fields_are_refused_in_spanish(client, world, value):
    world.published("PAN")
    message = message_of(client.get(URL, {"fields": value}), 400)
    assert "fields" in message or "no existen o no son públicos" in message


# --- 3. filters and pagination -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("cargo=zzz", "cargo"), ("partido=zzz", "partido"), ("distrito=999", "distrito"),
        ("distrito=abc", "distrito"), ("municipio=99999", "municipio"), ("sexo=Z", "sexo"),
        ("edad=abc", "edad"), ("edad=-5", "edad"), ("escolaridad=zzz", "escolaridad"),
        ("accion_afirmativa=zzz", "accion_afirmativa"), ("q=%00", "q"),
    ],
)  # fmt: skip
def test_invalid_filter_values_are_refused(client, world, query, parameter):
    page = world.published("PAN")
    for url in (f"{URL}?{query}", f"{URL}{page.pk}/?{query}"):
        message = message_of(client.get(url), 400)
        assert message.startswith("Filtro inválido") and parameter in message


@pytest.mark.parametrize(
    "query, word",
    [
        ("limit=-1", "limit"), ("limit=abc", "limit"), ("limit=1.5", "limit"),
        ("limit=1e3", "limit"), ("limit=%2B5", "limit"), ("limit=100000", "100"),
        ("limit=99999999999999999999999999", "100"), ("offset=abc", "offset"),
        ("offset=-5", "offset"), ("offset=1e3", "offset"), ("offset=%EF%BC%91", "offset"),
    ],
)  # fmt: skip
def test_invalid_pagination_is_refused(client, world, query, word):
    world.published("PAN")
    assert word in message_of(client.get(f"{URL}?{query}"), 400)


def test_pagination_limits(client, world, settings):
    for _ in range(3):
        world.published("PAN")
    assert len(client.get(f"{URL}?limit=100").json()["items"]) == 3
    assert client.get(f"{URL}?limit=0").json() == {"meta": {"total_count": 3}, "items": []}
    assert len(client.get(f"{URL}?limit=&offset=").json()["items"]) == 3  # empty: the default
    assert len(client.get(f"{URL}?limit=2&offset=2").json()["items"]) == 1
    for offset in ("3", "1000", "99999999999999999999999999"):  # past the end: an empty page
        data = client.get(f"{URL}?offset={offset}").json()
        assert data == {"meta": {"total_count": 3}, "items": []}
    settings.WAGTAILAPI_LIMIT_MAX = 2
    assert "2" in message_of(client.get(f"{URL}?limit=3"), 400)


@pytest.mark.parametrize(
    "query",
    [
        "order=birth_date", "order=-title", "order=random", "search=Elena", "search_operator=or",
        "type=wagtailcore.Page", "type=candidates.CandidacyPage", "child_of=1", "descendant_of=1",
        "ancestor_of=1", "locale=es", "translation_of=1", "rich_text_format=html", "_=123",
        "id=1", "title=Elena", "birth_date=1980-05-04", "owner=1", "live=false",
        "has_unpublished_changes=true", "sex=M", "age=40", "show_in_menus=true", "slug=x",
        "html_path=/", "site=1", "pagina=2", "CARGO=gubernatura",
    ],
)  # fmt: skip
def test_wagtail_and_model_parameters_are_refused(client, world, query):
    page = world.published("PAN")
    name = query.split("=")[0]
    for url in (f"{URL}?{query}", f"{URL}{page.pk}/?{query}"):
        message = message_of(client.get(url), 400)
        assert message.startswith("Parámetro desconocido") and name in message


def test_format_and_accept(client, world):
    world.published("PAN")
    assert client.get(f"{URL}?format=json").status_code == 200
    for value in ("api", "xml", "html", "csv"):
        assert "JSON" in message_of(client.get(f"{URL}?format={value}"), 400)
    for accept in ("text/html", "application/xml", "image/png"):
        response = client.get(URL, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        vary = [h.strip().lower() for h in response.get("Vary", "").split(",")]
        assert "accept" not in vary
