"""import_registry against the CSV files institutes really produce, and against wrong ones.

Accepted: what is unambiguous (UTF-8 with BOM, Windows-1252/Latin-1 when the file is not UTF-8,
UTF-16, any delimiter of the header, CRLF, blank lines, quoted fields, spaces, case, Mexican
DD/MM/AAAA dates). Refused with the line and a Spanish reason: what is ambiguous or wrong. A
re-load never duplicates and never touches what a party captured.
"""

import datetime as dt
import io

from django.core.management import CommandError, call_command

from wagtail.models import PageLogEntry

import pytest
from openpyxl import Workbook

from candidates.models import CandidacyPage
from elections.factories import CoalitionFactory, MunicipalityFactory, OfficeFactory
from elections.models import OfficeScope
from identity.models import IdentityQuestionnaire
from opendata.registry import load_registry, loading, reading
from tests.opendata.db_snapshot import assert_unchanged, database_snapshot
from tests.opendata.factories_helpers import answer_identity

HEADER = "nombre,sexo,fecha_nacimiento,cargo,distrito,lista,partido,tipo,accion_afirmativa"
MR, RP = "diputacion-mr", "diputacion-rp"


def csv_file(tmp_path, lines, name="registro.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode(encoding) + newline.encode(encoding))
    return path


@pytest.fixture
def setup(tree, offices, district):
    """The process (election 4 Jun 2023), PAN and PRI, MR (min. 21, district 1 Acuña), RP."""
    return tree[0].process


def titles():
    return sorted(CandidacyPage.objects.values_list("title", flat=True))


def command(path, process, *extra):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_registry", str(path), "--proceso", process.slug, *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def refused(path, process, match, *extra):
    before = database_snapshot()
    with pytest.raises(CommandError, match=match):
        command(path, process, *extra)
    assert_unchanged(before)


@pytest.fixture
def loaded(tmp_path, setup):
    """A registry already loaded, so that "unchanged" is checked against real rows."""
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Lucía Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",
            f"Marta Ruiz,Mujer,1990-01-02,{MR},1,,PAN,suplente,",
            f"Néstor Gil,Hombre,1975-03-03,{RP},,1,PRI,propietario,",
        ],
        name="previo.csv",
    )
    report = load_registry(path, setup)
    assert (report.created, report.errors) == (3, [])
    return path


# --- 1. wrong file types ------------------------------------------------------------------------


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


# --- 3. encodings and dialects ------------------------------------------------------------------

PEOPLE = [
    ("José Peña Nuñez", "Hombre", "1980-05-01", MR, "1", "", "PAN", "propietario", ""),
    ("Inés Ñáñez Güemes", "Mujer", "1985-02-03", MR, "1", "", "PAN", "suplente", "Persona joven"),
    ("María José Ortíz", "Mujer", "1975-03-04", RP, "", "2", "PRI", "propietaria", ""),
]


def rows(delimiter=","):
    lines = [HEADER.replace(",", delimiter)]
    lines += [delimiter.join(person) for person in PEOPLE]
    return lines


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


@pytest.mark.parametrize(
    ("sex", "stored"),
    [("MUJER", "M"), ("mujer", "M"), ("M", "M"), ("Femenino", "M"), ("HOMBRE", "H"),
     ("h", "H"), ("Masculino", "H"), ("No Binario", "X"), ("NO BINARIO", "X"), ("x", "X")],
)  # fmt: skip
def test_sex_variants(tmp_path, setup, sex, stored):
    path = csv_file(tmp_path, [HEADER, f"Ana,{sex},1980-05-01,{MR},1,,PAN,propietaria,"])
    report = load_registry(path, setup)
    assert report.errors == []
    assert CandidacyPage.objects.get().sex == stored


