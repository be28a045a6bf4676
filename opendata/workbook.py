"""Reading spreadsheets: INE publishes .xls (read with xlrd); the institute re-saves them as .xlsx
(read with openpyxl in read-only mode, so a large file is streamed)."""

from pathlib import Path


class SpreadsheetError(Exception):
    """A file that cannot be read as the expected spreadsheet; the message is for the user."""


def read_sheets(path):
    """{sheet name: [row values, ...]} including the header row."""
    path = Path(path)
    if not path.exists():
        raise SpreadsheetError(f"No existe el archivo «{path}».")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xls":
            return _read_xls(path)
        if suffix == ".xlsx":
            return _read_xlsx(path)
    except SpreadsheetError:
        raise
    except Exception as error:  # xlrd/openpyxl raise many unrelated types on a corrupt file
        raise SpreadsheetError(
            f"No se pudo leer «{path.name}» como hoja de cálculo ({type(error).__name__}). "
            "Verifica que sea el archivo .xls o .xlsx descargado de Conóceles del INE."
        ) from error
    raise SpreadsheetError(
        f"«{path.name}» no es una hoja de cálculo: se esperaba un archivo .xls o .xlsx."
    )


def _read_xls(path):
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        return {
            name: [
                book.sheet_by_name(name).row_values(r)
                for r in range(book.sheet_by_name(name).nrows)
            ]
            for name in book.sheet_names()
        }
    finally:
        book.release_resources()


def _read_xlsx(path):
    from openpyxl import load_workbook

    book = load_workbook(str(path), read_only=True, data_only=True)
    try:
        return {
            sheet.title: [
                ["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)
            ]
            for sheet in book.worksheets
        }
    finally:
        book.close()
