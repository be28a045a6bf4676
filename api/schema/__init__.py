"""The OpenAPI description of the read API (drf-spectacular), in Spanish.

One module per job: `field_types` (each public candidacy field's JSON type, registered with
drf-spectacular), `parameters` (query parameters), `candidacies` (the candidacy, errors, paged
lists and the candidacies' operations), `ballot` and `statistics` (those answers' shapes), and
`resources` (each other resource's operation, attached to its view by `describe`).
`docs/openapi.json` is the committed copy; `tests/api/test_schema.py` fails when the served
schema differs from it.
"""

from . import field_types  # noqa: F401  (registers the projection fields' schema extension)
from .candidacies import candidacy_detail_schema, candidacy_listing_schema
from .resources import describe

__all__ = ["candidacy_detail_schema", "candidacy_listing_schema", "describe"]
