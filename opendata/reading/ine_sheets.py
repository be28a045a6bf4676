"""Finding INE's tables in a workbook the way a person would: by their columns.

The institute opens INE's file and saves it again before importing it, so the copy may have a
sheet renamed in case or spacing, a title or notes above the header, columns re-spaced, in
another case or in another order. Locating each sheet and column by INE's names, not by its
position, lets such a copy import as the original would; a sheet that lacks a column is refused
with what is missing.
"""

from dataclasses import dataclass, field

from .. import ine
from .workbook import SpreadsheetError

# INE's header is the first row; a re-saved copy may carry a title or notes above it.
HEADER_SEARCH_ROWS = 10


def header_key(value):
    return " ".join(ine.clean_text(value).split()).upper()


def _header_row(rows, expected):
    """(index, header) of the first of the top rows holding every expected column, or None."""
    wanted = {header_key(c) for c in expected}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if wanted <= {header_key(c) for c in row}:
            return index, [ine.clean_text(c).strip() for c in row]
    return None


@dataclass
class Table:
    """A sheet's data rows as {column: cell}, each with its row number as the spreadsheet shows
    it (1-based, counting the header and anything above it)."""

    sheet: str
    header: list
    rows: list  # [(row number, {column: cell}, [cells])]


def _find_sheet(sheets, name, expected):
    """The sheet called `name` (case and spacing aside), else the only sheet with its columns."""
    if name in sheets:
        return name
    wanted = header_key(name)
    for sheet in sheets:
        if header_key(sheet) == wanted:
            return sheet
    holding = [sheet for sheet, rows in sheets.items() if _header_row(rows, expected)]
    return holding[0] if len(holding) == 1 else None


def read_table(sheets, name, expected, required=True):
    sheet = _find_sheet(sheets, name, expected)
    if sheet is None:
        if not required:
            return None
        found = ", ".join(f"«{s}»" for s in sheets) or "ninguna"
        raise SpreadsheetError(
            f"El archivo no tiene la hoja «{name}» del formato Conóceles del INE "
            f"(hojas encontradas: {found})."
        )
    rows = sheets[sheet]
    if not any(any(ine.clean_text(v).strip() for v in row) for row in rows):
        raise SpreadsheetError(f"La hoja «{sheet}» está vacía.")
    found = _header_row(rows, expected)
    if found is None:
        best = max(rows[:HEADER_SEARCH_ROWS], key=lambda row: len(set(map(header_key, row))))
        present = {header_key(c) for c in best}
        missing = [c for c in expected if header_key(c) not in present]
        raise SpreadsheetError(
            f"La hoja «{sheet}» no tiene las columnas del formato del INE; faltan: "
            + ", ".join(missing[:5])
            + ("…" if len(missing) > 5 else "")
            + ". Revisa que la primera fila sea el encabezado original y que ninguna columna "
            "se haya renombrado."
        )
    index, header = found
    keys = [header_key(c) for c in header]
    repeated = sorted({c for c in expected if keys.count(header_key(c)) > 1})
    if repeated:
        raise SpreadsheetError(
            f"La hoja «{sheet}» repite la columna " + ", ".join(f"«{c}»" for c in repeated) + "."
        )
    # Cells by INE's spelling of each column, whatever spacing or case the copy has.
    canonical = {header_key(c): c for c in expected}
    for column, variants in ine.OPTIONAL_COLUMN_VARIANTS.items():
        canonical.update({header_key(v): column for v in variants})
    names = [canonical.get(key, text) for key, text in zip(keys, header, strict=True)]
    table = []
    for number, row in enumerate(rows[index + 1 :], start=index + 2):
        cells = list(row) + [""] * (len(names) - len(row))  # a short row has blank cells
        if not any(ine.clean_text(v).strip() for v in cells):
            continue
        table.append((number, dict(zip(names, cells, strict=False)), cells))
    return Table(sheet=sheet, header=names, rows=table)


@dataclass
class IdentityRow:
    sheet: str
    line: int
    values: dict  # registration cells by column
    answers: list  # the twenty answers, in INE's order
    repeated: list = field(default_factory=list)  # later rows of the same person


def identity_rows(sheets, candidates_sheet):
    """{(state, number, name): IdentityRow} of the identity sheet, if the file has one."""
    others = {name: rows for name, rows in sheets.items() if name != candidates_sheet}
    table = read_table(
        others, ine.IDENTITY_SHEET, ine.IDENTITY_REGISTRATION_COLUMNS, required=False
    )
    if table is None:
        return {}
    answer_columns = _answer_columns(table)
    found = {}
    for number, values, cells in table.rows:
        key = person_key(values)
        if key in found:
            found[key].repeated.append(number)
            continue
        answers = [ine.clean_text(cells[i]) if i < len(cells) else "" for i in answer_columns]
        found[key] = IdentityRow(table.sheet, number, values, answers)
    return found


def _answer_columns(table):
    """Positions of the twenty answers: by INE's headers, or right after the registration
    columns when the copy has them in INE's order and exactly twenty more."""
    from identity.exports import ine_identity_columns

    keys = [header_key(c) for c in table.header]
    wanted = [header_key(c) for c in ine_identity_columns()]
    if all(keys.count(key) == 1 for key in wanted):
        return [keys.index(key) for key in wanted]
    registration = [header_key(c) for c in ine.IDENTITY_REGISTRATION_COLUMNS]
    width = len(registration)
    extra = [key for key in keys[width:] if key]
    if keys[:width] == registration and len(extra) == len(wanted):
        return list(range(width, width + len(wanted)))
    raise SpreadsheetError(
        f"La hoja «{table.sheet}» no tiene las veinte preguntas del cuestionario de "
        f"identidad del INE después de las columnas del registro (se encontraron "
        f"{len(extra)} columnas más). No se importa nada para no atribuir una respuesta a "
        "la pregunta equivocada."
    )


def person_key(row):
    """Who a row is about, the same in both sheets (spacing and case aside)."""
    return tuple(
        header_key(row[column]) for column in ("ENTIDAD", "NUM_LISTA_O_FORMULA", "NOMBRE_CANDIDATO")
    )