def test_f_is_ambiguous_and_makes_m_ambiguous(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana,F,1980-05-01,{MR},1,,PAN,propietaria,",
            f"Beto,M,1980-05-01,{MR},1,,PRI,propietario,",
            f"Carla,Mujer,1980-05-01,{MR},1,,PAN,suplente,",
        ],
    )
    report = load_registry(path, setup)
    assert report.created == 1
    assert report.errors == [
        (2, "Sexo ambiguo: «F». Escribe Mujer, Hombre o No binario (o M/H como en la CURP)."),
        (
            3,
            "Sexo ambiguo: «M». La fila 2 usa «F», así que en este archivo «M» podría significar "
            "masculino. Escribe Mujer u Hombre.",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("1980-05-01", dt.date(1980, 5, 1)),
        ("1980/05/01", dt.date(1980, 5, 1)),
        ("1980-05-01 00:00:00", dt.date(1980, 5, 1)),
        ("01/05/1980", dt.date(1980, 5, 1)),
        ("1/5/1980", dt.date(1980, 5, 1)),
        ("25/12/1980", dt.date(1980, 12, 25)),
        ("25-12-1980", dt.date(1980, 12, 25)),
    ],
)
def test_accepted_dates(tmp_path, setup, text, date):
    path = csv_file(tmp_path, [HEADER, f"Ana,Mujer,{text},{MR},1,,PAN,propietaria,"])
    report = load_registry(path, setup)
    assert report.errors == []
    assert CandidacyPage.objects.get().birth_date == date


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1/5/80", "Fecha de nacimiento con año de dos cifras: «1/5/80»."),
        ("31/02/1980", "Fecha de nacimiento inexistente: «31/02/1980»"),
        ("29342", "parece un número de serie de Excel"),
        ("primero de mayo", "Fecha de nacimiento no válida: «primero de mayo»"),
        ("2023-06-05", "posterior a la jornada electoral (04/06/2023)"),
        ("1890-01-01", "más de 120 años"),
    ],
)
def test_rejected_dates(tmp_path, setup, text, reason):
    path = csv_file(tmp_path, [HEADER, f"Ana,Mujer,{text},{MR},1,,PAN,propietaria,"])
    report = load_registry(path, setup)
    assert report.created == 0
    [(line, message)] = report.errors
    assert line == 2 and reason in message


def test_a_month_first_date_makes_the_files_other_slash_dates_ambiguous(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana,Mujer,05/25/1980,{MR},1,,PAN,propietaria,",
            f"Beto,Hombre,01/05/1980,{MR},1,,PRI,propietario,",
            f"Carla,Mujer,25/05/1980,{MR},1,,PAN,suplente,",  # day first beyond doubt
            f"Dora,Mujer,1980-05-01,{MR},1,,PRI,suplente,",
        ],
    )
    report = load_registry(path, setup)
    assert titles() == ["Carla", "Dora"]
    assert report.errors == [
        (
            2,
            "Fecha de nacimiento «05/25/1980» en orden mes/día; escríbela como DD/MM/AAAA o "
            "AAAA-MM-DD.",
        ),
        (
            3,
            "Fecha de nacimiento ambigua: «01/05/1980». La fila 2 tiene una fecha en orden "
            "mes/día, así que no se sabe cuál es el día y cuál el mes; usa AAAA-MM-DD.",
        ),
    ]


