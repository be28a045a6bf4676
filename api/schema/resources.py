"""Each resource's operation (summary, parameters, responses), attached to its view."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers

from .ballot import BALLOT
from .candidacies import CANDIDACY, ERRORS, MESSAGE, page_of
from .parameters import PAGING, PROCESS, text_parameter
from .statistics import STATISTICS


def on_get(view, **description):
    """Describe one view's GET; a fresh function, since list views share their parent's."""
    inherited = view.get

    def get(self, request, *args, **kwargs):
        return inherited(self, request, *args, **kwargs)

    view.get = extend_schema(**description)(get)


def describe(resources):
    """Attach each resource's description to its view (before the schema is generated)."""
    from .. import serializers as catalog

    lists = {
        "procesos": ("Procesos electorales", catalog.ProcessSerializer, []),
        "cargos": ("Cargos del proceso", catalog.OfficeSerializer, [PROCESS]),
        "distritos": ("Distritos locales", catalog.DistrictSerializer, [PROCESS]),
        "municipios": ("Municipios de la entidad", catalog.MunicipalitySerializer, [PROCESS]),
        "secciones": (
            "Secciones electorales (paginadas)",
            catalog.SectionSerializer,
            [
                PROCESS,
                OpenApiParameter("distrito", int, description="Clave de un distrito."),
                OpenApiParameter("municipio", int, description="Clave de un municipio."),
                OpenApiParameter("numero", int, description="Número de sección."),
                *PAGING,
            ],
        ),
        "partidos": ("Partidos políticos", catalog.PartySerializer, [PROCESS]),
        "coaliciones": (
            "Coaliciones y candidaturas comunes",
            catalog.CoalitionSerializer,
            [PROCESS],
        ),
        "independientes": (
            "Candidaturas independientes",
            catalog.IndependentSerializer,
            [PROCESS],
        ),
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
            PROCESS,
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
            PROCESS,
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
        description=(
            "Sin «proceso», los archivos de todos los procesos (cada fila dice el suyo); con "
            "«proceso», los de ese proceso (lista vacía si aún no tiene candidaturas publicadas)."
        ),
        parameters=[
            text_parameter(
                "proceso",
                "«slug» de un proceso de /api/v2/procesos/; sin él, los archivos de todos los "
                "procesos. Un «slug» desconocido responde 404.",
            )
        ],
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
