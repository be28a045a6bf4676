"""Two processes of two institutes in one database: Coahuila 2023 (the demo catalog, whose
publication ended in 2023) and a synthetic second state (congress + municipalities), loaded the
way an installation does it: `load_catalog` and then the page tree."""

from dataclasses import dataclass
from pathlib import Path

from candidates.tree import actor_pages, ensure_process_tree
from elections.catalog_loader import DEFAULT_CATALOG, load_catalog

SECOND_CATALOG = Path(__file__).resolve().parent / "data" / "estado_sintetico_2027.json"
COAHUILA = "pelo-coahuila-2023"
SECOND = "pel-sintetico-2027"


@dataclass
class TwoProcesses:
    coahuila: object
    coahuila_page: object
    coahuila_actors: dict
    second: object
    second_page: object
    second_actors: dict


def load_two_processes():
    coahuila, _ = load_catalog(DEFAULT_CATALOG)
    coahuila_page, _ = ensure_process_tree(coahuila)
    second, _ = load_catalog(SECOND_CATALOG)
    second_page, _ = ensure_process_tree(second)
    return TwoProcesses(
        coahuila,
        coahuila_page,
        actor_pages(coahuila_page),
        second,
        second_page,
        actor_pages(second_page),
    )
