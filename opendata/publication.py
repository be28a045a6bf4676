"""Build every open-data file into a folder and describe them in `manifest.json`.

The public copies live under MEDIA_ROOT/opendata/ so the web server serves downloads directly;
each file is written aside and moved in with `os.replace`, so a download never sees half a file.
"""

import json
import os
import re
import shutil
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: the in-process lock alone
    fcntl = None

from django.conf import settings
from django.utils import timezone

from .writing.export import (
    public_records,
    published_candidacies,
    sha256_of,
    write_csv,
    write_json,
    write_xlsx,
)
from .writing.ine_layout import write_ine_xlsx
from .writing.popolo import write_popolo

MANIFEST = "manifest.json"
SLUG = re.compile(r"[-a-z0-9_]{1,100}")


@dataclass(frozen=True)
class OpenDataFile:
    name: str
    title: str
    media_type: str
    description: str


FILES = [
    OpenDataFile("candidaturas.csv", "Candidaturas (CSV)", "text/csv",
                 "Una fila por candidatura publicada; UTF-8 con BOM para Excel. Un texto que "
                 "empieza con =, +, - o @ lleva un apóstrofo al inicio para que ninguna hoja "
                 "de cálculo lo ejecute como fórmula (el JSON conserva el texto exacto)."),
    OpenDataFile("candidaturas.xlsx", "Candidaturas (Excel)",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "Hoja «candidaturas» y hoja «diccionario»."),
    OpenDataFile("candidaturas.json", "Candidaturas (JSON)", "application/json",
                 "Objeto con «campos» (diccionario) y «candidaturas»."),
    OpenDataFile("conoceles.xlsx", "Formato Conóceles del INE (Excel)",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "Hojas CANDIDATOS y CUESTIONARIO IDENTIDAD con las columnas del INE; el "
                 "cuestionario de identidad solo de quienes consintieron su publicación. "
                 "NUM_LISTA_O_FORMULA: la clave del INE, la posición en la lista de RP o, si "
                 "no hay ninguna, la clave de la fórmula en Conóceles (la misma para "
                 "propietaria y suplente)."),
    OpenDataFile("popolo.json", "Popolo (JSON)", "application/json",
                 "Personas, organizaciones, membresías y cargos en el estándar Popolo."),
]  # fmt: skip


def write_open_data(directory, queryset=None):
    """Write every file into `directory` (created if missing; its parent must exist) and return
    the manifest dict.

    Each file is written under a temporary name in the same folder, then moved over the old one
    with `os.replace` (atomic on POSIX), the manifest last: a reader sees the old file or the new
    one, never half a file, and the folder never goes missing. If any writer fails, nothing is
    replaced and the temporary files are removed.
    """
    directory = Path(directory)
    _ensure_folder(directory)
    queryset = queryset if queryset is not None else published_candidacies()
    writers = {
        "candidaturas.csv": lambda p: write_csv(p, public_records(queryset)),
        "candidaturas.xlsx": lambda p: write_xlsx(p, public_records(queryset)),
        "candidaturas.json": lambda p: write_json(p, public_records(queryset)),
        "conoceles.xlsx": lambda p: write_ine_xlsx(p, queryset),
        "popolo.json": lambda p: write_popolo(p, public_records(queryset)),
    }
    generated_at = timezone.now()
    entries = []
    staged = []
    try:
        for item in FILES:
            path = _temporary(directory, item.name)
            staged.append((path, directory / item.name))
            rows = writers[item.name](path)
            entries.append(
                {
                    **item.__dict__,
                    "rows": rows,
                    "bytes": path.stat().st_size,
                    "sha256": sha256_of(path),
                    "generated_at": generated_at.isoformat(),
                }
            )
        manifest = {"generated_at": generated_at.isoformat(), "files": entries}
        path = _temporary(directory, MANIFEST)
        staged.append((path, directory / MANIFEST))
        path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _move_in(staged)
    finally:
        _discard(staged)
    return manifest


def _ensure_folder(directory):
    if not directory.is_dir():
        directory.mkdir()
        directory.chmod(0o755)