def test_each_bad_row_has_its_line_and_a_spanish_reason(tmp_path, setup, capsys):
    CoalitionFactory(process=setup, name="Alianza Ciudadana", slug="alianza-ciudadana")
    lines = [
        HEADER,
        f'"Ana\nLuisa Pérez",Mujer,1980-05-01,{MR},1,,PAN,propietaria,',  # lines 2-3, valid
        f"Ana Luisa Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",  # 4: repeated row
        f"Otra Persona,Mujer,1981-05-01,{MR},1,,PAN,propietaria,",  # 5: same slot
        f"Ana Luisa Pérez,Mujer,1980-05-01,{MR},1,,PRI,suplente,",  # 6: same person, same office
        f"Distrito Inexistente,Mujer,1980-05-01,{MR},99,,PRI,propietaria,",  # 7
        f"Sin Distrito,Mujer,1980-05-01,{MR},,,PRI,propietaria,",  # 8
        f"Cabecera Errónea,Mujer,1980-05-01,{MR},01-Saltillo,,PRI,propietaria,",  # 9
        f"Partido Raro,Mujer,1980-05-01,{MR},1,,XYZ,propietaria,",  # 10
        f"Coalición,Mujer,1980-05-01,{MR},1,,Alianza Ciudadana,propietaria,",  # 11
        f"Muy Joven,Mujer,2003-01-01,{MR},1,,PRI,propietaria,",  # 12
        f",Mujer,1980-05-01,{MR},1,,PRI,propietaria,",  # 13
        f"Sin Sexo,,1980-05-01,{MR},1,,PRI,propietaria,",  # 14
        f"Sin Fecha,Mujer,,{MR},1,,PRI,propietaria,",  # 15
        "Sin Cargo,Mujer,1980-05-01,,1,,PRI,propietaria,",  # 16
        f"Sin Tipo,Mujer,1980-05-01,{MR},1,,PRI,,",  # 17
        f"Sin Partido,Mujer,1980-05-01,{MR},1,,,propietaria,",  # 18
        f"Pérez, Ana,Mujer,1980-05-01,{MR},1,,PRI,propietaria,",  # 19: unquoted comma
        f"PeÃ±a Ruiz,Mujer,1980-05-01,{MR},1,,PRI,propietaria,",  # 20: broken accents
        "Suplente De Gubernatura,Mujer,1980-05-01,gubernatura,,,PRI,suplente,",  # 21
        f"Acción Rara,Mujer,1980-05-01,{MR},1,,PRI,propietaria,vulnerable",  # 22
        f"Tipo Raro,Mujer,1980-05-01,{MR},1,,PRI,titular,",  # 23
        f"Lista Mala,Mujer,1980-05-01,{RP},,cero,PRI,propietaria,",  # 24
        f"Edad Justa,Mujer,2002-06-04,{MR},1,,PRI,propietaria,",  # 25: 21 that day, valid
    ]
    path = csv_file(tmp_path, lines)
    out, err = command(path, setup)
    errors = {}
    for line in err.splitlines():
        if line.startswith("Línea "):
            number, reason = line.removeprefix("Línea ").split(": ", 1)
            errors[int(number)] = reason
    expected = {
        4: "Fila repetida: es idéntica a la fila 2.",
        5: "Repite la candidatura (cargo, lugar, partido y tipo) de la fila 2.",
        6: "La misma persona (nombre y fecha de nacimiento) ya está registrada para este cargo "
        "en la fila 2.",
        7: "Distrito no válido para «Diputación local de mayoría relativa»: «99» (el proceso "
        "tiene 1 distritos).",
        8: "Falta el distrito para «Diputación local de mayoría relativa».",
        9: "El distrito «01-Saltillo» no coincide con su cabecera: el distrito 1 es Acuña.",
        10: "Partido o candidatura independiente sin página de captura: «XYZ».",
        11: "«Alianza Ciudadana» es una coalición: indica el partido que captura la candidatura "
        "según el siglado.",
        12: "Edad insuficiente: para Diputación local de mayoría relativa se requiere una edad "
        "mínima de 21 años el día de la elección (04/06/2023); la persona tendría 20.",
        13: "Falta el nombre.",
        14: "Falta el sexo (Mujer, Hombre o No binario).",
        15: "Falta la fecha de nacimiento.",
        16: "Falta el cargo.",
        17: "Falta el tipo (propietaria, propietario o suplente).",
        18: "Falta el partido (siglas) o la candidatura independiente.",
        19: "Tiene 10 valores y el encabezado 9 columnas; ¿hay «,» sin comillas dentro de un "
        "valor (p. ej. en el nombre)?",
        20: "El nombre «PeÃ±a Ruiz» tiene caracteres dañados por una conversión de codificación "
        "(p. ej. «Ã±» en lugar de «ñ»). Corrígelo en el archivo original.",
        21: "El cargo «Gubernatura» no se registra con suplente.",
        22: "Acción afirmativa no reconocida: «vulnerable».",
        23: "Tipo no válido: «titular» (propietaria/propietario/suplente).",
        24: "Número de lista no válido: «cero».",
    }
    assert errors == expected
    assert "Creadas: 2;" in out and "con errores: 21." in out
    assert titles() == ["Ana Luisa Pérez", "Edad Justa"]


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


