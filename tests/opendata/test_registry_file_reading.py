"""import_registry reads institutes' real CSV files (encodings, delimiters, headers), no other."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from candidates.models import CandidacyPage
from opendata.reading.registry import load_registry, reading

from .factories_helpers import HEADER, MR, PEOPLE, RP, command, csv_file, refused, rows, titles


def _xlsx_bytes():
    book = Workbook()
    book.active.append(HEADER.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("registro.xlsx", "xlsx", "no es un archivo CSV: es una hoja de cálculo"),
        ("registro.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "es una hoja de cálculo"),
        ("registro.csv", "xlsx", "hoja de cálculo de Excel con la extensión cambiada"),
        ("registro.csv", b"%PDF-1.4\n1 0 obj", "no es un archivo CSV: es un documento PDF"),
        ("registro.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "es una imagen PNG"),
        ("registro.csv", b"", "está vacío"),
        ("registro.csv", b"\r\n\r\n  \r\n", "está en blanco"),
        ("registro.pdf", b"%PDF-1.4", "no es un archivo CSV \\(se esperaba la extensión .csv\\)"),
        ("registro.csv", "nombre,sexo\n".encode("utf-16-le"), "contiene bytes nulos"),
        ("registro.csv", b"hola,mundo\n1,2\n", "no tiene el encabezado de la lista de registro"),
        ("registro.csv", f"{HEADER}\n".encode(), "solo tiene el encabezado"),
        ("registro.csv", b"nombre,sexo,nombre,cargo,tipo,fecha_nacimiento\n", "repite la columna"),
        ("registro.csv", b"nombre,edad\nAna,40\n", "faltan: sexo, fecha_nacimiento, cargo, tipo"),
        (
            "registro.csv",
            f"{HEADER}\nJosé,Hombre,1980-01-01,{MR},1,,PAN,propietario,\n".encode()
            + f"Peña,Hombre,1980-01-01,{MR},1,,PRI,propietario,\n".encode("cp1252"),
            "mezcla codificaciones.*línea 3",
        ),
    ],
)
def test_a_file_that_is_not_the_registry_csv_is_refused(
    tmp_path, setup, loaded, name, content, match
):
    path = tmp_path / name
    path.write_bytes(_xlsx_bytes() if content == "xlsx" else content)
    refused(path, setup, match)


def test_missing_path_directory_and_oversized_file(tmp_path, setup, loaded, monkeypatch):
    refused(tmp_path / "no-existe.csv", setup, "No existe el archivo")
    (tmp_path / "carpeta.csv").mkdir()
    refused(tmp_path / "carpeta.csv", setup, "es una carpeta, no un archivo")
    monkeypatch.setattr(reading, "MAX_REGISTRY_BYTES", 1024)
    big = csv_file(tmp_path, [HEADER] + [f"Persona,Mujer,1980-01-01,{RP},,{n},PAN,suplente,"
                                         for n in range(2, 40)])  # fmt: skip
    refused(big, setup, r"pesa \d KB; el máximo admitido es 1 KB")


def test_an_unreadable_file_is_refused(tmp_path, setup, monkeypatch):
    path = csv_file(tmp_path, rows())
    real_open = type(path).open

    def forbidden(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "open", forbidden)
    refused(path, setup, "No hay permiso para leer «registro.csv»")


@pytest.mark.parametrize(
    ("encoding", "prefix", "reported"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8"),
        ("cp1252", b"", "Windows-1252"),
        ("latin-1", b"", "Windows-1252"),
        ("utf-16", b"", "UTF-16"),
    ],
)
def test_encodings_are_detected(tmp_path, setup, encoding, prefix, reported):
    path = tmp_path / "registro.csv"
    path.write_bytes(prefix + "\r\n".join(rows()).encode(encoding))
    report = load_registry(path, setup)
    assert (report.created, report.errors, report.encoding) == (3, [], reported)
    assert titles() == ["Inés Ñáñez Güemes", "José Peña Nuñez", "María José Ortíz"]


def test_names_damaged_by_another_encoding_are_refused(tmp_path, setup):
    # A CP850 (MS-DOS) file read as Windows-1252 turns «ñ» into «¤».
    path = tmp_path / "dos.csv"
    path.write_bytes(
        "\n".join([HEADER, f"José Peña,Hombre,1980-05-01,{MR},1,,PAN,propietario,"]).encode("cp850")
    )
    report = load_registry(path, setup)
    [(line, reason)] = report.errors
    assert line == 2 and "tiene caracteres que no son letras" in reason


@pytest.mark.parametrize(
    ("delimiter", "name"), [(";", "punto y coma"), ("\t", "tabulador"), ("|", "barra vertical")]
)
def test_delimiters_crlf_and_blank_lines(tmp_path, setup, delimiter, name):
    lines = rows(delimiter)
    lines.insert(2, "")
    lines += [delimiter * 8, "", "   ", ""]
    path = csv_file(tmp_path, lines, encoding="cp1252", newline="\r\n")
    out, err = command(path, setup)
    assert "Creadas: 3;" in out
    assert f"Leído como Windows-1252, separador: {name}." in err
    assert titles() == ["Inés Ñáñez Güemes", "José Peña Nuñez", "María José Ortíz"]


def test_a_trailing_delimiter_on_every_row_is_the_writers_habit(tmp_path, setup):
    lines = [HEADER] + [",".join(person) + "," for person in PEOPLE]
    report = load_registry(csv_file(tmp_path, lines), setup)
    assert (report.created, report.errors) == (3, [])


def test_an_unclosed_quote_is_reported_instead_of_swallowing_rows(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f'"Ana Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,',
            f"Beto Gil,Hombre,1980-05-01,{MR},1,,PRI,propietario,",
        ],
    )
    report = load_registry(path, setup)
    assert report.created == 0
    [(line, reason)] = report.errors
    assert line == 2 and reason.startswith("Comillas sin cerrar: el valor abarca hasta la línea")


def test_excel_semicolon_export_with_title_lines_and_spanish_headers(tmp_path, setup):
    lines = [
        "Registro de candidaturas;;;;;;;;",
        "Proceso Electoral Local 2023;;;;;;;;",
        "NOMBRE;SEXO;FECHA DE NACIMIENTO;CARGO;DISTRITO;LISTA;PARTIDO;TIPO DE CANDIDATURA;"
        "ACCIÓN AFIRMATIVA;OBSERVACIONES",
        "  José   Peña  Nuñez ; HOMBRE ;01/05/1980; Diputación MR ;01;; pan ; PROPIETARIO ;"
        " no ;Sin cambios",
        '"Inés\nÑáñez Güemes";mujer;3/2/1985;diputacion-mr;1;;PAN;Suplente;'
        '"Persona joven";"Registrada el 27/03; revisada"',
        "María José Ortíz;M;04/03/1975;Diputación local de representación proporcional;;2;"
        "Partido PRI;propietaria;;",
        "Luis Mora;h;1970-07-07;Gubernatura;;;PRI;propietario;;",
    ]
    path = csv_file(tmp_path, lines, encoding="cp1252", newline="\r\n")
    report = load_registry(path, setup)
    assert report.errors == []
    assert report.ignored_columns == ["observaciones"]
    assert titles() == ["Inés Ñáñez Güemes", "José Peña Nuñez", "Luis Mora", "María José Ortíz"]
    ines = CandidacyPage.objects.get(title="Inés Ñáñez Güemes")
    assert (ines.sex, ines.birth_date, ines.affirmative_action) == (
        "M",
        dt.date(1985, 2, 3),
        "joven",
    )
    jose = CandidacyPage.objects.get(title="José Peña Nuñez")
    assert (jose.sex, jose.birth_date, jose.district.number) == ("H", dt.date(1980, 5, 1), 1)


def test_split_name_columns(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            "Nombre(s),Primer apellido,Segundo apellido,Sexo,Fecha de nacimiento,Cargo,Distrito,"
            "Partido,Tipo",
            f"Ana Luisa,De la Peña,Nuñez,Mujer,1980-05-01,{MR},1,PAN,propietaria",
        ],
    )
    report = load_registry(path, setup)
    assert report.errors == []
    assert titles() == ["Ana Luisa De la Peña Nuñez"]