def _move_in(staged):
    """Every (temporary, final) pair: readable by the web server, then moved over the final
    name with `os.replace`, in order (the manifest last)."""
    for path, _final in staged:
        path.chmod(FILE_MODE)
    for path, final in staged:
        os.replace(path, final)


def _discard(staged):
    for path, _final in staged:
        path.unlink(missing_ok=True)


FILE_MODE = 0o644  # the web server (another user) serves these files directly


def _temporary(directory, name):
    handle, path = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    return Path(path)


def public_directory():
    return Path(settings.MEDIA_ROOT) / "opendata"


# Each process's own files, beside the installation's: MEDIA_ROOT/opendata/procesos/<slug>/.
PROCESSES_FOLDER = "procesos"


def process_directory(slug, root=None):
    """The folder of one process's files; None for anything that is not a plain slug (the slug
    comes from the database or a URL, and only ever names a folder under `procesos/`)."""
    if not slug or not SLUG.fullmatch(slug):
        return None
    return (root or public_directory()) / PROCESSES_FOLDER / slug


_process_lock = threading.Lock()


@contextmanager
def exclusive_lock(path):
    """Hold an exclusive lock on `path` (created if missing) across threads and processes: two
    web workers rebuilding at once must not interleave, or an older snapshot finishing last
    would bring back a candidacy withdrawn in between."""
    with _process_lock, open(path, "a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def publish_open_data():
    """Regenerate the public copies in place, file by file with `os.replace`, under a lock:
    the installation's files (every process, each row naming its own), then each process's."""
    target = public_directory()
    target.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(target.parent / ".opendata.lock"):
        _remove_leftovers(target)
        manifest = write_open_data(target)
        _publish_per_process(target)
    return manifest


def _publish_per_process(target):
    """One folder per process with published candidacies; a process with none left loses its
    folder (what was withdrawn must not stay downloadable). With a single process its files are
    the installation's, copied instead of written a second time."""
    from elections.models import ElectoralProcess

    queryset = published_candidacies()
    ids = set(queryset.order_by().values_list("office__process_id", flat=True).distinct())
    processes = ElectoralProcess.objects.filter(pk__in=ids).only("pk", "slug")
    wanted = {}
    for process in processes:
        directory = process_directory(process.slug, target)
        if directory is not None:
            wanted[directory] = process
    root = target / PROCESSES_FOLDER
    if root.is_dir():
        for folder in root.iterdir():
            if folder.is_dir() and folder not in wanted:
                shutil.rmtree(folder)
    if not wanted:
        return
    root.mkdir(exist_ok=True)
    root.chmod(0o755)
    for directory, process in wanted.items():
        _remove_leftovers(directory)
        if len(wanted) == 1:
            _link_open_data(target, directory)
        else:
            write_open_data(directory, queryset.filter(office__process_id=process.pk))


def _link_open_data(source, directory):
    """The installation's files and manifest into `directory`, each moved in atomically.

    Hard links: the same bytes, no second copy of 170 MB at 20,000 candidacies. The next
    rebuild replaces each name with a new file, so neither folder ever changes the other's.
    """
    _ensure_folder(directory)
    staged = []
    try:
        for name in [*(item.name for item in FILES), MANIFEST]:
            path = _temporary(directory, name)
            staged.append((path, directory / name))
            path.unlink()
            try:
                os.link(source / name, path)
            except OSError:  # a file system without hard links
                shutil.copyfile(source / name, path)
        _move_in(staged)
    finally:
        _discard(staged)


def _remove_leftovers(target):
    """Temporary files an interrupted rebuild left in the folder (a killed process cannot clean
    up): they hold a snapshot that may include what has been withdrawn since. Runs under the
    lock, so never a live rebuild's."""
    if not target.is_dir():
        return
    temporary = tuple(f".{name}." for name in [*(f.name for f in FILES), MANIFEST])
    for path in target.iterdir():
        if path.suffix == ".tmp" and path.name.startswith(temporary) and path.is_file():
            path.unlink(missing_ok=True)


def read_manifest(process_slug=None):
    """The public manifest (of one process's files if a slug is given), or None if there is none
    yet or it cannot be read."""
    directory = public_directory()
    if process_slug is not None:
        directory = process_directory(process_slug)
        if directory is None:
            return None
    path = directory / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