def test_simultaneous_mr_and_rp_candidacy_of_one_person_is_allowed(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",
            f"Ana Pérez,Mujer,1980-05-01,{RP},,1,PAN,propietaria,",
        ],
    )
    assert (load_registry(path, setup).created, load_registry(path, setup).unchanged) == (2, 2)


def test_municipal_offices_take_the_municipality(tmp_path, setup):
    OfficeFactory(
        process=setup,
        name="Presidencia municipal",
        short_name="Presidencia municipal",
        slug="presidencia-municipal",
        scope=OfficeScope.MUNICIPALITY,
        minimum_age=21,
    )
    MunicipalityFactory(inegi_code="05002", name="Acuña")
    MunicipalityFactory(inegi_code="05030", name="Saltillo")
    path = csv_file(
        tmp_path,
        [
            HEADER + ",municipio",
            "Ana,Mujer,1980-05-01,presidencia-municipal,,,PAN,propietaria,,05002",
            "Eva,Mujer,1980-05-01,presidencia-municipal,,,PAN,propietaria,,saltillo",
            "Ida,Mujer,1980-05-01,presidencia-municipal,,,PAN,propietaria,,030",
            "Flor,Mujer,1980-05-01,presidencia-municipal,,,PRI,propietaria,,",
            "Gil,Hombre,1980-05-01,presidencia-municipal,,,PRI,propietario,,Atlantis",
        ],
    )
    report = load_registry(path, setup)
    assert report.created == 2
    assert [line for line, _ in report.errors] == [4, 5, 6]
    assert "Repite la candidatura" in report.errors[0][1]  # 030 is Saltillo again
    assert "Falta el municipio" in report.errors[1][1]
    assert report.errors[2][1] == "Municipio desconocido en la entidad: «Atlantis»."


# --- 4. --atomic ----------------------------------------------------------------------------------


def test_atomic_with_one_bad_row_leaves_the_database_exactly_unchanged(tmp_path, setup, loaded):
    answer_identity(CandidacyPage.objects.get(title="Lucía Pérez"))
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Lucía Pérez Corregida,Mujer,1980-05-01,{MR},1,,PAN,propietaria,",  # update
            f"Nueva Persona,Hombre,1970-01-01,{RP},,2,PRI,propietario,",  # create
            f"Mala Fecha,Hombre,31/31/1970,{RP},,3,PRI,propietario,",  # bad
        ],
    )
    refused(path, setup, "1 fila.*con --atomic no se cargó ninguna", "--atomic")
    report = load_registry(path, setup)  # without --atomic the good rows go in
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)


# --- 5. re-running: idempotent, and never over what the party captured ------------------------


def capture_as_party(page, **values):
    """What Wagtail's editor does when a party saves: a draft's row and a new revision; for a
    published page, only the revision."""
    page = page.get_latest_revision_as_object()
    for name, value in values.items():
        setattr(page, name, value)
    if not page.live:
        page.save(clean=False)
    page.save_revision(clean=False, log_action=True)


def test_a_second_load_of_the_same_file_writes_nothing(tmp_path, setup, loaded):
    before = database_snapshot()
    report = load_registry(loaded, setup)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 3, [])
    assert_unchanged(before)


def test_a_corrected_file_updates_registration_data_and_keeps_the_party_capture(
    tmp_path, setup, loaded
):
    page = CandidacyPage.objects.get(title="Lucía Pérez")
    capture_as_party(page, motivation="Capturado por el partido.", public_phone="8441234567")
    answer_identity(page)
    identity = list(IdentityQuestionnaire.objects.values())
    same = load_registry(loaded, setup)
    assert (same.updated, same.unchanged) == (0, 3)
    corrected = csv_file(
        tmp_path,
        [
            HEADER,
            f"Lucía Pérez Ramos,Mujer,1980-05-02,{MR},1,,PAN,propietaria,indígena",
            f"Marta Ruiz,Mujer,1990-01-02,{MR},1,,PAN,suplente,",
            f"Néstor Gil,Hombre,1975-03-03,{RP},,1,PRI,propietario,",
        ],
        name="corregido.csv",
    )
    report = load_registry(corrected, setup)
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 1, 2, [])
    page = CandidacyPage.objects.get(pk=page.pk)
    latest = page.get_latest_revision_as_object()
    for version in (page, latest):
        assert version.title == "Lucía Pérez Ramos"
        assert version.birth_date == dt.date(1980, 5, 2)
        assert version.affirmative_action == "indigena"
        assert version.motivation == "Capturado por el partido."
        assert version.public_phone == "8441234567"
        assert version.age == 43
    assert not page.live and page.draft_title == "Lucía Pérez Ramos"
    assert PageLogEntry.objects.get(revision=page.latest_revision).action == "wagtail.edit"
    assert list(IdentityQuestionnaire.objects.values()) == identity
    again = load_registry(corrected, setup)
    assert (again.updated, again.unchanged) == (0, 3)


