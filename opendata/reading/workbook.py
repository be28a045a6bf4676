"""Reading spreadsheets: INE publishes .xls (read with xlrd); the institute re-saves them as .xlsx
(read with openpyxl in read-only mode, so a large file is streamed).

The file's content decides the reader, not its name: an .xlsx saved with the .xls extension (or
the other way round) is read all the same, and anything else (a PDF or an image renamed, an
empty or truncated download, an HTML page saved as .xls) is refused with a Spanish message that
says what the file really is. `check_readable` is shared with the registry import (CSV).
"""

import zipfile
from pathlib import Path

MEGABYTE = 1024 * 1024
# INE's national export (every local election of a year) is a few tens of MB; anything much
# larger is not that file, and reading it would take the machine's memory.
MAX_SPREADSHEET_BYTES = 200 * MEGABYTE
# An .xlsx is compressed XML: what it unpacks to is what the reader holds in memory.
MAX_UNPACKED_BYTES = 1024 * MEGABYTE

XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound document (Excel 97–2003)
ZIP_SIGNATURE = b"PK\x03\x04"  # .xlsx is a ZIP of XML parts

# What a file that is not a spreadsheet usually turns out to be, by its first bytes.
FOREIGN_SIGNATURES = [
    (b"%PDF", "un documento PDF"),
    (b"\x89PNG", "una imagen PNG"),
    (b"\xff\xd8\xff", "una imagen JPEG"),
    (b"GIF8", "una imagen GIF"),
    (b"RIFF", "un archivo multimedia o de imagen (RIFF/WebP)"),
    (b"Rar!", "un archivo comprimido RAR"),
    (b"7z\xbc\xaf", "un archivo comprimido 7-Zip"),
    (b"\x1f\x8b", "un archivo comprimido GZIP"),
    (b"{\\rtf", "un documento RTF"),
]


class SpreadsheetError(Exception):
    """A file that cannot be read as the expected spreadsheet; the message is for the user."""


def check_readable(path, error_class, max_bytes, head_size=8192):
    """The first `head_size` bytes of a regular, non-empty, readable file of at most `max_bytes`;
    otherwise `error_class` with a Spanish message."""
    path = Path(path)
    if path.is_dir():
        raise error_class(f"«{path}» es una carpeta, no un archivo.")
    if not path.exists():
        raise error_class(f"No existe el archivo «{path}».")
    if not path.is_file():
        raise error_class(f"«{path}» no es un archivo regular.")
    try:
        size = path.stat().st_size
        if size == 0:
            raise error_class(f"«{path.name}» está vacío (0 bytes).")
        if size > max_bytes:
            raise error_class(
                f"«{path.name}» pesa {_size(size)}; el máximo admitido es {_size(max_bytes)}. "
                "Verifica que sea el archivo correcto."
            )
        with path.open("rb") as handle:
            return handle.read(head_size)
    except PermissionError as error:
        raise error_class(f"No hay permiso para leer «{path.name}».") from error
    except OSError as error:
        raise error_class(f"No se pudo abrir «{path.name}» ({type(error).__name__}).") from error


def _size(count):
    if count >= MEGABYTE:
        return f"{count / MEGABYTE:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(count / 1024))} KB"


def describe_foreign(head):
    """What a file whose first bytes are `head` looks like, when it is a known non-text format."""
    for signature, description in FOREIGN_SIGNATURES:
        if head.startswith(signature):
            return description
    return None


def read_sheets(path):
    """{sheet name: [row values, ...]} including the header row."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv" and not path.is_dir():
        check_readable(path, SpreadsheetError, MAX_SPREADSHEET_BYTES)
        raise SpreadsheetError(
            f"«{path.name}» es un archivo CSV: este comando lee el archivo de Conóceles del INE "
            "(.xls o .xlsx). La lista oficial de registro en CSV se carga con "
            "«manage.py import_registry»."
        )
    head = check_readable(path, SpreadsheetError, MAX_SPREADSHEET_BYTES)
    if suffix not in (".xls", ".xlsx"):
        raise SpreadsheetError(
            f"«{path.name}» no es una hoja de cálculo: se esperaba un archivo .xls o .xlsx."
        )
    reader = _reader_for(path, head)
    try:
        return reader(path)
    except SpreadsheetError:
        raise
    except Exception as error:  # xlrd/openpyxl raise many unrelated types on a corrupt file
        raise SpreadsheetError(
            f"No se pudo leer «{path.name}» como hoja de cálculo: el archivo parece dañado, "
            "incompleto o protegido con contraseña (detalle técnico: "
            f"{type(error).__name__}). Descárgalo de nuevo de Conóceles del INE o ábrelo en "
            "Excel y guárdalo como .xlsx."
        ) from error


def _reader_for(path, head):
    name = path.name
    if head.startswith(XLS_SIGNATURE):
        return _read_xls
    if head.startswith(ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(path) as archive:
                parts = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise SpreadsheetError(
                f"No se pudo leer «{name}»: está dañado o incompleto (¿se interrumpió la "
                "descarga?) y no se puede abrir como .xlsx. Descárgalo de nuevo."
            ) from error
        if unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(
                f"«{name}» ocupa {_size(unpacked)} al descomprimirse; el máximo admitido es "
                f"{_size(MAX_UNPACKED_BYTES)}. Verifica que sea el archivo correcto."
            )
        if "xl/workbook.xml" not in parts:
            raise SpreadsheetError(
                f"«{name}» es un archivo ZIP (quizá un documento de Word o una carpeta "
                "comprimida), no una hoja de cálculo .xlsx."
            )
        return _read_xlsx
    foreign = describe_foreign(head)
    if foreign:
        raise SpreadsheetError(
            f"«{name}» tiene extensión {path.suffix} pero es {foreign}, no una hoja de cálculo."
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise SpreadsheetError(
            f"«{name}» es una página HTML o XML guardada con extensión {path.suffix}, no una hoja "
            "de cálculo de Excel. Ábrela en Excel y guárdala como .xlsx."
        )
    raise SpreadsheetError(
        f"«{name}» no es una hoja de cálculo .xls ni .xlsx (¿es un texto o un CSV con la "
        "extensión cambiada?)."
    )


def _read_xls(path):
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        sheets = {}
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            sheets[name] = [sheet.row_values(r) for r in range(sheet.nrows)]
        return sheets
    finally:
        book.release_resources()


def _read_xlsx(path):
    from openpyxl import load_workbook

    # A file object: openpyxl judges a path by its extension, and the content was checked.
    with path.open("rb") as handle:
        book = load_workbook(handle, read_only=True, data_only=True)
        try:
            return {
                sheet.title: [
                    ["" if v is None else v for v in row]
                    for row in sheet.iter_rows(values_only=True)
                ]
                for sheet in book.worksheets
            }
        finally:
            book.close()
