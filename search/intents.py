"""A query that names a place or a political force: the filtered listing answers it better.

"Saltillo", "distrito 5", "PAN" or "Movimiento Ciudadano" are catalog entries, not words in a
profile; the search page offers the public listing filtered by them (its query parameters are
the public contract of candidates.filters). Catalogs come from the cached public catalog: no
query.
"""

import re
from urllib.parse import urlencode

from candidates.filters import public_catalog

from .text import fold

DISTRICT = re.compile(r"^(?:distrito|dto)(?: local)? ?0*(\d{1,3})$")
MUNICIPALITY = re.compile(r"^(?:municipio(?: de)? )?(.+)$")


def filter_links(query, catalog=None, prefix=""):
    """[{"url", "label"}] of the listings the query names, in catalog order: the catalog of the
    process searched (the current one by default), its listing under `prefix` (`/<proceso>`
    when the search was under a process's path, candidates.process_scope)."""
    folded = fold(query)
    if not folded:
        return []
    catalog = catalog or public_catalog()
    links = []

    def _link(parameter, value, label):
        return {"url": f"{prefix}/candidaturas/?{urlencode({parameter: value})}", "label": label}

    district = DISTRICT.match(folded)
    if district:
        number = int(district.group(1))
        for d in catalog["districts"]:
            if d.number == number:
                links.append(_link("distrito", d.number, f"Candidaturas del {d}"))
    place = MUNICIPALITY.match(folded).group(1)
    for municipality, _ in catalog["municipalities"]:
        if fold(municipality.name) == place:
            links.append(
                _link(
                    "municipio",
                    municipality.inegi_code,
                    f"Candidaturas que se votan en {municipality.name}",
                )
            )
    for party in catalog["parties"]:
        if folded in (fold(party.acronym), fold(party.name)):
            links.append(_link("partido", party.slug, f"Candidaturas de {party.name}"))
    for coalition in catalog["coalitions"]:
        if folded == fold(coalition.name):
            links.append(_link("partido", coalition.slug, f"Candidaturas de {coalition.name}"))
    return links
