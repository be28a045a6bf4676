"""The catalog resources' JSON, field by field, described in Spanish for the OpenAPI schema.

Catalog entries are public registration data (the institute publishes them in its agreements);
each one says only what the public site already shows. Codes are Spanish (`ambito`:
`estatal`, `distrito`, `municipio`, `lista`) so that a client never meets an internal value.
"""

from django.urls import reverse

from rest_framework import serializers

from elections.models import CoalitionKind, OfficeScope, Principle

SCOPES = {
    OfficeScope.STATE: "estatal",
    OfficeScope.DISTRICT: "distrito",
    OfficeScope.MUNICIPALITY: "municipio",
    OfficeScope.LIST: "lista",
}


def ids(help_text):
    return serializers.ListField(child=serializers.IntegerField(), help_text=help_text)


class ProcessDatesSerializer(serializers.Serializer):
    inicio = serializers.DateField(source="starts_on", help_text="Inicio del proceso electoral.")
    inicio_registro = serializers.DateField(
        source="registration_starts_on", help_text="Inicio del registro de candidaturas."
    )
    fin_registro = serializers.DateField(
        source="registration_ends_on", help_text="Fin del registro de candidaturas."
    )
    inicio_campanas = serializers.DateField(
        source="campaign_starts_on", help_text="Inicio de las campañas."
    )
    fin_campanas = serializers.DateField(source="campaign_ends_on", help_text="Fin de campañas.")
    jornada = serializers.DateField(source="election_day", help_text="Día de la jornada electoral.")


class ProcessSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del proceso (clave `proceso`).")
    nombre = serializers.CharField(source="name", help_text="Nombre del proceso electoral.")
    slug = serializers.CharField(
        help_text="Identificador legible, estable: valor del parámetro «proceso» de los demás "
        "recursos."
    )
    entidad = serializers.CharField(source="state_name", help_text="Entidad federativa.")
    instituto = serializers.CharField(
        source="institute_name", help_text="Organismo público local que organiza el proceso."
    )
    siglas_instituto = serializers.CharField(
        source="institute_acronym", help_text="Siglas del instituto."
    )
    fechas = ProcessDatesSerializer(source="*", help_text="Fechas del calendario electoral.")
    captura_abre = serializers.DateTimeField(
        source="capture_opens_at", help_text="Apertura de la captura de los partidos."
    )
    captura_cierra = serializers.DateTimeField(
        source="capture_closes_at", help_text="Cierre de la captura de los partidos."
    )
    captura_abierta = serializers.SerializerMethodField(
        help_text="Si la captura está abierta en este momento."
    )
    publicacion_inicio = serializers.DateField(
        source="publish_start", help_text="Primer día de publicación de las candidaturas."
    )
    publicacion_hasta = serializers.DateField(
        source="online_until", help_text="Último día en que las candidaturas siguen en línea."
    )
    en_publicacion = serializers.SerializerMethodField(
        help_text="Si hoy está dentro del periodo de publicación."
    )
    minimo_celda_estadistica = serializers.IntegerField(
        source="statistics_min_cell",
        help_text="Cifra mínima que las estadísticas muestran; las menores se reservan.",
    )
    actual = serializers.SerializerMethodField(
        help_text="Si es el proceso actual: el que responden los demás recursos cuando se omite "
        "«proceso»."
    )
    archivo = serializers.SerializerMethodField(
        help_text="Si su periodo de publicación terminó: sigue consultable con "
        "«?proceso=<slug>», como archivo."
    )

    def get_captura_abierta(self, process) -> bool:
        return process.capture_window_is_open()

    def get_en_publicacion(self, process) -> bool:
        return process.is_publication_period()

    def get_actual(self, process) -> bool:
        return process.pk == self.context.get("current")

    def get_archivo(self, process) -> bool:
        return process.is_archive()


class OfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del cargo (clave `cargo`).")
    nombre = serializers.CharField(source="name", help_text="Nombre del cargo.")
    nombre_corto = serializers.CharField(source="short_name", help_text="Nombre corto.")
    slug = serializers.CharField(help_text="Valor del filtro `cargo` de candidaturas.")
    principio = serializers.ChoiceField(
        source="principle",
        choices=Principle.choices,
        help_text="MR: mayoría relativa; RP: representación proporcional.",
    )
    ambito = serializers.SerializerMethodField(
        help_text="Dónde se vota: estatal (toda la entidad), distrito, municipio o lista de RP."
    )
    cargos_a_elegir = serializers.IntegerField(source="seats", help_text="Cargos a elegir.")
    con_suplente = serializers.BooleanField(
        source="has_substitutes", help_text="Si se registra en fórmula con suplente."
    )
    proceso = serializers.IntegerField(source="process_id", help_text="Clave del proceso.")

    def get_ambito(self, office) -> str:
        return SCOPES[office.scope]


class DistrictSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del distrito (clave `distrito`).")
    numero = serializers.IntegerField(source="number", help_text="Número del distrito local.")
    cabecera = serializers.CharField(source="head_town", help_text="Cabecera distrital.")
    etiqueta_ine = serializers.CharField(
        source="ine_label", help_text="Como lo escribe el INE («15-CHETUMAL»)."
    )
    municipios = serializers.SerializerMethodField(
        help_text="Claves de los municipios que abarca, en orden."
    )

    def get_municipios(self, district) -> list[int]:
        # From the process's cached catalog (api.resources.DistrictsResource): no query.
        return sorted(self.context["municipalities_of"].get(district.pk, []))


class MunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del municipio (clave `municipio`).")
    clave_inegi = serializers.CharField(
        source="inegi_code", help_text="Clave del INEGI; valor del parámetro `municipio` de boleta."
    )
    nombre = serializers.CharField(source="name", help_text="Nombre del municipio.")
    slug = serializers.CharField(help_text="Valor del filtro `municipio` de candidaturas.")
    distritos = serializers.SerializerMethodField(
        help_text="Claves de los distritos del proceso consultado que lo abarcan."
    )

    def get_distritos(self, municipality) -> list[int]:
        # From the process's cached catalog (api.resources.MunicipalitiesResource): no query.
        return sorted(self.context["districts_of"].get(municipality.pk, []))


class SectionDistrictSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Clave del distrito.")
    numero = serializers.IntegerField(source="number", help_text="Número del distrito.")


class SectionMunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Clave del municipio.")
    nombre = serializers.CharField(source="name", help_text="Nombre del municipio.")
    clave_inegi = serializers.CharField(source="inegi_code", help_text="Clave del INEGI.")


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador de la sección.")
    numero = serializers.IntegerField(
        source="number", help_text="Número de la sección electoral (valor de `seccion` en boleta)."
    )
    distrito = SectionDistrictSerializer(
        source="district", help_text="Distrito local de la sección."
    )
    municipio = SectionMunicipalitySerializer(
        source="municipality", help_text="Municipio de la sección."
    )


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador del partido (clave `partido`).")
    nombre = serializers.CharField(source="name", help_text="Nombre del partido.")
    siglas = serializers.CharField(source="acronym", help_text="Siglas del partido.")
    slug = serializers.CharField(help_text="Valor del filtro `partido` de candidaturas.")
    local = serializers.BooleanField(source="is_local", help_text="Si es partido político local.")
    color = serializers.CharField(help_text="Color institucional (hexadecimal), o vacío.")


class SigladoSerializer(serializers.Serializer):
    cargo = serializers.IntegerField(source="office_id", help_text="Clave del cargo.")
    distrito = serializers.IntegerField(
        source="district_id", allow_null=True, help_text="Clave del distrito; nulo si no aplica."
    )
    partido = serializers.IntegerField(
        source="party_id", help_text="Clave del partido que postula a la candidatura."
    )


class CoalitionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador (clave `coalicion`).")
    nombre = serializers.CharField(source="name", help_text="Nombre de la coalición.")
    slug = serializers.CharField(help_text="Valor del filtro `partido` de candidaturas.")
    tipo = serializers.ChoiceField(
        source="kind",
        choices=CoalitionKind.choices,
        help_text="coalicion (coalición) o comun (candidatura común).",
    )
    partidos = serializers.SerializerMethodField(help_text="Claves de los partidos que la forman.")
    cargos = serializers.SerializerMethodField(help_text="Claves de los cargos que postula.")
    distritos = serializers.SerializerMethodField(help_text="Claves de los distritos que postula.")
    siglado = SigladoSerializer(
        many=True, source="siglado.all", help_text="Qué partido postula en cada cargo y distrito."
    )

    def get_partidos(self, coalition) -> list[int]:
        return sorted(p.pk for p in coalition.members.all())

    def get_cargos(self, coalition) -> list[int]:
        return sorted(o.pk for o in coalition.offices.all())

    def get_distritos(self, coalition) -> list[int]:
        return sorted(d.pk for d in coalition.districts.all())


class IndependentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identificador (clave `independiente`).")
    nombre = serializers.CharField(source="name", help_text="Nombre de la candidatura.")
    slug = serializers.CharField(help_text="Valor del filtro `partido` de candidaturas.")
    cargo = serializers.IntegerField(source="office_id", help_text="Clave del cargo.")
    distrito = serializers.IntegerField(
        source="district_id", allow_null=True, help_text="Clave del distrito; nulo si no aplica."
    )
    proceso = serializers.IntegerField(source="process_id", help_text="Clave del proceso.")


class OpenDataFileSerializer(serializers.Serializer):
    nombre = serializers.CharField(help_text="Nombre del archivo.")
    titulo = serializers.CharField(help_text="Título del archivo.")
    formato = serializers.CharField(help_text="Tipo de medio (MIME) del archivo.")
    descripcion = serializers.CharField(help_text="Qué contiene.")
    filas = serializers.IntegerField(
        allow_null=True, help_text="Filas de datos (candidaturas); nulo si no se registró."
    )
    bytes = serializers.IntegerField(help_text="Tamaño en bytes.")
    sha256 = serializers.CharField(help_text="Suma SHA-256 del archivo, en hexadecimal.")
    generado = serializers.DateTimeField(help_text="Fecha y hora en que se generó.")
    url = serializers.CharField(help_text="Dirección de descarga.")


def open_data_entry(entry, process_slug=None):
    """One manifest entry in the API's names (the manifest is the files' own description)."""
    return {
        "nombre": entry["name"],
        "titulo": entry.get("title", ""),
        "formato": entry.get("media_type", ""),
        "descripcion": entry.get("description", ""),
        "filas": entry.get("rows"),
        "bytes": entry["bytes"],
        "sha256": entry["sha256"],
        "generado": entry["generated_at"],
        "url": (
            reverse("opendata:process_file", args=[process_slug, entry["name"]])
            if process_slug
            else reverse("opendata:file", args=[entry["name"]])
        ),
    }
