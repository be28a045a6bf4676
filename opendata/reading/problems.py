"""The import's problems as a file the institute hands to the parties (`--informe`).

One line per problem, not per row, so that a party can sort and filter by column. Cells a
spreadsheet could evaluate (a value that starts with "=", "@"…) stay text in both formats: the
report repeats what the party typed, and a handle like "@cuenta" is exactly such a value.
"""

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from site_conoceles.spreadsheets import csv_cell

HEADER = ("Hoja", "Fila", "Columna", "Valor", "Problema")
FORMATS = (".csv", ".xlsx")


class ReportFormatError(ValueError):
    pass


def check_report_path(path):
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ReportFormatError(
            f"El informe debe terminar en .csv o .xlsx (se recibió «{Path(path).name}»)."
        )
    return suffix


def write_problems(path, rows):
    """`rows`: (sheet, row, column, value, problem) tuples."""
    if check_report_path(path) == ".csv":
        with open(path, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows([csv_cell(value) for value in row] for row in rows)
        return
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Problemas")
    sheet.append(HEADER)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            cells.append(cell)
        sheet.append(cells)
    book.save(path)
