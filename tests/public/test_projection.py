"""Every public surface shows the public projection's fields, and nothing that is not in it.

Two published people carry marker values. "Ana Marcada" fills every public text field with a
marker that must show, and has private data that must not: a birth date, income answers and an
internal consent note (she consented to publication, not to statistics). "Beto Reservado"
answered the identity questionnaire without consenting to publication: none of his answers, nor a
badge from them, may show anywhere. A capturist's private e-mail owns both pages. The surfaces:
profile HTML and JSON-LD, API listing and detail with `fields=*`, every open-data file, search
and every statistics CSV (identity answers without statistical consent must not move a figure).
"""

import csv
import datetime as dt
import io
import json
import re

from django.contrib.auth import get_user_model

from wagtail.search import index

import pytest
from openpyxl import load_workbook
from rest_framework import serializers

from candidates.models import CandidacyPage
from identity.models import ConsentRecord, IdentityQuestionnaire
from identity.questions import YES
from opendata.ine import CANDIDATES_COLUMNS, CANDIDATES_SHEET, IDENTITY_SHEET
from opendata.publication import FILES, public_directory, publish_open_data
from public import projection
from public.consent import INCOME_WITHHELD
from public.schema_org import person

from ..identity.conftest import DISTINCTIVE_ANSWERS

pytestmark = pytest.mark.django_db

PUBLIC_MARKERS = {
    "motivation": "Marcapublica motivo zafiro",
    "gender_proposal": "Marcapublica genero turquesa",
    "website": "https://marcapublica.example.org",
    "public_email": "marcapublica@example.org",
}
BIRTH_DATE = dt.date(1961, 2, 27)
PRIVATE_EMAIL = "contacto-privado-marca@example.org"
INTERNAL_NOTE = "NOTAINTERNA cuarzo 4417"
# Free-text or rare answers of the questionnaire: nowhere but in the identity models.
PRIVATE_ANSWERS = [
    DISTINCTIVE_ANSWERS["indigenous_people"],  # Kikapú
    DISTINCTIVE_ANSWERS["disability_type"],
    DISTINCTIVE_ANSWERS["lgbtttiq_identity"],
    DISTINCTIVE_ANSWERS["income_band"],
    DISTINCTIVE_ANSWERS["income_source"],
]
PRIVATE_MARKERS = [
    PRIVATE_EMAIL,
    INTERNAL_NOTE,
    BIRTH_DATE.isoformat(),
    BIRTH_DATE.strftime("%d/%m/%Y"),
    "27 de febrero de 1961",
    *PRIVATE_ANSWERS,
]


@pytest.fixture
def marked(public_site):
    owner = get_user_model().objects.create_user(
        "capturista-marca", email=PRIVATE_EMAIL, password="x", first_name="Privada"
    )
    site = public_site
    site.shown = site.candidacy(
        "PAN", title="Ana Marcada Solís", office=site.mr, district=site.d8,
        birth_date=BIRTH_DATE, owner=owner, **PUBLIC_MARKERS,
    )  # fmt: skip
    site.hidden = site.candidacy(
        "PRI", title="Beto Reservado Ibarra", office=site.mr, district=site.d9, owner=owner
    )
    return site


def add_identity_data(site):
    # Hers are published (but never the income); his are not published at all.
    IdentityQuestionnaire.objects.create(
        candidacy=site.shown,
        indigenous=YES,
        income_band=DISTINCTIVE_ANSWERS["income_band"],
        income_source=DISTINCTIVE_ANSWERS["income_source"],
    )
    ConsentRecord.objects.create(
        candidacy=site.shown, processing=True, publication=True, statistics=False,
        note=INTERNAL_NOTE,
    )  # fmt: skip
    IdentityQuestionnaire.objects.create(candidacy=site.hidden, **DISTINCTIVE_ANSWERS)
    ConsentRecord.objects.create(
        candidacy=site.hidden, processing=True, publication=False, statistics=False,
        note=INTERNAL_NOTE,
    )  # fmt: skip


def statistics_csvs(client):
    from django.core.cache import cache

    cache.clear()
    page = client.get("/estadisticas/").content.decode()
    urls = sorted(set(re.findall(r'href="(/estadisticas/[a-z0-9-]+\.csv)', page)))
    assert urls, "the statistics page links no CSV"
    return {url: client.get(url).content.decode("utf-8-sig") for url in urls}


def api_get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def open_data_texts():
    """{file name: every cell or value as text}, written by the real publication."""
    publish_open_data()
    texts = {}
    for item in FILES:
        path = public_directory() / item.name
        if item.name.endswith(".xlsx"):
            book = load_workbook(path, read_only=True)
            texts[item.name] = "\n".join(
                "\t".join("" if v is None else str(v) for v in row)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
            )
        else:
            texts[item.name] = path.read_text(encoding="utf-8-sig")
    return texts


def expected_api(page, badges=None):
    context = projection.Context(badges)
    return json.loads(
        json.dumps(
            {f.api_key: f.api_value(page, context) for f in projection.API_FIELDS},
            default=serializers.DateTimeField().to_representation,
        )
    )


