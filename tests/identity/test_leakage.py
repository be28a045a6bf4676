"""The leakage test: identity answers without publication consent appear on no public surface.

A published candidacy whose person answered every item with distinctive values, with consent to
processing only. The test crawls every public URL of the project as it is at that moment (seeds
below plus every same-site link found in pages, JSON and the open-data page), once before the
answers exist (baseline) and once after, and requires that no marker occurs more often than in the
baseline anywhere: labels that legitimately appear (filter options, data dictionary) cancel out.
Then publication consent makes the badges appear on the profile; withdrawal takes them away again
everywhere. Surfaces not built yet answer 404 and are printed as skipped.
"""

import contextlib
import json
import logging
import re
import zipfile
from collections import Counter, deque
from io import BytesIO
from urllib.parse import urljoin, urlsplit

from django.core.cache import cache

import pytest

from candidates.choices import AffirmativeAction
from candidates.factories import CandidacyPageFactory
from elections.factories import DistrictFactory, MunicipalityFactory
from identity.events import announce_visibility_change
from identity.services import accept_notice, record_consents, save_questionnaire

from .conftest import DISTINCTIVE_ANSWERS, copied_values

pytestmark = pytest.mark.django_db

MAX_URLS = 250
SKIP_PREFIXES = ("/admin", "/static/", "/django-admin")
BADGE_LABELS = [label for _, label in AffirmativeAction.choices]
BADGE_CLASSES = [f"badge--{value}" for value, _ in AffirmativeAction.choices]
MARKERS = sorted(
    {value for value in DISTINCTIVE_ANSWERS.values() if value not in ("Sí", "No")}
    | set(BADGE_LABELS)
    | set(BADGE_CLASSES)
)
JSON_LINK = re.compile(r'"(?:url|href|detail_url|download_url|file|html_url)"\s*:\s*"([^"]+)"')
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)


def seeds(person, other, municipality):
    q = "Xochitl"
    return [
        "/",
        person.url,
        other.url,
        "/candidaturas/",
        f"/candidaturas/?q={q}",
        f"/candidaturas/?accion_afirmativa={AffirmativeAction.INDIGENOUS}",
        f"/buscar/?q={q}",
        f"/buscar/?q={DISTINCTIVE_ANSWERS['indigenous_people']}",
        f"/buscar/autocompletar/?q={q[:4]}",
        f"/comparar/?c={person.pk}&c={other.pk}",
        f"/mi-boleta/?municipio={municipality.inegi_code}",
        f"/mi-boleta/?municipio={municipality.inegi_code}&distrito=1",
        "/mi-boleta/",
        "/estadisticas/",
        "/datos-abiertos/",
        "/api/v2/candidaturas/",
        f"/api/v2/candidaturas/{person.pk}/",
        "/api/v2/candidaturas/?fields=*",
        "/api/v2/pages/",
        f"/api/v2/pages/{person.pk}/",
        "/api/v2/pages/?type=candidates.CandidacyPage&fields=*",
        "/api/v3/",
        "/api/v3/pages/",
        f"/api/v3/pages/{person.pk}/",
        "/api/v3/candidaturas/",
        f"/api/v3/candidaturas/{person.pk}/",
        "/api/v3/openapi.json",
        "/api/candidaturas/",
        f"/api/candidaturas/{person.pk}/",
        "/partidos/",
        "/preguntas-frecuentes/",
        "/aviso-de-privacidad/",
        "/sitemap.xml",
    ]


