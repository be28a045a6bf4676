"""Query parameters shared by the resources' descriptions."""

from drf_spectacular.utils import OpenApiParameter, OpenApiTypes

from candidates.choices import AffirmativeAction, EducationLevel, Sex
from candidates.filters import ANY_AFFIRMATIVE_ACTION

LIMIT = OpenApiParameter(
    "limit", int, description="Resultados por página (0 a 100; 20 si se omite).", required=False
)
OFFSET = OpenApiParameter(
    "offset", int, description="Cuántos resultados saltar desde el inicio.", required=False
)
PAGING = [LIMIT, OFFSET]


def text_parameter(name, description, enum=None):
    return OpenApiParameter(name, OpenApiTypes.STR, description=description, enum=enum)


PROCESS = text_parameter(
    "proceso",
    "«slug» de un proceso de /api/v2/procesos/; sin él, el proceso actual. La respuesta es "
    "siempre de un solo proceso; un «slug» desconocido responde 404.",
)

CANDIDACY_FILTERS = [
    PROCESS,
    text_parameter("cargo", "«slug» de un cargo (/api/v2/cargos/)."),
    text_parameter("partido", "«slug» de un partido, coalición o candidatura independiente."),
    text_parameter("distrito", "Número de distrito local."),
    text_parameter("municipio", "«slug» de un municipio (/api/v2/municipios/)."),
    text_parameter(
        "sexo", "Sexo: M (mujer), H (hombre), X (no binario).", [v for v, _ in Sex.choices]
    ),
    text_parameter("edad", "Rango de edad, p. ej. «30-39», como en /estadisticas/."),
    text_parameter(
        "escolaridad", "Grado máximo de estudios.", [v for v, _ in EducationLevel.choices]
    ),
    text_parameter(
        "accion_afirmativa",
        f"Grupo de acción afirmativa; «{ANY_AFFIRMATIVE_ACTION}»: cualquiera.",
        [ANY_AFFIRMATIVE_ACTION, *(v for v, _ in AffirmativeAction.choices)],
    ),
    text_parameter("q", "Texto a buscar en el nombre y las propuestas."),
    text_parameter(
        "fields",
        "Campos separados por comas; «*» todos, «_» ninguno, «-campo» quita uno.",
    ),
    text_parameter("format", "Solo «json».", ["json"]),
]
