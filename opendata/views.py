"""The open-data page (dictionary + files) and the file downloads.

Files are regenerated on publish into MEDIA_ROOT/opendata/. In production the web server should
map `/datos-abiertos/archivos/` to that folder (nginx `alias`), so downloads never reach Python;
the view below is the same URL served by Django when no such mapping exists.
"""

import datetime as dt

from django.http import FileResponse, Http404
from django.shortcuts import render

from site_conoceles.cache import public_cache

from .dictionary import COLUMNS
from .publication import FILES, public_directory, read_manifest

FILE_NAMES = {f.name: f for f in FILES}


@public_cache
def open_data(request):
    manifest = read_manifest()
    entries = {e["name"]: e for e in (manifest or {}).get("files", [])}
    files = [
        {"file": f, "entry": entries.get(f.name), "generated_at": _moment(entries.get(f.name))}
        for f in FILES
    ]
    return render(
        request,
        "opendata/open_data.html",
        {
            "manifest": manifest,
            "generated_at": _moment(manifest),
            "files": files,
            "columns": COLUMNS,
        },
    )


def _moment(record):
    """The manifest's ISO timestamp as a datetime, shown in the site's time zone; None if absent
    or unreadable (a hand-edited manifest must not break the page)."""
    try:
        return dt.datetime.fromisoformat(record["generated_at"])
    except (KeyError, TypeError, ValueError):
        return None


@public_cache
def download(request, name):
    item = FILE_NAMES.get(name)
    path = public_directory() / name
    if item is None or not path.is_file():
        raise Http404("Archivo no disponible.")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name)  # noqa: SIM115
    response["Content-Type"] = item.media_type
    return response
