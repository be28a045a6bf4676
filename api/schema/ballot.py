"""The shape of «Mi boleta» (/api/v2/boleta/)."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from ..fields import ProjectionField

PLACE = {
    "id": serializers.IntegerField(help_text="Clave."),
}


def ballot_candidacy_fields():
    from ..candidacies import SUMMARY_FIELDS

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
