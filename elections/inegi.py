"""INEGI's national catalogue of municipalities, shipped with the project.

An institute setting up its first process should not have to copy its state's municipalities and
their INEGI codes by hand (statistics, districts and the import all join on those codes, so one
typo silently splits a municipality in two). The catalogue in `data/inegi_municipios.csv` holds
every municipality and Mexico City alcaldía of the Marco Geoestadístico (source, date and licence
in `data/README.md`); a catalog file that names only its `state_code` gets its state's rows from
here.
"""

import csv
from functools import lru_cache
from pathlib import Path

NATIONAL_CATALOG = Path(__file__).resolve().parent / "data" / "inegi_municipios.csv"
FEDERAL_STATE_CODE = "00"


@lru_cache(maxsize=1)
def _national_rows():
    with NATIONAL_CATALOG.open(encoding="utf-8", newline="") as handle:
        return tuple(
            (row["inegi_code"], row["name"]) for row in csv.DictReader(handle) if row["inegi_code"]
        )


def national_municipalities(state_code):
    """{INEGI code: name} of one state (`"05"`), in INEGI's order; `"00"` (a federal process)
    gives the whole country. An unknown state gives an empty dict."""
    state_code = str(state_code or "").strip()
    if state_code == FEDERAL_STATE_CODE:
        return dict(_national_rows())
    if len(state_code) != 2:
        return {}
    return {code: name for code, name in _national_rows() if code.startswith(state_code)}


def state_counts():
    """{state code: number of municipalities}: what the tests compare with INEGI's totals."""
    counts = {}
    for code, _name in _national_rows():
        counts[code[:2]] = counts.get(code[:2], 0) + 1
    return counts
