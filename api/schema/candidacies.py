"""The candidacy as the API may send it, the error body, the paged list, and the candidacies'
listing and detail operations."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers

from public.projection import API_FIELDS

from ..fields import ProjectionField
from .parameters import CANDIDACY_FILTERS, PAGING, text_parameter


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


candidacy_listing_schema = extend_schema(
    operation_id="candidaturas_lista",
    summary="Candidaturas publicadas",
    description="Candidaturas publicadas de un proceso (el actual, u otro con «proceso»), en el "
    "orden del listado público: cargo, distrito, lugar en la lista, partido, fórmula y nombre. "
    "Con «q», a lo más las 1000 que mejor coinciden, en ese mismo orden.",
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
