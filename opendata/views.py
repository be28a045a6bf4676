"""The open-data page (dictionary + files) and the file downloads.

Files are regenerated on publish into MEDIA_ROOT/opendata/. In production the web server should
map `/datos-abiertos/archivos/` to that folder (nginx `alias`), so downloads never reach Python;
the view below is the same URL served by Django when no such mapping exists.
"""

import datetime as dt

from django.http import FileResponse, Http404
from django.shortcuts import render

from public.projection import COLUMNS
from site_conoceles.cache import public_cache

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


def content_type(item):
    """The file's media type; text types say their charset (the CSV is UTF-8)."""
    if item.media_type.startswith("text/"):
        return f"{item.media_type}; charset=utf-8"
    return item.media_type


@public_cache
def download(request, name):
    """Only the names in FILES (an allow-list, so no path from the URL reaches the disk)."""
    item = FILE_NAMES.get(name)
    if item is None:
        raise Http404("Archivo no disponible.")
    try:
        handle = (public_directory() / item.name).open("rb")  # noqa: SIM115 (FileResponse closes)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise Http404("Archivo no disponible.") from error
    response = FileResponse(handle, as_attachment=True, filename=item.name)
    response["Content-Type"] = content_type(item)
    return response