def test_every_surface_shows_the_projection_and_nothing_else(client, marked):
    before = statistics_csvs(client)
    add_identity_data(marked)
    shown = CandidacyPage.objects.get(pk=marked.shown.pk)
    hidden = CandidacyPage.objects.get(pk=marked.hidden.pk)
    surfaces = {}

    # Profile HTML and its JSON-LD.
    for page in (shown, hidden):
        html = client.get(page.url).content.decode()
        surfaces[f"perfil {page.title}"] = html
        raw = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
        request = client.get(page.url).wsgi_request
        assert json.loads(raw.group(1)) == person(page, request)
    for value in PUBLIC_MARKERS.values():
        assert value in surfaces[f"perfil {shown.title}"]
    assert "Persona indígena" not in surfaces[f"perfil {hidden.title}"]
    assert "Persona indígena" in surfaces[f"perfil {shown.title}"]  # consented badge shows

    # API: detail and every page of the listing, all fields.
    api_keys = {f.api_key for f in projection.API_FIELDS}
    for page in (shown, hidden):
        detail = api_get(client, f"/api/v2/candidaturas/{page.pk}/?fields=*")
        surfaces[f"api {page.pk}"] = json.dumps(detail, ensure_ascii=False)
        assert set(detail) - {"id", "meta"} == api_keys
        assert {k: detail[k] for k in api_keys} == expected_api(page)
    listing = api_get(client, "/api/v2/candidaturas/?fields=*&limit=20")
    surfaces["api listado"] = json.dumps(listing, ensure_ascii=False)
    assert listing["items"]
    for item in listing["items"]:
        assert set(item) - {"id", "meta"} == api_keys
    assert not any(b["slug"] != "joven" for b in detail["insignias"])  # hidden's are not public

    # Open data: every file the publication writes.
    files = open_data_texts()
    assert set(files) == {item.name for item in FILES}
    surfaces.update(files)
    rows = list(csv.DictReader(io.StringIO(files["candidaturas.csv"])))
    assert list(rows[0]) == projection.KEYS
    record = next(row for row in rows if row["id"] == str(shown.pk))
    assert record["motivo"] == PUBLIC_MARKERS["motivation"]
    assert record["grupos"]  # consented self-identification
    assert next(row for row in rows if row["id"] == str(hidden.pk))["grupos"] == ""
    data = json.loads(files["candidaturas.json"])
    assert [c["key"] for c in data["campos"]] == projection.KEYS
    assert all(list(c) == projection.KEYS for c in data["candidaturas"])
    book = load_workbook(public_directory() / "candidaturas.xlsx", read_only=True)
    header = next(book["candidaturas"].iter_rows(values_only=True))
    assert list(header) == projection.KEYS
    ine = load_workbook(public_directory() / "conoceles.xlsx", read_only=True)
    assert list(next(ine[CANDIDATES_SHEET].iter_rows(values_only=True))) == CANDIDATES_COLUMNS
    assert set(CANDIDATES_COLUMNS) == set(projection.BY_INE_COLUMN)
    identity = list(ine[IDENTITY_SHEET].iter_rows(values_only=True))[1:]
    assert [row[7] for row in identity] == [shown.title.upper()]
    assert list(identity[0][-3:-1]) == [INCOME_WITHHELD, INCOME_WITHHELD]

    # Search: the public text finds her; a private value finds nobody.
    found = client.get("/buscar/?q=zafiro").content.decode()
    assert shown.title in found
    surfaces["búsqueda"] = found
    for query in ("cuarzo", "Kikapú", "Psicosocial"):
        html = client.get(f"/buscar/?q={query}").content.decode()
        assert shown.title not in html and hidden.title not in html, query

    # Statistics: answers without statistical consent move no figure, and no marker shows.
    after = statistics_csvs(client)
    assert after == before
    surfaces.update({f"estadísticas {url}": text for url, text in after.items()})

    leaks = [
        (name, marker)
        for name, text in surfaces.items()
        for marker in PRIVATE_MARKERS
        if marker in text and not (name.startswith("estadísticas") and marker in PRIVATE_ANSWERS)
    ]
    assert leaks == []


def test_the_search_index_holds_only_public_text():
    indexed = {
        field.field_name
        for field in CandidacyPage.search_fields
        if isinstance(field, index.SearchField | index.AutocompleteField)
    }
    assert indexed <= set(projection.SEARCHABLE)


def test_one_field_one_definition():
    keys = [f.key for f in projection.FIELDS]
    assert len(keys) == len(set(keys))
    api_names = [f.api_key for f in projection.API_FIELDS]
    assert len(api_names) == len(set(api_names))
    ine_columns = [f.ine for f in projection.FIELDS if f.ine]
    assert len(ine_columns) == len(set(ine_columns))
    from api.fields import API_FIELDS
    from opendata.views import COLUMNS

    assert [field.name for field in API_FIELDS] == api_names
    assert COLUMNS == projection.COLUMNS
