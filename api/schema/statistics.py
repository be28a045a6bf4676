"""The shape of the statistics (/api/v2/estadisticas/): every figure with its suppression."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


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
