"""The public projection of a candidacy: every field the public may see, defined once.

Each `PublicField` carries its key (the open-data column and, unless `api_name` says otherwise,
the read API's name), its Spanish label and dictionary description, the INE column it fills (if
any) and how to read it. Every public surface reads from here: the API serializer
(`api.fields`), the open-data files (`opendata.writing`: CSV, XLSX, JSON, Popolo and INE's
curricular cells), the profile's JSON-LD (`public.schema_org`) and the data dictionary on the
open-data page. A model field that is not here is not public anywhere; adding one is one entry
below. `tests/public/test_projection.py` walks every surface and fails if one shows anything else.

A field belongs to the surfaces it declares: `open_data` (a flat cell, "" when empty), `api`
(JSON, None when empty) and `profile` (the public page). The orders of the existing contracts
(the files' columns, the API's keys) are the order of this list filtered by surface.

Consent: identity questionnaire answers never appear as fields; the only identity data a field
reads is the badges (`public.badges`), which apply the publication-consent rule, and INE's
identity sheet goes through `public.consent`. Never public: birth date, income, private contact
data, internal notes, original image uploads (only the photo rendition the profile shows).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from candidates.choices import FormulaRole
from candidates.images import open_photo

from .badges import REGISTRATION, public_badges_for


class Context:
    """What a field may need beyond the candidacy: the badges of the whole batch (computed once
    for a page of results or a chunk of a file, so never one query per row) and the absolute
    address prefix of links (WAGTAILADMIN_BASE_URL for files and API)."""

    def __init__(self, badges=None, base_url="", root_path="/"):
        self.badges = badges
        self.base_url = base_url
        self.root_path = root_path

    def badges_of(self, candidacy):
        if self.badges is None or candidacy.pk not in self.badges:
            return public_badges_for([candidacy])[candidacy.pk]
        return self.badges[candidacy.pk]


@dataclass(frozen=True)
class PublicField:
    key: str
    label: str
    description: str
    # The value for the read API (None when empty); also the flat value unless `flat` is given.
    value: Callable[[Any, Context], Any]
    flat: Callable[[Any, Context], Any] | None = None
    open_data: bool = True
    api: bool = True
    # Shown by the profile page (templates/candidates/candidacy_page.html); a field on no other
    # surface is still public, and declared here so that nothing public is left undeclared.
    profile: bool = True
    api_name: str | None = None
    ine: str | None = None  # the column of INE's CANDIDATOS sheet this field fills
    searchable: tuple[str, ...] = field(default=())  # model attributes the full-text index holds

    @property
    def api_key(self):
        return self.api_name or self.key

    def api_value(self, candidacy, context):
        return self.value(candidacy, context)

    def flat_value(self, candidacy, context):
        """The open-data cell: "" rather than None."""
        if self.flat is not None:
            return self.flat(candidacy, context)
        value = self.value(candidacy, context)
        return "" if value is None else value


# --- Readers shared by several fields --------------------------------------------------------


def proposal_texts(candidacy):
    """The two proposals as plain text, "" for a missing one (INE's PROPUESTA_1/PROPUESTA_2)."""
    texts = [child.block.text_of(child.value) for child in candidacy.proposals or []]
    return (texts + ["", ""])[:2]


def organization_name(candidacy):
    organization = candidacy.display_organization
    return organization.name if organization else None


def formula_type(candidacy):
    if candidacy.formula_role == FormulaRole.SUBSTITUTE:
        return "Suplente"
    return candidacy.formula_role_label


def display(name):
    """A choice field's Spanish label, None when unset."""

    def read(candidacy, _context):
        if not getattr(candidacy, name):
            return None
        return getattr(candidacy, f"get_{name}_display")()

    return read


def attribute(name):
    def read(candidacy, _context):
        return getattr(candidacy, name)

    return read


def site_root_path():
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    return site.root_page.url_path if site else "/"


def public_url(candidacy, base_url, root_path="/"):
    """The profile URL from the page's url_path, without a per-page site lookup."""
    path = candidacy.url_path
    if path.startswith(root_path):
        path = "/" + path[len(root_path) :]
    return f"{base_url}{path}"


def photo_url(candidacy, base_url):
    """The absolute address of the photo's public rendition ("" without a photo); a storage that
    already gives absolute URLs (a CDN bucket) keeps its own."""
    rendition = open_photo(candidacy)
    if rendition is None:
        return ""
    url = rendition.url
    return f"{base_url}{url}" if url.startswith("/") else url


def _photo(candidacy, _context):
    """The rendition the profile shows (made on publication), with the person's name as alt text;
    its address comes from WAGTAILADMIN_BASE_URL like the open-data files' (`foto_url`)."""
    rendition = open_photo(candidacy)
    if rendition is None:
        return None
    return {
        "url": rendition.full_url,
        "ancho": rendition.width,
        "alto": rendition.height,
        "alt": candidacy.title,
    }


def _badges(candidacy, context):
    return [
        {"slug": b.slug, "etiqueta": b.label, "origen": b.source}
        for b in context.badges_of(candidacy)
    ]


def _groups(candidacy, context):
    """Self-identification only: the registration group has its own column."""
    return ", ".join(b.label for b in context.badges_of(candidacy) if b.source != REGISTRATION)


def _catalog_ids(candidacy, _context):
    """The keys a re-user joins on: the API's catalog resources (/api/v2/cargos/ …) use them."""
    return {
        "proceso": candidacy.office.process_id,
        "cargo": candidacy.office_id,
        "distrito": candidacy.district_id,
        "municipio": candidacy.municipality_id,
        "partido": candidacy.party_id,
        "coalicion": candidacy.coalition_id,
        "independiente": candidacy.independent_id,
    }


def _networks(candidacy, _context):
    return [{"red": label, "url": url} for label, url in candidacy.social_links]


def _networks_flat(candidacy, _context):
    return ", ".join(url for _label, url in candidacy.social_links)


F = PublicField

FIELDS = [
    F("id", "Identificador", "Clave de la candidatura en Conóceles (estable).",
      lambda c, _: c.pk, api=False),
    F("nombre", "Nombre", "Nombre completo de la persona candidata.",
      attribute("title"), ine="NOMBRE_CANDIDATO"),
    F("foto", "Fotografía", "Dirección, tamaño y texto alternativo de la fotografía.",
      _photo, open_data=False),
    F("entidad", "Entidad", "Entidad federativa del proceso electoral.",
      lambda c, _: c.office.process.state_name, api=False, ine="ENTIDAD"),
    F("proceso", "Proceso electoral", "Nombre del proceso electoral.",
      lambda c, _: c.office.process.name),
    F("cargo", "Cargo", "Cargo al que se postula.", lambda c, _: c.office.name, ine="CARGO"),
    F("principio", "Principio", "MR (mayoría relativa) o RP (representación proporcional).",
      lambda c, _: c.office.principle),
    F("tipo", "Tipo", "Propietaria, Propietario o Suplente.",
      lambda c, _: formula_type(c), ine="TIPO_CANDIDATO"),
    F("distrito", "Distrito", "Distrito local como lo escribe el INE («15-CHETUMAL»).",
      lambda c, _: c.district.ine_label if c.district_id else None, ine="DISTRITO LOCAL"),
    F("municipio", "Municipio", "Municipio, solo para cargos municipales.",
      lambda c, _: c.municipality.name if c.municipality_id else None, ine="MUNICIPIO"),
    F("numero_lista", "Número de lista", "Posición en la lista de RP, si aplica.",
      attribute("list_position"), flat=lambda c, _: c.list_position or "",
      ine="NUM_LISTA_O_FORMULA"),
    F("circunscripcion", "Circunscripción", "Circunscripción de RP, si aplica.",
      lambda c, _: c.circumscription or "", api=False, ine="CIRCUNSCRIPCION"),
    F("postula", "Postula", "Partido, coalición, candidatura común o independiente.",
      lambda c, _: organization_name(c), ine="PARTIDO_COALICION"),
    F("partido", "Partido", "Siglas del partido al que corresponde la candidatura.",
      lambda c, _: c.party.acronym if c.party_id else None),
    F("sexo", "Sexo", "Mujer, Hombre o No binario.", display("sex"), ine="SEXO"),
    F("edad", "Edad", "Edad el día de la jornada (la fecha de nacimiento no se publica).",
      attribute("age"), ine="EDAD"),
    F("accion_afirmativa", "Acción afirmativa", "Grupo bajo el que se registró, si aplica.",
      display("affirmative_action"), ine="ACCION_AFIRMATIVA"),
    F("grupos", "Grupos (autoadscripción)", "Solo con consentimiento expreso de publicación.",
      _groups, api=False),
    F("insignias", "Insignias", "Acción afirmativa y autoadscripción consentida.",
      _badges, open_data=False),
    F("escolaridad", "Grado máximo de estudios", "Según el cuestionario curricular.",
      display("education_level"), ine="ESCOLARIDAD"),
    F("estatus_escolaridad", "Estatus del grado", "Título, cédula, certificado, etc.",
      display("education_status"), ine="ESTATUS_ESCOLARIDAD"),
    F("correo", "Correo electrónico público", "Correo público de campaña.",
      attribute("public_email"), ine="CORREO_ELECTRONICO"),
    F("telefono", "Teléfono público", "Teléfono público de campaña.",
      attribute("public_phone"), ine="TELEFONO"),
    F("pagina_web", "Página web", "Sitio web de la candidatura.",
      attribute("website"), ine="PAGINA_WEB"),
    F("redes", "Redes sociales", "Direcciones de redes sociales, separadas por comas.",
      _networks, flat=_networks_flat, ine="REDES"),
    F("domicilio_campana", "Domicilio de casa de campaña", "Dirección pública.",
      attribute("campaign_address"), ine="DIRECCION_CASA_CAMPAÑA"),
    F("video", "Video", "Video de presentación.", attribute("video_url"), open_data=False),
    F("motivo", "¿Por qué quiere ocupar un cargo público?", "Texto libre.",
      attribute("motivation"), ine="MOTIVO_CARGO_PUBLICO", searchable=("motivation",)),
    F("propuesta_1", "Propuesta 1", "Texto libre.",
      lambda c, _: proposal_texts(c)[0], api=False, ine="PROPUESTA_1"),
    F("propuesta_2", "Propuesta 2", "Texto libre.",
      lambda c, _: proposal_texts(c)[1], api=False, ine="PROPUESTA_2"),
    F("propuestas", "Propuestas", "Las dos propuestas, con título y texto.",
      lambda c, _: [dict(child.value) for child in c.proposals], open_data=False,
      searchable=("proposals_text",)),
    F("propuesta_genero", "Propuesta en materia de género", "Texto libre.",
      attribute("gender_proposal"), ine="PROPUESTA_GENERO", searchable=("gender_proposal",)),
    F("trayectoria_politica", "Trayectoria política", "Texto libre.",
      lambda c, _: c.trajectory_text(), ine="TRAYECTORIA_POLITICA",
      searchable=("trajectory_text",)),
    F("historia_profesional", "Historia profesional y/o laboral", "Texto libre.",
      lambda c, _: c.professional_text(), ine="HISTORIA_PROFESIONAL",
      searchable=("professional_text",)),
    F("cursos", "Cursos y otra formación", "Texto libre.",
      lambda c, _: c.courses_text(), ine="CURSOS"),
    F("url", "Perfil", "Dirección de la ficha pública de la candidatura.",
      lambda c, ctx: public_url(c, ctx.base_url, ctx.root_path), api=False),
    F("foto_url", "Fotografía",
      "Dirección de la fotografía que muestra la ficha pública (320 × 320 píxeles); "
      "vacío si la candidatura no tiene fotografía.",
      lambda c, ctx: photo_url(c, ctx.base_url), api=False),
    F("claves", "Claves de catálogo",
      "Identificadores del proceso, cargo, distrito, municipio, partido, coalición y candidatura "
      "independiente en los recursos de catálogo de la API (nulo si no aplica).",
      _catalog_ids, open_data=False, profile=False),
    F("ultima_publicacion", "Última publicación", "Fecha y hora de la última publicación.",
      attribute("last_published_at"), open_data=False),
    # Public on the profile only (the files and the API never carried them).
    F("estudios", "Estudios", "Estudios declarados en el cuestionario curricular.",
      lambda c, _: [block.block.text_of(block.value) for block in c.studies],
      open_data=False, api=False),
    F("tres_de_tres", "Documento «3 de 3»", "El PDF que la candidatura publicó.",
      lambda c, _: c.three_of_three.url if c.three_of_three_id else None,
      open_data=False, api=False),
    F("compromiso_anticorrupcion", "Compromiso contra la corrupción", "Sí o No.",
      attribute("commitment_against_corruption"), open_data=False, api=False),
    F("compromiso_no_discriminacion", "Compromiso contra la discriminación", "Sí o No.",
      attribute("commitment_against_discrimination"), open_data=False, api=False),
    # Last, so that the open-data files' earlier columns keep their positions.
    F("sobrenombre", "Sobrenombre", "Como se le conoce públicamente, si lo registró.",
      lambda c, _: c.alias or None, api=False, ine="SOBRENOMBRE"),
]  # fmt: skip

BY_KEY = {f.key: f for f in FIELDS}
OPEN_DATA_FIELDS = [f for f in FIELDS if f.open_data]
API_FIELDS = [f for f in FIELDS if f.api]
BY_INE_COLUMN = {f.ine: f for f in FIELDS if f.ine}
# The model attributes Wagtail's full-text index may hold (CandidacyPage.search_fields): public
# text only; tests/public/test_projection.py checks the model against this.
SEARCHABLE = ("title",) + tuple(name for f in FIELDS for name in f.searchable)


@dataclass(frozen=True)
class Column:
    """One column of the open-data dictionary (what the open-data page and files describe)."""

    key: str
    label: str
    description: str


COLUMNS = [Column(f.key, f.label, f.description) for f in OPEN_DATA_FIELDS]
KEYS = [c.key for c in COLUMNS]


def public_record(candidacy, badges, base_url="", root_path="/"):
    """{key: flat value} for one published candidacy (expects the public queryset's relations)."""
    context = Context(badges, base_url, root_path)
    return {f.key: f.flat_value(candidacy, context) for f in OPEN_DATA_FIELDS}


def ine_values(candidacy, columns):
    """{INE column: flat value} for the given INE columns, each read from its public field."""
    context = Context()
    return {column: BY_INE_COLUMN[column].flat_value(candidacy, context) for column in columns}
