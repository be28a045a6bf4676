"""Wagtail's database search backend, with an accent-insensitive autocomplete on PostgreSQL.

The PostgreSQL backend hard-codes the `simple` text search configuration for autocomplete, so
"jose" would not complete "José". Settings name an `AUTOCOMPLETE_CONFIG` (created with
`spanish_unaccent` by this app's migration); other databases ignore both options.
"""

from django.db import connection

from wagtail.search.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_backend(params)
    if connection.vendor == "postgresql":
        backend.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", "simple")
    else:
        backend.config = None
    return backend
