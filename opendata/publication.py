"""Build every open-data file into a folder and describe them in `manifest.json`.

The public copies live under MEDIA_ROOT/opendata/ so the web server serves downloads directly;
files are written to a temporary folder and swapped in, so a download never sees half a file.
"""

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .export import (
    public_records,
    published_candidacies,
    sha256_of,
    write_csv,
    write_ine_xlsx,
    write_json,
    write_xlsx,
)
from .popolo import write_popolo
from .signals import open_data_published

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class OpenDataFile:
    name: str
    title: str
    media_type: str
    description: str


FILES = [
    OpenDataFile("candidaturas.csv", "Candidaturas (CSV)", "text/csv",
                 "Una fila por candidatura publicada; UTF-8 con BOM para Excel."),
    OpenDataFile("candidaturas.xlsx", "Candidaturas (Excel)",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "Hoja «candidaturas» y hoja «diccionario»."),
    OpenDataFile("candidaturas.json", "Candidaturas (JSON)", "application/json",
                 "Objeto con «campos» (diccionario) y «candidaturas»."),
    OpenDataFile("conoceles.xlsx", "Formato Conóceles del INE (Excel)",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "Hojas CANDIDATOS y CUESTIONARIO IDENTIDAD con las columnas del INE; el "
                 "cuestionario de identidad solo de quienes consintieron su publicación."),
    OpenDataFile("popolo.json", "Popolo (JSON)", "application/json",
                 "Personas, organizaciones, membresías y cargos en el estándar Popolo."),
]  # fmt: skip


def write_open_data(directory, queryset=None):
    """Write every file into `directory`; returns the manifest dict."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
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
    for item in FILES:
        path = directory / item.name
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
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def public_directory():
    return Path(settings.MEDIA_ROOT) / "opendata"


def publish_open_data():
    """Regenerate the public copies atomically (write aside, then swap the folder)."""
    target = public_directory()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="opendata-", dir=target.parent))
    try:
        manifest = write_open_data(staging)
        previous = target.with_name("opendata-previous")
        if previous.exists():
            shutil.rmtree(previous)
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        target.chmod(0o755)
        if previous.exists():
            shutil.rmtree(previous)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    open_data_published.send_robust(sender=None, manifest=manifest)
    return manifest


def read_manifest():
    path = public_directory() / MANIFEST
    if not path.exists():
        return None
    return json.loads(path.read_text())
