"""The two imports, called the way the management commands call them, for a preview or for real.

The preview is the real import inside a transaction that is then rolled back: the counts and the
problems are exactly what the confirmed run will report (same reading code, same matching against
the database), and nothing is written. Work queued with `on_commit` by the import (purges, the
open-data rebuild) is discarded with the rollback.
"""

import os
import tempfile
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.utils.text import get_valid_filename

from ..importer import ConocelesImporter
from ..reading.registry import RegistryFileError, load_registry
from ..reading.workbook import SpreadsheetError
from .models import ImportKind

FILE_ERRORS = (RegistryFileError, SpreadsheetError)
PROGRESS_EVERY = 50


class _DryRun(Exception):
    pass


def progress_key(job_id):
    return f"opendata:admin-import:{job_id}:progress"


def read_progress(job_id):
    """(done, total) rows of a running import; the run's transaction hides its own writes, so
    progress travels through the cache."""
    return cache.get(progress_key(job_id))


@contextmanager
def _as_file(job):
    """The reading code takes a path, and decides the format by content (never by name); the
    file keeps the uploaded name, which its messages quote."""
    with tempfile.TemporaryDirectory(prefix="importacion-") as folder:
        path = os.path.join(folder, get_valid_filename(job.filename) or f"archivo{job.suffix}")
        with open(path, "wb") as out:
            out.write(bytes(job.content))
        yield path


def _registry(job, path):
    report = load_registry(path, job.process, atomic=job.atomic)
    summary = {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": len(report.errors),
        "flagged": len({line for line, *_rest in report.flagged}),
        "pending_publication": report.pending_publication,
        "rolled_back": report.rolled_back,
        "notes": [f"Leído como {report.encoding}, separador: {report.delimiter}."]
        + (
            [
                "Columnas no reconocidas (se ignoraron): "
                + ", ".join(f"«{column}»" for column in report.ignored_columns)
                + "."
            ]
            if report.ignored_columns
            else []
        ),
    }
    problems = [list(row) for row in report.problem_rows()]
    return summary, problems


def _ine(job, path, progress):
    slug = job.process.slug if job.process_id else None
    importer = ConocelesImporter(process=slug, progress=progress)
    report = importer.run(path, atomic=job.atomic)
    summary = {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": len({(sheet, row) for sheet, row, _reason in report.errors}),
        "flagged": len({(sheet, row) for sheet, row, *_rest in report.flagged}),
        "drafts": report.drafts,
        "identity_applied": report.identity_applied,
        "rolled_back": report.rolled_back,
        "notes": [],
    }
    return summary, [list(row) for row in report.problem_rows()]


def _import(job, progress):
    with _as_file(job) as path:
        if job.kind == ImportKind.REGISTRY:
            return _registry(job, path)
        return _ine(job, path, progress)


def preview(job):
    """(summary, problems) of importing the job's file now; the database is left as it was.
    Raises one of FILE_ERRORS, with the reading code's Spanish message, for an unusable file."""
    outcome = {}
    try:
        with transaction.atomic():
            outcome["value"] = _import(job, progress=None)
            raise _DryRun
    except _DryRun:
        pass
    return outcome["value"]


def run(job):
    """Import for real, reporting progress through the cache."""

    def progress(done, total):
        if done == total or done % PROGRESS_EVERY == 0:
            cache.set(progress_key(job.pk), (done, total), 60 * 60)

    try:
        return _import(job, progress)
    finally:
        cache.delete(progress_key(job.pk))
