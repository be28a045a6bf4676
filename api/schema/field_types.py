"""Each public candidacy field's JSON type, nullability and enum values.

Descriptions come from the public projection (`public.projection`): the label and description a
person reads in the open-data dictionary are the ones a developer reads here; this module adds
only what the projection does not say.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from candidates.choices import AffirmativeAction, EducationLevel, EducationStatus, Sex

from ..fields import ProjectionField


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