def test_a_published_candidacy_keeps_its_public_version_and_the_party_draft(
    tmp_path, setup, loaded
):
    page = CandidacyPage.objects.get(title="Néstor Gil")
    page.save_revision(clean=False).publish()
    capture_as_party(CandidacyPage.objects.get(pk=page.pk), motivation="Borrador del partido.")
    corrected = csv_file(
        tmp_path, [HEADER, f"Néstor Gil Soto,Hombre,1975-03-03,{RP},,1,PRI,propietario,"]
    )
    out, _err = command(corrected, setup)
    assert "actualizadas: 1 (de ellas 1 ya publicadas" in out
    page = CandidacyPage.objects.get(pk=page.pk)
    assert page.live and page.title == "Néstor Gil" and page.motivation == ""  # public version
    assert page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    assert (latest.title, latest.motivation) == ("Néstor Gil Soto", "Borrador del partido.")
    assert load_registry(corrected, setup).unchanged == 1  # idempotent from now on


def test_a_different_person_in_a_slot_is_a_substitution_not_an_update(tmp_path, setup, loaded):
    capture_as_party(CandidacyPage.objects.get(title="Marta Ruiz"), motivation="De Marta.")
    path = csv_file(tmp_path, [HEADER, f"Rosa Díaz,Mujer,1992-07-07,{MR},1,,PAN,suplente,"])
    before = database_snapshot()
    report = load_registry(path, setup)
    [(line, reason)] = report.errors
    assert line == 2 and reason.startswith("El lugar ya lo ocupa otra persona («Marta Ruiz»")
    assert_unchanged(before)


def test_a_registry_key_vouches_for_a_correction_of_name_and_date(tmp_path, setup):
    header = HEADER + ",clave"
    first = csv_file(
        tmp_path, [header, f"Ana Pérez,Mujer,1980-05-01,{MR},1,,PAN,propietaria,,R-1"], "a.csv"
    )
    assert load_registry(first, setup).created == 1
    fixed = csv_file(
        tmp_path, [header, f"Anna Peres,Mujer,1980-01-05,{MR},1,,PAN,propietaria,,R-1"], "b.csv"
    )
    assert load_registry(fixed, setup).updated == 1
    moved = csv_file(
        tmp_path, [header, f"Anna Peres,Mujer,1980-01-05,{RP},,4,PAN,propietaria,,R-1"], "c.csv"
    )
    report = load_registry(moved, setup)
    assert report.created == 0
    assert "La clave «R-1» ya pertenece a otra candidatura" in report.errors[0][1]


def test_reordering_a_list_does_not_swap_two_people_questionnaires(tmp_path, setup):
    path = csv_file(
        tmp_path,
        [
            HEADER,
            f"Ana Uno,Mujer,1980-05-01,{RP},,1,PAN,propietaria,",
            f"Eva Dos,Mujer,1981-06-02,{RP},,2,PAN,propietaria,",
        ],
    )
    load_registry(path, setup)
    swapped = csv_file(
        tmp_path,
        [
            HEADER,
            f"Eva Dos,Mujer,1981-06-02,{RP},,1,PAN,propietaria,",
            f"Ana Uno,Mujer,1980-05-01,{RP},,2,PAN,propietaria,",
        ],
        name="orden.csv",
    )
    before = database_snapshot()
    report = load_registry(swapped, setup)
    assert [line for line, _ in report.errors] == [2, 3]
    assert all("El lugar ya lo ocupa otra persona" in reason for _, reason in report.errors)
    assert_unchanged(before)


