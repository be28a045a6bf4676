"""The OpenAPI description of the read API (drf-spectacular), in Spanish.

Field descriptions come from the public projection (`public.projection`): the label and
description a person reads in the open-data dictionary are the ones a developer reads here. This
module adds only what the projection does not say: each field's JSON type, its nullability and
its enum values, and the parameters of every resource. `api/openapi.json` is the committed copy;
`tests/api/test_schema.py` fails when the served schema differs from it.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, inline_serializer
from rest_framework import serializers

from candidates.choices import AffirmativeAction, EducationLevel, EducationStatus, Sex
from candidates.filters import ANY_AFFIRMATIVE_ACTION
from public.projection import API_FIELDS

from .fields import ProjectionField


def nullable(schema):
    """OpenAPI 3.0 nullability; an enum also lists null, as JSON Schema validators require."""
    schema = {**schema, "nullable": True}
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


def labels(choices):
    return [label for _value, label in choices]


TEXT = nullable({"type": "string"})
BADGE = {
    "type": "object",
    "properties": {
        "slug": {"type": "string", "enum": [value for value, _ in AffirmativeAction.choices]},
        "etiqueta": {"type": "string"},
        "origen": {
            "type": "string",
            "enum": ["registro", "autoadscripcion"],
            "description": "registro: acción afirmativa del registro; autoadscripcion: "
            "cuestionario de identidad con consentimiento de publicación.",
        },
    },
    "required": ["slug", "etiqueta", "origen"],
}
KEYS = {
    "type": "object",
    "properties": {
        name: nullable({"type": "integer", "description": f"Clave en /api/v2/{resource}/."})
        for name, resource in (
            ("proceso", "procesos"),
            ("cargo", "cargos"),
            ("distrito", "distritos"),
            ("municipio", "municipios"),
            ("partido", "partidos"),
            ("coalicion", "coaliciones"),
            ("independiente", "independientes"),
        )
    },
    "required": [
        "proceso", "cargo", "distrito", "municipio", "partido", "coalicion", "independiente"
    ],
}  # fmt: skip

# JSON type of each public API field (the projection's `api_key`).
FIELD_SCHEMAS = {
    "nombre": {"type": "string"},
    "foto": nullable(
        {
            "type": "object",
            "properties": {
                "url": {"type": "string"},
                "ancho": {"type": "integer"},
                "alto": {"type": "integer"},
                "alt": {"type": "string"},
            },
            "required": ["url", "ancho", "alto", "alt"],
        }
    ),
    "proceso": {"type": "string"},
    "cargo": {"type": "string"},
    "principio": {"type": "string", "enum": ["MR", "RP"]},
    "tipo": {"type": "string", "enum": ["Propietaria", "Propietario", "Suplente"]},
    "distrito": TEXT,
    "municipio": TEXT,
    "numero_lista": nullable({"type": "integer"}),
    "postula": TEXT,
    "partido": TEXT,
    "sexo": nullable({"type": "string", "enum": labels(Sex.choices)}),
    "edad": nullable({"type": "integer"}),
    "accion_afirmativa": nullable({"type": "string", "enum": labels(AffirmativeAction.choices)}),
    "insignias": {"type": "array", "items": BADGE},
    "escolaridad": nullable({"type": "string", "enum": labels(EducationLevel.choices)}),
    "estatus_escolaridad": nullable({"type": "string", "enum": labels(EducationStatus.choices)}),
    "correo": TEXT,
    "telefono": TEXT,
    "pagina_web": TEXT,
    "redes": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"red": {"type": "string"}, "url": {"type": "string"}},
            "required": ["red", "url"],
        },
    },
    "domicilio_campana": TEXT,
    "video": TEXT,
    "motivo": TEXT,
    "propuestas": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "title": nullable({"type": "string", "description": "Título de la propuesta."}),
                "description": nullable({"type": "string", "description": "La propuesta."}),
            },
        },
    },
    "propuesta_genero": TEXT,
    "trayectoria_politica": TEXT,
    "historia_profesional": TEXT,
    "cursos": TEXT,
    "claves": KEYS,
    "ultima_publicacion": nullable({"type": "string", "format": "date-time"}),
}


class ProjectionFieldSchema(OpenApiSerializerFieldExtension):
    target_class = ProjectionField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target.public_field
        return {
            **FIELD_SCHEMAS[field.api_key],
            "description": f"{field.label}. {field.description}",
        }


def candidacy_serializer(name, required_id=True):
    """The candidacy as the API may send it: `id`, `meta` and any public field (`fields=`)."""
    meta = inline_serializer(
        name="CandidaturaMeta",
        fields={
            "type": serializers.CharField(help_text="Tipo de página: «candidates.CandidacyPage»."),
            "detail_url": serializers.CharField(help_text="Dirección del detalle en la API."),
        },
        required=False,
        help_text="Tipo y dirección del detalle (según `fields`).",
    )
    fields = {
        "id": serializers.IntegerField(
            help_text="Identificador de la candidatura; el mismo «id» de los datos abiertos."
        ),
        "meta": meta,
    }
    for public_field in API_FIELDS:
        fields[public_field.api_key] = ProjectionField(public_field, required=False)
    return inline_serializer(name=name, fields=fields)


CANDIDACY = candidacy_serializer("Candidatura")
MESSAGE = inline_serializer(
    name="Error",
    fields={"message": serializers.CharField(help_text="Qué falló, en español.")},
)
ERRORS = {400: MESSAGE, 404: MESSAGE}


def page_of(name, item):
    return inline_serializer(
        name=name,
        fields={
            "meta": inline_serializer(
                name=f"{name}Meta",
                fields={"total_count": serializers.IntegerField(help_text="Total de resultados.")},
            ),
            "items": serializers.ListField(child=item, help_text="Resultados, en orden estable."),
        },
    )


LIMIT = OpenApiParameter(
    "limit", int, description="Resultados por página (0 a 100; 20 si se omite).", required=False
)
OFFSET = OpenApiParameter(
    "offset", int, description="Cuántos resultados saltar desde el inicio.", required=False
)
PAGING = [LIMIT, OFFSET]


def text_parameter(name, description, enum=None):
    return OpenApiParameter(name, OpenApiTypes.STR, description=description, enum=enum)


CANDIDACY_FILTERS = [
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

candidacy_listing_schema = extend_schema(
    operation_id="candidaturas_lista",
    summary="Candidaturas publicadas",
    description="Candidaturas publicadas, en orden de cargo, distrito y nombre.",
    parameters=[*PAGING, *CANDIDACY_FILTERS],
    responses={200: page_of("ListaCandidaturas", CANDIDACY), **ERRORS},
    tags=["candidaturas"],
)
candidacy_detail_schema = extend_schema(
    operation_id="candidaturas_detalle",
    summary="Una candidatura publicada",
    parameters=[
        OpenApiParameter(
            "id", int, OpenApiParameter.PATH, description="Identificador de la candidatura."
        ),
        text_parameter(
            "fields", "Campos separados por comas; «*» todos, «_» ninguno, «-campo» quita uno."
        ),
        text_parameter("format", "Solo «json».", ["json"]),
    ],
    responses={200: CANDIDACY, **ERRORS},
    tags=["candidaturas"],
)


# --- The other resources ---------------------------------------------------------------------

PLACE = {
    "id": serializers.IntegerField(help_text="Clave."),
}


def ballot_candidacy_fields():
    from .candidacies import SUMMARY_FIELDS

    return {
        "id": serializers.IntegerField(help_text="Identificador de la candidatura."),
        **{f.api_key: ProjectionField(f) for f in SUMMARY_FIELDS},
    }


BALLOT_SUBSTITUTE = inline_serializer(
    name="BoletaSuplente",
    fields=ballot_candidacy_fields(),
    allow_null=True,
    help_text="La persona suplente de la fórmula, si está publicada; nulo si no.",
)
BALLOT = inline_serializer(
    name="Boleta",
    fields={
        "municipio": inline_serializer(
            name="BoletaMunicipio",
            fields={
                **PLACE,
                "nombre": serializers.CharField(),
                "clave_inegi": serializers.CharField(),
            },
            allow_null=True,
            help_text="Municipio de la boleta.",
        ),
        "distrito": inline_serializer(
            name="BoletaDistrito",
            fields={**PLACE, "numero": serializers.IntegerField()},
            allow_null=True,
            help_text="Distrito local; nulo si falta elegirlo (ver «requiere_distrito»).",
        ),
        "requiere_distrito": serializers.BooleanField(
            help_text="El municipio abarca varios distritos: repita con «distrito»."
        ),
        "distritos": serializers.ListField(
            child=inline_serializer(
                name="BoletaOpcionDistrito",
                fields={**PLACE, "numero": serializers.IntegerField()},
            ),
            help_text="Distritos del municipio, cuando hay que elegir uno.",
        ),
        "maximo_por_contienda": serializers.IntegerField(
            help_text="Cuántas candidaturas por elección trae la boleta, como la página."
        ),
        "contiendas": serializers.ListField(
            child=inline_serializer(
                name="BoletaContienda",
                fields={
                    "cargo": inline_serializer(
                        name="BoletaCargo",
                        fields={**PLACE, "nombre": serializers.CharField()},
                    ),
                    "candidaturas": serializers.ListField(
                        child=inline_serializer(
                            name="BoletaCandidatura",
                            fields={**ballot_candidacy_fields(), "suplente": BALLOT_SUBSTITUTE},
                        ),
                        help_text="Las primeras candidaturas de la elección (a lo más "
                        "«maximo_por_contienda»), en el orden de la página.",
                    ),
                    "total": serializers.IntegerField(
                        help_text="Cuántas candidaturas publicadas tiene la elección en total."
                    ),
                    "completa": serializers.BooleanField(
                        help_text="Si «candidaturas» las trae todas; si no, vea «listado_api»."
                    ),
                    "listado": serializers.CharField(
                        help_text="Listado filtrado del sitio con todas las de esta elección."
                    ),
                    "listado_api": serializers.CharField(
                        help_text="Las mismas candidaturas en /api/v2/candidaturas/, paginadas."
                    ),
                },
            ),
            help_text="Cada elección de la boleta, en el orden de la boleta.",
        ),
    },
)


def figure(name):
    return inline_serializer(name=name, fields=figure_fields())


def figure_fields():
    return {
        "valor": serializers.IntegerField(
            allow_null=True, help_text="La cifra; nula si la página la reserva."
        ),
        "mostrado": serializers.CharField(
            help_text="Lo que muestra la página: la cifra, «< N» o «Reservada»."
        ),
        "reservada": serializers.BooleanField(help_text="Si la cifra está reservada."),
    }


class EstadisticaAvance(serializers.Serializer):
    etiqueta = serializers.CharField(help_text="Partido, independiente o cargo.")
    registradas = serializers.IntegerField()
    curricular_completo = serializers.IntegerField()
    publicadas = serializers.IntegerField()


def progress_rows():
    return serializers.ListField(child=EstadisticaAvance())


STATISTICS = inline_serializer(
    name="Estadisticas",
    fields={
        "proceso": serializers.IntegerField(allow_null=True, help_text="Clave del proceso."),
        "filtros": serializers.DictField(
            child=serializers.CharField(), help_text="Filtros aplicados (cargo, partido)."
        ),
        "minimo_celda": serializers.IntegerField(
            required=False, help_text="Cifra mínima publicada; las menores se reservan."
        ),
        "totales": inline_serializer(
            name="EstadisticaTotales",
            fields={
                "registradas": serializers.IntegerField(),
                "curricular_completo": serializers.IntegerField(),
                "publicadas": serializers.IntegerField(),
            },
            allow_null=True,
        ),
        "avance": inline_serializer(
            name="EstadisticaAvancePorCorte",
            fields={
                "por_partido": progress_rows(),
                "por_cargo": progress_rows(),
            },
            allow_null=True,
            help_text="Avance de la captura (registros, no personas: se muestra completo).",
        ),
        "graficas": serializers.ListField(
            child=inline_serializer(
                name="EstadisticaGrafica",
                fields={
                    "slug": serializers.ChoiceField(
                        choices=["sexo", "edad", "escolaridad", "identidad", "ingresos"]
                        + ["fuente-ingresos"]
                    ),
                    "titulo": serializers.CharField(),
                    "unidad": serializers.ChoiceField(choices=["Candidaturas", "Personas"]),
                    "reservada_completa": serializers.BooleanField(
                        help_text="La tabla entera se reserva por tener muy pocas respuestas."
                    ),
                    "filas": serializers.ListField(
                        child=inline_serializer(
                            name="EstadisticaFila",
                            fields={
                                "etiqueta": serializers.CharField(),
                                **figure_fields(),
                            },
                        )
                    ),
                },
            ),
            help_text="Cada gráfica de /estadisticas/, con las mismas cifras reservadas.",
        ),
        "identidad": inline_serializer(
            name="EstadisticaIdentidad",
            fields={
                "con_consentimiento_estadistico": figure("EstadisticaCifraConsentimiento"),
                "grupos": serializers.ListField(
                    child=inline_serializer(
                        name="EstadisticaGrupo",
                        fields={
                            "etiqueta": serializers.CharField(),
                            "si": figure("EstadisticaCifraSi"),
                            "no": figure("EstadisticaCifraNo"),
                            "prefiero_no_contestar": figure("EstadisticaCifraPrefiero"),
                            "sin_respuesta": figure("EstadisticaCifraSinRespuesta"),
                        },
                    )
                ),
            },
            allow_null=True,
            required=False,
            help_text="Respuestas de identidad con consentimiento estadístico, sumadas.",
        ),
    },
)


def on_get(view, **description):
    """Describe one view's GET; a fresh function, since list views share their parent's."""
    inherited = view.get

    def get(self, request, *args, **kwargs):
        return inherited(self, request, *args, **kwargs)

    view.get = extend_schema(**description)(get)


def describe(resources):
    """Attach each resource's description to its view (before the schema is generated)."""
    from . import serializers as catalog

    lists = {
        "procesos": ("Procesos electorales", catalog.ProcessSerializer, []),
        "cargos": ("Cargos del proceso actual", catalog.OfficeSerializer, []),
        "distritos": ("Distritos locales", catalog.DistrictSerializer, []),
        "municipios": ("Municipios", catalog.MunicipalitySerializer, []),
        "secciones": (
            "Secciones electorales (paginadas)",
            catalog.SectionSerializer,
            [
                OpenApiParameter("distrito", int, description="Clave de un distrito."),
                OpenApiParameter("municipio", int, description="Clave de un municipio."),
                OpenApiParameter("numero", int, description="Número de sección."),
                *PAGING,
            ],
        ),
        "partidos": ("Partidos políticos", catalog.PartySerializer, []),
        "coaliciones": ("Coaliciones y candidaturas comunes", catalog.CoalitionSerializer, []),
        "independientes": ("Candidaturas independientes", catalog.IndependentSerializer, []),
    }
    for name, (summary, serializer, parameters) in lists.items():
        title = "".join(part.capitalize() for part in name.split("-"))
        on_get(
            resources[name],
            operation_id=name,
            summary=summary,
            parameters=parameters,
            responses={200: page_of(f"Lista{title}", serializer()), **ERRORS},
            tags=["catálogos"],
        )
    on_get(
        resources["boleta"],
        operation_id="boleta",
        summary="Mi boleta",
        description="Las elecciones de la boleta de una sección, o de un municipio (y distrito), "
        "con sus candidaturas: lo mismo que la página /mi-boleta/.",
        parameters=[
            OpenApiParameter("seccion", int, description="Número de sección electoral."),
            text_parameter("municipio", "Clave del INEGI del municipio (p. ej. 05035)."),
            OpenApiParameter(
                "distrito", int, description="Número de distrito, si el municipio abarca varios."
            ),
        ],
        responses={200: BALLOT, **ERRORS},
        tags=["boleta y estadísticas"],
    )
    on_get(
        resources["estadisticas"],
        operation_id="estadisticas",
        summary="Estadísticas",
        description="Cada cifra de /estadisticas/, con la misma reserva de cifras pequeñas.",
        parameters=[
            text_parameter("cargo", "«slug» de un cargo."),
            text_parameter("partido", "«slug» de un partido o candidatura independiente."),
        ],
        responses={200: STATISTICS, **ERRORS},
        tags=["boleta y estadísticas"],
    )
    on_get(
        resources["datos-abiertos"],
        operation_id="datos_abiertos",
        summary="Archivos de datos abiertos",
        responses={
            200: inline_serializer(
                name="DatosAbiertos",
                fields={
                    "meta": inline_serializer(
                        name="DatosAbiertosMeta",
                        fields={"total_count": serializers.IntegerField()},
                    ),
                    "generado": serializers.DateTimeField(
                        allow_null=True, help_text="Cuándo se generaron; nulo si aún no."
                    ),
                    "items": serializers.ListField(child=catalog.OpenDataFileSerializer()),
                },
            ),
            **ERRORS,
        },
        tags=["datos abiertos"],
    )
    on_get(
        resources["vista-previa"],
        operation_id="vista_previa",
        summary="Vista previa de una candidatura no publicada",
        description="La última versión (borrador) de una candidatura, con la misma forma y los "
        "mismos campos públicos que su detalle. La ficha (`token`) la da el panel a moderación o "
        "al partido de esa candidatura; caduca en una hora y solo abre esa candidatura. "
        "Respuesta privada: `Cache-Control: private, no-store`.",
        parameters=[
            text_parameter("token", "Ficha firmada de vista previa que da el panel."),
            text_parameter("format", "Solo «json».", ["json"]),
        ],
        responses={200: CANDIDACY, 400: MESSAGE, 403: MESSAGE, 410: MESSAGE},
        tags=["vista previa"],
    )
