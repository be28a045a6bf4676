"""Reading the registration list as institutes produce it, down to rows of cells by column.

What the file may look like:
- encoding: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or, when the
  file is not valid UTF-8, Windows-1252 (Excel's "CSV" on Windows in Mexico, a superset of
  Latin-1 for letters). A file mixing UTF-8 and another encoding is refused.
- delimiter: comma, semicolon, tab or vertical bar, detected from the header; any line ending;
  quoted fields (with delimiters or line breaks inside); blank lines anywhere; title lines above
  the header; spaces around values.

A file that is not this CSV (a spreadsheet, a PDF, an empty file) is refused as a whole with a
`RegistryFileError`; a row that cannot be read is kept with its problem, to be reported with
its line.
"""

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..workbook import (
    MEGABYTE,
    XLS_SIGNATURE,
    ZIP_SIGNATURE,
    check_readable,
    describe_foreign,
)

# A state's registry is a few thousand rows (≈ 1 MB); anything far larger is not that file.
MAX_REGISTRY_BYTES = 20 * MEGABYTE

COLUMNS = [
    "nombre",
    "apellido_paterno",
    "apellido_materno",
    "sexo",
    "fecha_nacimiento",
    "cargo",
    "distrito",
    "lista",
    "municipio",
    "partido",
    "independiente",
    "tipo",
    "accion_afirmativa",
    "clave",
]
REQUIRED = ["nombre", "sexo", "fecha_nacimiento", "cargo", "tipo"]
# Other spellings of the same columns (after folding: lower case, no accents, "_" for spaces).
ALIASES = {
    "nombre_completo": "nombre",
    "nombres": "nombre",
    "nombre_s": "nombre",
    "primer_apellido": "apellido_paterno",
    "segundo_apellido": "apellido_materno",
    "fecha_de_nacimiento": "fecha_nacimiento",
    "nacimiento": "fecha_nacimiento",
    "distrito_local": "distrito",
    "numero_de_lista": "lista",
    "posicion_en_lista": "lista",
    "tipo_de_candidatura": "tipo",
    "tipo_candidato": "tipo",
    "partido_politico": "partido",
    "siglas": "partido",
    "candidatura_independiente": "independiente",
    "clave_de_registro": "clave",
}
DELIMITERS = [",", ";", "\t", "|"]
DELIMITER_NAMES = {",": "coma", ";": "punto y coma", "\t": "tabulador", "|": "barra vertical"}
HEADER_SEARCH_LINES = 10


class RegistryFileError(Exception):
    """A file that cannot be read as the registry; the message is for the user, in Spanish."""


def fold(text):
    """Lower case, no accents, single spaces: how values and headers are compared."""
    text = unicodedata.normalize("NFKD", str(text).replace("\xa0", " "))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def column_key(text):
    key = re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
    return ALIASES.get(key, key)


def clean(value):
    """A cell as the loader compares it: no surrounding or repeated spaces, no NBSP."""
    return " ".join((value or "").replace("\xa0", " ").split())


@dataclass
class RegistryFile:
    encoding: str
    delimiter: str
    header: list  # canonical column names (or the folded unknown ones)
    records: list  # [(line, {column: value}, problem or None)]
    ignored_columns: list