def _update_queries(tmp_path, process, how_many, suffix):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def body(tag):
        return [HEADER] + [
            f"Persona {n}{tag},Mujer,1980-05-01,{RP},,{n},PAN,propietaria,"
            for n in range(100 * how_many, 100 * how_many + how_many)
        ]

    load_registry(csv_file(tmp_path, body(""), f"{suffix}-a.csv"), process)
    with CaptureQueriesContext(connection) as ctx:
        report = load_registry(csv_file(tmp_path, body(" B"), f"{suffix}-b.csv"), process)
    assert report.updated == how_many and not report.errors
    queries = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "sqlite":  # modelsearch rewrites SQLite index rows one by one
        queries = [q for q in queries if not q.startswith('UPDATE "wagtailsearch_indexentry"')]
    writes = sum(1 for q in queries if q.startswith(("INSERT", "UPDATE")))
    return len(queries) - writes, writes


def test_updates_do_not_cost_queries_per_row(tmp_path, setup):
    few_reads, few_writes = _update_queries(tmp_path, setup, 5, "pocos")
    many_reads, many_writes = _update_queries(tmp_path, setup, 60, "muchos")
    assert few_reads == many_reads
    assert many_writes <= few_writes + 10


# --- forbidden access and expired windows -------------------------------------------------------


def test_an_unreadable_file_is_refused(tmp_path, setup, monkeypatch):
    path = csv_file(tmp_path, rows())
    real_open = type(path).open

    def forbidden(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "open", forbidden)
    refused(path, setup, "No hay permiso para leer «registro.csv»")


def test_a_closed_process_takes_no_more_personal_data(tmp_path, setup, loaded):
    setup.block_at = dt.date.today() - dt.timedelta(days=1)
    setup.save()
    refused(csv_file(tmp_path, rows()), setup, "ya cerró: sus datos personales están bloqueados")


def test_a_closed_capture_window_is_warned_about(tmp_path, setup):
    from django.utils import timezone

    setup.capture_closes_at = timezone.now() - dt.timedelta(days=1)
    setup.save()
    out, err = command(csv_file(tmp_path, rows()), setup)
    assert "Creadas: 3;" in out
    assert "Aviso: la captura de" in err and "no podrán completar" in err


def test_a_trailing_delimiter_on_every_row_is_the_writers_habit(tmp_path, setup):
    lines = [HEADER] + [",".join(person) + "," for person in PEOPLE]
    report = load_registry(csv_file(tmp_path, lines), setup)
    assert (report.created, report.errors) == (3, [])


def test_a_quoted_name_with_a_comma_is_refused_with_a_hint(tmp_path, setup):
    path = csv_file(
        tmp_path, [HEADER, f'"Pérez Gil, Ana",Mujer,1980-05-01,{MR},1,,PAN,propietaria,']
    )
    report = load_registry(path, setup)
    [(line, reason)] = report.errors
    assert line == 2 and reason.startswith("El nombre «Pérez Gil, Ana» tiene una coma")


def test_names_damaged_by_another_encoding_are_refused(tmp_path, setup):
    # A CP850 (MS-DOS) file read as Windows-1252 turns «ñ» into «¤».
    path = tmp_path / "dos.csv"
    path.write_bytes(
        "\n".join([HEADER, f"José Peña,Hombre,1980-05-01,{MR},1,,PAN,propietario,"]).encode("cp850")
    )
    report = load_registry(path, setup)
    [(line, reason)] = report.errors
    assert line == 2 and "tiene caracteres que no son letras" in reason


def test_a_failure_midway_is_a_spanish_error_and_saves_nothing(
    tmp_path, setup, loaded, monkeypatch
):
    def broken(pages_by_parent):
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(loading, "add_draft_children", broken)
    lines = [HEADER, f"Lucía Pérez Ramos,Mujer,1980-05-01,{MR},1,,PAN,propietaria,", *rows()[1:]]
    refused(csv_file(tmp_path, lines), setup, "Error inesperado.*no se guardó nada")