def body_text(response):
    content_type = response.get("Content-Type", "")
    raw = b"".join(response.streaming_content) if response.streaming else response.content or b""
    if raw[:2] == b"PK":  # xlsx / zip: every XML member, shared strings included
        with zipfile.ZipFile(BytesIO(raw)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".json", ".csv", ".txt"))
            )
    if content_type.startswith(("image/", "font/")):
        return ""
    text = raw.decode("utf-8", "replace")
    if "json" in content_type:
        # Decode \u escapes so that "Kikap\u00fa" counts as "Kikapú".
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def links(base, text):
    found = [match.group(1) for match in LINK.finditer(text)]
    found += re.findall(
        r'"(?:url|href|detail_url|download_url|file|html_url)"\s*:\s*"([^"]+)"', text
    )
    for link in found:
        absolute = urljoin(base, link.replace("&amp;", "&"))
        parts = urlsplit(absolute)
        if parts.netloc not in ("", "testserver", "localhost"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(SKIP_PREFIXES) or not path.startswith("/"):
            continue
        yield path


def crawl(client, start):
    """{url: Counter(marker → occurrences)}, plus the skipped (404) seeds."""
    seen, skipped, counts = set(), [], {}
    queue = deque(start)
    while queue and len(seen) < MAX_URLS:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if response.status_code in (404, 405, 400):
            if url in start:
                skipped.append((url, response.status_code))
            continue
        assert response.status_code == 200, (url, response.status_code)
        assert not response.cookies, f"{url} sets cookies on a public page"
        text = body_text(response)
        counts[url] = Counter({marker: text.count(marker) for marker in MARKERS})
        queue.extend(link for link in links(url, text) if link not in seen)
    return counts, skipped


def assert_no_more_than(baseline, now, allow=()):
    for url, counter in now.items():
        before = baseline.get(url, Counter())
        grown = {
            m: (before[m], n) for m, n in counter.items() if n > before[m] and url not in allow
        }
        assert not grown, f"identity data leaked on {url}: {grown}"


@pytest.fixture
def public_site(tree, offices, roles, notice):
    cache.clear()
    _, actors = tree
    municipality = MunicipalityFactory(inegi_code="05002", name="Acuña")
    district = DistrictFactory(
        process=offices["diputacion-mr"].process,
        number=1,
        head_town="Acuña",
        municipalities=[municipality],
    )
    person = CandidacyPageFactory(
        parent=actors["PAN"],
        office=offices["diputacion-mr"],
        district=district,
        title="Xochitl Quetzalli Ramírez",
        complete=True,
        publish=True,
    )
    other = CandidacyPageFactory(
        parent=actors["PRI"],
        office=offices["diputacion-mr"],
        district=district,
        complete=True,
        publish=True,
    )
    yield person, other, municipality
    cache.clear()


def test_no_identity_leak_without_publication_consent(
    client, public_site, roles, caplog, django_capture_on_commit_callbacks
):
    person, other, municipality = public_site
    start = seeds(person, other, municipality)
    copies_before = copied_values([person.pk])
    # Public copies (open-data files, cached figures) rebuilt from the current data first, so that
    # the baseline is not a file left over from before this test's candidacies existed.
    with django_capture_on_commit_callbacks(execute=True):
        announce_visibility_change([person.pk, other.pk])
    baseline, skipped = crawl(client, start)
    print(f"\nCrawled {len(baseline)} public URLs; not built yet (skipped): {skipped}")
    assert person.url in baseline

    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        accept_notice(person, roles["own"])
        record_consents(person, roles["own"], processing=True, publication=False, statistics=False)
        save_questionnaire(person, roles["own"], DISTINCTIVE_ANSWERS)
    private, _ = crawl(client, start)
    assert_no_more_than(baseline, private)
    assert set(private) >= set(baseline) - {u for u, _ in skipped}
    for value in DISTINCTIVE_ANSWERS.values():
        if len(value) > 3:
            assert value not in caplog.text
    assert copied_values([person.pk], copies_before) == []

    # Publication consent: the badges appear on the profile (and only badges, never income).
    with django_capture_on_commit_callbacks(execute=True):
        record_consents(person, roles["own"], processing=True, publication=True, statistics=False)
    consented, _ = crawl(client, start)
    profile = consented[person.url]
    for label in BADGE_LABELS:
        assert profile[label] > baseline[person.url][label], label
    assert (
        profile[DISTINCTIVE_ANSWERS["income_band"]]
        == baseline[person.url][DISTINCTIVE_ANSWERS["income_band"]]
    )

    # Withdrawal takes effect everywhere at once.
    with django_capture_on_commit_callbacks(execute=True):
        record_consents(person, roles["own"], processing=True, publication=False, statistics=False)
    withdrawn, _ = crawl(client, start)
    assert_no_more_than(baseline, withdrawn)
