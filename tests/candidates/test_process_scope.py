"""The paths a process's pages live under (candidates.process_scope) stay unambiguous: no
process slug shadows a site route, no capture page shadows a process's own pages."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.urls import get_resolver

import pytest

from candidates.models import CapturingActorPage
from candidates.models.tree import RESERVED_ACTOR_SLUGS
from candidates.process_scope import NAMESPACE
from candidates.profile_cache import PROFILE_PATH
from candidates.tree import _unique_slug
from elections.catalog_validation import CatalogError, validate_catalog
from elections.factories import ElectoralProcessFactory
from elections.models.process import RESERVED_PROCESS_SLUGS

COAHUILA_CATALOG = Path("elections/data/coahuila_2023.json")


def _first_segments(patterns):
    return {str(p.pattern).split("/")[0].split("<")[0] for p in patterns} - {""}


def _scoped_patterns():
    (scoped,) = [p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == NAMESPACE]
    return scoped.url_patterns


def test_every_scoped_page_segment_is_reserved_for_capture_pages():
    segments = {s.removesuffix(".csv") for s in _first_segments(_scoped_patterns())}
    assert segments <= RESERVED_ACTOR_SLUGS


def test_the_scoped_routes_are_the_process_scoped_bare_routes():
    """Every view marked process_scoped answers under `/<proceso>/` at its bare path; no
    other view does (the comparison and the FAQ are the same for every process)."""
    scoped = {(str(p.pattern), p.name) for p in _scoped_patterns()}
    assert scoped == {
        ("buscar/", "search"),
        ("estadisticas/", "statistics"),
        ("estadisticas/<slug:slug>.csv", "chart_csv"),
        ("datos-abiertos/", "open_data"),
        ("candidaturas/", "candidacy_list"),
        ("mi-boleta/", "ballot"),
        ("partidos/", "organization_index"),
        ("partidos/<slug:slug>/", "party"),
        ("coaliciones/<slug:slug>/", "coalition"),
        ("independientes/<slug:slug>/", "independent"),
    }


def test_every_top_level_route_is_reserved_for_process_slugs():
    # Wagtail's pages at a profile's depth (candidates.profile_cache) are no folder of ours.
    patterns = [p for p in get_resolver().url_patterns if str(p.pattern) != PROFILE_PATH]
    top = {segment for segment in _first_segments(patterns) if not segment.startswith(".")}
    # «marca.css» and the process's own include («<slug:proceso>/») are not folders.
    top = {s.removesuffix(".css") for s in top}
    assert top <= RESERVED_PROCESS_SLUGS


def test_a_capture_page_never_takes_a_reserved_slug(tree):
    process_page, actors = tree
    assert _unique_slug(process_page, "partidos") == "partidos-2"
    taken = actors["PRI"].slug
    assert _unique_slug(process_page, taken) == f"{taken}-2"
    page = CapturingActorPage(title="Partidos", slug="partidos", party=actors["PAN"].party)
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert "dirección de las páginas del proceso" in str(raised.value)


def test_a_process_never_takes_a_site_route_as_its_slug(db):
    process = ElectoralProcessFactory.build(slug="buscar")
    with pytest.raises(ValidationError) as raised:
        process.clean()
    assert "es una dirección del sitio" in str(raised.value.message_dict["slug"][0])


def test_the_catalog_file_refuses_a_reserved_slug(tmp_path):
    data = json.loads(COAHUILA_CATALOG.read_text(encoding="utf-8"))
    data["process"]["slug"] = "admin"
    path = tmp_path / "catalogo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        validate_catalog(path)
    assert "«admin» es una dirección del sitio (/admin/)" in str(raised.value)
