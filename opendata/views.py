"""The open-data page (dictionary + files) and the file downloads.

Files are regenerated on publish into MEDIA_ROOT/opendata/. In production the web server should
map `/datos-abiertos/archivos/` to that folder (nginx `alias`), so downloads never reach Python;
the view below is the same URL served by Django when no such mapping exists.
"""

import datetime as dt

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from candidates.process_scope import process_scoped
from public.projection import COLUMNS
from site_conoceles.cache import public_cache

from .publication import FILES, process_directory, public_directory, read_manifest

FILE_NAMES = {f.name: f for f in FILES}


def file_url(name, process_slug=None):
    if process_slug:
        return reverse("opendata:process_file", args=[process_slug, name])
    return reverse("opendata:file", args=[name])


def published_processes():
    """The processes whose own files are published, newest first."""
    from elections.models import ElectoralProcess

    return [
        process
        for process in ElectoralProcess.objects.order_by("-election_day", "name")
        if read_manifest(process.slug) is not None
    ]


@process_scoped("open_data")
@public_cache
def open_data(request):
    """Every process's files (`/<proceso>/datos-abiertos/` for one process's), the dictionary,
    the checksums."""
    processes = published_processes()
    slug = getattr(request, "process_slug", "")
    process = None
    if slug:
        process = next((p for p in processes if p.slug == slug), None)
        if process is None:
            raise Http404("No hay datos abiertos de ese proceso electoral.")
    manifest = read_manifest(process.slug if process else None)
    entries = {e["name"]: e for e in (manifest or {}).get("files", [])}
    files = [
        {
            "file": f,
            "entry": entries.get(f.name),
            "generated_at": _moment(entries.get(f.name)),
            "url": file_url(f.name, process.slug if process else None),
        }
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
            "process": process,
            "processes": processes,
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
def download(request, name, process_slug=None):
    """Only the names in FILES and plain slugs (so no path from the URL reaches the disk)."""
    item = FILE_NAMES.get(name)
    directory = public_directory() if process_slug is None else process_directory(process_slug)
    if item is None or directory is None:
        raise Http404("Archivo no disponible.")
    try:
        handle = (directory / item.name).open("rb")  # noqa: SIM115 (FileResponse closes)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise Http404("Archivo no disponible.") from error
    response = FileResponse(handle, as_attachment=True, filename=item.name)
    response["Content-Type"] = content_type(item)
    return response
