"""Writing the open-data files from published candidacies, streaming with bounded memory.

Every row is the public projection's record (`public.projection.public_record`): the columns,
their order and their values are the projection's, never decided here.

Every writer walks the public queryset in chunks (`iterator(chunk_size=...)`), fetches the public
badges and the photos' renditions chunk by chunk, and writes rows as it goes: openpyxl's
write-only mode, csv, and a JSON array written item by item. Memory stays flat whatever the
number of candidacies.

Candidate-written text is untrusted in a spreadsheet:
- XLSX: every text is a string cell; one that a spreadsheet could take for a formula (leading
  = + - @) or an error literal (#N/A) is forced to string type with Excel's quote prefix, so it
  shows, and stays if edited, as the exact text. Control characters XML 1.0 cannot hold are
  dropped (a vertical tab or form feed, Word's manual breaks, become a line break).
- CSV has no cell types: a text starting with = + - @, tab or CR gets a leading apostrophe
  (OWASP's CSV-injection mitigation). The JSON and Popolo files keep the exact text.
"""

import csv
import hashlib
import json
from itertools import islice

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import prefetch_related_objects

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

from candidates.images import open_photo_prefetch
from candidates.queries import public_candidacies
from public.badges import public_badges_for
from public.projection import COLUMNS, KEYS, public_record, site_root_path
from site_conoceles.spreadsheets import csv_cell

CHUNK = 500
RELATIONS = ("office__process", "municipality")


def published_candidacies():
    return (
        public_candidacies()
        .select_related(*RELATIONS)
        .order_by("office__process__state_name", "office__sort_order", "district__number", "pk")
    )


def chunks(queryset, size=CHUNK):
    iterator = queryset.iterator(chunk_size=size)
    while True:
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk


class PublicRecord(dict):
    """A public record ({key: value}, serialized as such) that also carries its candidacy, for
    writers that need catalog keys no public column holds (Popolo's stable ids)."""

    candidacy = None


def public_records(queryset=None, base_url=None):
    base_url = settings.WAGTAILADMIN_BASE_URL if base_url is None else base_url
    root_path = site_root_path()
    for chunk in chunks(queryset if queryset is not None else published_candidacies()):
        badges = public_badges_for(chunk)
        # Per chunk, whatever queryset the caller passed: one query for the photos' renditions.
        prefetch_related_objects(chunk, open_photo_prefetch())
        for candidacy in chunk:
            record = PublicRecord(public_record(candidacy, badges, base_url, root_path))
            record.candidacy = candidacy
            yield record


# --- Spreadsheet safety -------------------------------------------------------------------------

XLSX_FORMULA_TRIGGERS = ("=", "+", "-", "@")
XML_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def xlsx_text(value):
    """The text without the control characters XML 1.0 (so XLSX) cannot hold."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value.translate(XML_BREAKS))
    return value


def xlsx_row(sheet, values):
    """Cells for a write-only sheet: numbers as numbers, every text as a string cell (never a
    formula nor an error value), risky texts with the quote prefix."""
    cells = []
    for value in values:
        if isinstance(value, str):
            value = xlsx_text(value)
            if value.startswith(XLSX_FORMULA_TRIGGERS) or value in ERROR_CODES:
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cell.quotePrefix = True
                value = cell
        cells.append(value)
    return cells


def write_csv(path, records):
    rows = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(KEYS)
        for record in records:
            writer.writerow([csv_cell(record[k]) for k in KEYS])
            rows += 1
    return rows


def write_json(path, records):
    rows = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"campos": ')
        handle.write(json.dumps([c.__dict__ for c in COLUMNS], ensure_ascii=False))
        handle.write(', "candidaturas": [')
        for record in records:
            if rows:
                handle.write(",")
            handle.write("\n")
            handle.write(json.dumps(record, ensure_ascii=False, cls=DjangoJSONEncoder))
            rows += 1
        handle.write("\n]}\n")
    return rows


def write_xlsx(path, records):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("candidaturas")
    sheet.append(KEYS)
    rows = 0
    for record in records:
        sheet.append(xlsx_row(sheet, [record[k] for k in KEYS]))
        rows += 1
    dictionary = book.create_sheet("diccionario")
    dictionary.append(["campo", "nombre", "descripción"])
    for column in COLUMNS:
        dictionary.append([column.key, column.label, column.description])
    book.save(path)
    return rows


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
