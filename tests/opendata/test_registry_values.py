"""import_registry takes clear values (sex, dates, places, parties), refuses others by line."""

import datetime as dt

import pytest

from candidates.choices import Sex
from candidates.models import CandidacyPage
from elections.factories import CoalitionFactory, MunicipalityFactory, OfficeFactory
from elections.models import OfficeScope
from opendata.reading.registry import load_registry

from .factories_helpers import HEADER, MR, RP, command, csv_file, titles


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
    # As in the INE import, an unclear sex does not keep the candidacy out: it is loaded with
    # the sex empty and the problem flagged for the party.
    assert (report.created, report.errors) == (3, [])
    assert report.flagged == [
        (
            2,
            "sexo",
            "F",
            "Sexo ambiguo: «F». Escribe Mujer, Hombre o No binario (o M/H como en la CURP).",
        ),
        (
            3,
            "sexo",
            "M",
            "Sexo ambiguo: «M». La fila 2 usa «F», así que en este archivo «M» podría significar "
            "masculino. Escribe Mujer u Hombre.",
        ),
    ]
    sexes = dict(CandidacyPage.objects.values_list("title", "sex"))
    assert sexes == {"Ana": "", "Beto": "", "Carla": Sex.WOMAN}


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


def test_a_quoted_name_with_a_comma_is_refused_with_a_hint(tmp_path, setup):
    path = csv_file(
        tmp_path, [HEADER, f'"Pérez Gil, Ana",Mujer,1980-05-01,{MR},1,,PAN,propietaria,']
    )
    report = load_registry(path, setup)
    [(line, reason)] = report.errors
    assert line == 2 and reason.startswith("El nombre «Pérez Gil, Ana» tiene una coma")


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
        f"Sin Sexo,,1980-05-01,{MR},1,,PRI,suplente,",  # 14: loaded, flagged
        f"Sin Fecha,Mujer,,{MR},1,,PRI,propietaria,",  # 15
        "Sin Cargo,Mujer,1980-05-01,,1,,PRI,propietaria,",  # 16
        f"Sin Tipo,Mujer,1980-05-01,{MR},1,,PRI,,",  # 17
        f"Sin Partido,Mujer,1980-05-01,{MR},1,,,propietaria,",  # 18
        f"Pérez, Ana,Mujer,1980-05-01,{MR},1,,PRI,propietaria,",  # 19: unquoted comma
        f"PeÃ±a Ruiz,Mujer,1980-05-01,{MR},1,,PRI,propietaria,",  # 20: broken accents
        "Suplente De Gubernatura,Mujer,1980-05-01,gubernatura,,,PRI,suplente,",  # 21
        f"Acción Rara,Mujer,1980-05-01,{RP},,2,PRI,propietaria,vulnerable",  # 22: flagged
        f"Tipo Raro,Mujer,1980-05-01,{MR},1,,PRI,titular,",  # 23
        f"Lista Mala,Mujer,1980-05-01,{RP},,cero,PRI,propietaria,",  # 24
        f"Edad Justa,Mujer,2002-06-04,{MR},1,,PRI,propietaria,",  # 25: 21 that day, valid
    ]
    path = csv_file(tmp_path, lines)
    out, err = command(path, setup)
    errors, flagged = {}, {}
    for line in err.splitlines():
        if line.startswith("Línea "):
            number, reason = line.removeprefix("Línea ").split(": ", 1)
            if number.endswith("(cargada, pendiente del partido)"):
                flagged[int(number.split()[0])] = reason
            else:
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
        10: f"Partido desconocido en el catálogo de {setup}: «XYZ».",
        11: "«Alianza Ciudadana» es una coalición: indica el partido que captura la candidatura "
        "según el siglado.",
        12: "Edad insuficiente: para Diputación local de mayoría relativa se requiere una edad "
        "mínima de 21 años el día de la elección (04/06/2023); la persona tendría 20.",
        13: "Falta el nombre.",
        15: "Falta la fecha de nacimiento.",
        16: "Falta el cargo.",
        17: "Falta el tipo (propietaria, propietario o suplente).",
        18: "Falta el partido (siglas) o la candidatura independiente.",
        19: "Tiene 10 valores y el encabezado 9 columnas; ¿hay «,» sin comillas dentro de un "
        "valor (p. ej. en el nombre)?",
        20: "El nombre «PeÃ±a Ruiz» tiene caracteres dañados por una conversión de codificación "
        "(p. ej. «Ã±» en lugar de «ñ»). Corrígelo en el archivo original.",
        21: "El cargo «Gubernatura» no se registra con suplente.",
        23: "Tipo no válido: «titular» (propietaria/propietario/suplente).",
        24: "Número de lista no válido: «cero».",
    }
    assert errors == expected
    # A missing sex and an unknown affirmative action are flagged, not refused (as in the INE
    # import): the rows are loaded without them, for the party to complete.
    assert flagged == {
        14: "Falta el sexo (Mujer, Hombre o No binario).",
        22: "Acción afirmativa no reconocida: «vulnerable».",
    }
    assert "Creadas: 4;" in out and "con errores: 19;" in out
    assert "con datos pendientes del partido: 2." in out
    assert titles() == ["Acción Rara", "Ana Luisa Pérez", "Edad Justa", "Sin Sexo"]


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