SPREADSHEET_SUFFIXES = (".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".numbers")


def read_registry(path):
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    excel_hint = (
        "Ábrela en Excel y usa «Guardar como» › «CSV UTF-8 (delimitado por comas)». "
        "El archivo de Conóceles del INE (.xls o .xlsx) se importa con «manage.py "
        "import_conoceles»."
    )
    if suffix in SPREADSHEET_SUFFIXES and not path.is_dir():
        raise RegistryFileError(
            f"«{name}» no es un archivo CSV: es una hoja de cálculo. {excel_hint}"
        )
    if suffix != ".csv" and not path.is_dir():
        raise RegistryFileError(f"«{name}» no es un archivo CSV (se esperaba la extensión .csv).")
    check_readable(path, RegistryFileError, MAX_REGISTRY_BYTES)
    data = path.read_bytes()
    if data.startswith((XLS_SIGNATURE, ZIP_SIGNATURE)):
        raise RegistryFileError(
            f"«{name}» no es un archivo CSV: es una hoja de cálculo de Excel con la extensión "
            f"cambiada. {excel_hint}"
        )
    foreign = describe_foreign(data[:16])
    if foreign:
        raise RegistryFileError(f"«{name}» no es un archivo CSV: es {foreign}.")
    text, encoding = _decode(data, name)
    if not text.strip():
        raise RegistryFileError(f"«{name}» no tiene ninguna fila: está en blanco.")
    delimiter, header_line, header = _find_header(text, name)
    known = [c for c in header if c in COLUMNS]
    repeated = sorted({c for c in known if known.count(c) > 1})
    if repeated:
        raise RegistryFileError(
            "El encabezado repite la columna " + ", ".join(f"«{c}»" for c in repeated) + "."
        )
    ignored = [c for c in header if c and c not in COLUMNS]
    records = _records(text, delimiter, header_line, header, name)
    if not records:
        raise RegistryFileError(
            f"«{name}» solo tiene el encabezado: no hay candidaturas que cargar."
        )
    return RegistryFile(
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        records=records,
        ignored_columns=ignored,
    )


def _decode(data, name):
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as error:
            raise RegistryFileError(
                f"«{name}» dice estar en UTF-8 pero tiene bytes que no lo son (posición "
                f"{error.start}). Guárdalo de nuevo como «CSV UTF-8»."
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise RegistryFileError(f"«{name}» no se puede leer como UTF-16.") from error
    if b"\x00" in data:
        raise RegistryFileError(f"«{name}» no es un archivo de texto (contiene bytes nulos).")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if re.search(rb"\xc3[\x80-\xbf]", data):
            raise RegistryFileError(
                f"«{name}» mezcla codificaciones: tiene acentos en UTF-8 y, en la línea {line}, "
                "caracteres en otra codificación. Guárdalo completo como «CSV UTF-8»."
            ) from error
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RegistryFileError(
            f"«{name}» no está en UTF-8 ni en Windows-1252 (línea {line}). Guárdalo como "
            "«CSV UTF-8»."
        ) from error


def _find_header(text, name):
    """(delimiter, index of the header line among the file's lines, canonical header)."""
    best = (0, None, None, None)
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for _ in range(HEADER_SEARCH_LINES):
                start = reader.line_num
                cells = next(reader)
                header = [column_key(c) for c in cells]
                score = len({c for c in header if c in COLUMNS})
                if score > best[0]:
                    best = (score, delimiter, start, header)
        except (StopIteration, csv.Error):
            pass
    score, delimiter, start, header = best
    if not score:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")[:80]
        raise RegistryFileError(
            f"«{name}» no tiene el encabezado de la lista de registro (se esperaban columnas "
            f"como {', '.join(REQUIRED)}); su primera línea es «{first}»."
        )
    present = set(header)
    if "nombre" not in present and "apellido_paterno" in present:
        present.add("nombre")
    missing = [c for c in REQUIRED if c not in present]
    if missing:
        raise RegistryFileError(
            "El archivo no tiene las columnas del registro; faltan: " + ", ".join(missing) + "."
        )
    return delimiter, start, header


def _records(text, delimiter, header_line, header, name):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    trailing = []  # rows longer than the header only by empty cells
    width = len(header)
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if start <= header_line + 1:
                continue  # the header and anything above it
            if not any(c.strip() for c in cells):
                continue  # blank lines, or a row of empty cells (";;;;" from Excel)
            problem = None
            if len(cells) > width:
                problem = (
                    f"Tiene {len(cells)} valores y el encabezado {width} columnas; ¿hay "
                    f"«{delimiter}» sin comillas dentro de un valor (p. ej. en el nombre)?"
                )
                if not any(c.strip() for c in cells[width:]):
                    trailing.append(len(records))
            elif any("\n" in c and delimiter in c for c in cells):
                problem = (
                    f"Comillas sin cerrar: el valor abarca hasta la línea {reader.line_num} e "
                    "incluye otras filas. Revisa las comillas de esta fila."
                )
            cells = cells + [""] * (width - len(cells))
            row = {column: cells[i] for i, column in enumerate(header) if column in COLUMNS}
            records.append((start, row, problem))
    except csv.Error as error:
        raise RegistryFileError(
            f"«{name}», línea {reader.line_num + 1}: no se puede leer como CSV ({error})."
        ) from error
    if trailing and len(trailing) == len(records):
        # Every row ends with the same kind of empty cells (a trailing delimiter the header
        # lacks): the writer's habit, not a shifted row.
        records = [(line, row, None) for line, row, _problem in records]
    return records
