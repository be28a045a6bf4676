"""The public columns of `candidaturas.csv/.xlsx/.json`: an explicit allow-list with Spanish
descriptions that the open-data page shows as the data dictionary.

Nothing outside this list is ever written: never the birth date, never identity answers (only
the public badges from `identity.public`), never drafts, never an original image upload (only the
photo's public rendition, the one the profile shows).
"""

from dataclasses import dataclass

from candidates.choices import FormulaRole
from candidates.views.images import open_photo

from . import ine


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    description: str


def _org(c):
    return c.display_organization.name if c.display_organization else ""


COLUMNS = [
    Column("id", "Identificador", "Clave de la candidatura en Conóceles (estable)."),
    Column("nombre", "Nombre", "Nombre completo de la persona candidata."),
    Column("entidad", "Entidad", "Entidad federativa del proceso electoral."),
    Column("proceso", "Proceso electoral", "Nombre del proceso electoral."),
    Column("cargo", "Cargo", "Cargo al que se postula."),
    Column("principio", "Principio", "MR (mayoría relativa) o RP (representación proporcional)."),
    Column("tipo", "Tipo", "Propietaria, Propietario o Suplente."),
    Column("distrito", "Distrito", "Distrito local como lo escribe el INE («15-CHETUMAL»)."),
    Column("municipio", "Municipio", "Municipio, solo para cargos municipales."),
    Column("numero_lista", "Número de lista", "Posición en la lista de RP, si aplica."),
    Column("circunscripcion", "Circunscripción", "Circunscripción de RP, si aplica."),
    Column("postula", "Postula", "Partido, coalición, candidatura común o independiente."),
    Column("partido", "Partido", "Siglas del partido al que corresponde la candidatura."),
    Column("sexo", "Sexo", "Mujer, Hombre o No binario."),
    Column("edad", "Edad", "Edad el día de la jornada (la fecha de nacimiento no se publica)."),
    Column("accion_afirmativa", "Acción afirmativa", "Grupo bajo el que se registró, si aplica."),
    Column("grupos", "Grupos (autoadscripción)", "Solo con consentimiento expreso de publicación."),
    Column("escolaridad", "Grado máximo de estudios", "Según el cuestionario curricular."),
    Column("estatus_escolaridad", "Estatus del grado", "Título, cédula, certificado, etc."),
    Column("correo", "Correo electrónico público", "Correo público de campaña."),
    Column("telefono", "Teléfono público", "Teléfono público de campaña."),
    Column("pagina_web", "Página web", "Sitio web de la candidatura."),
    Column("redes", "Redes sociales", "Direcciones de redes sociales, separadas por comas."),
    Column("domicilio_campana", "Domicilio de casa de campaña", "Dirección pública."),
    Column("motivo", "¿Por qué quiere ocupar un cargo público?", "Texto libre."),
    Column("propuesta_1", "Propuesta 1", "Texto libre."),
    Column("propuesta_2", "Propuesta 2", "Texto libre."),
    Column("propuesta_genero", "Propuesta en materia de género", "Texto libre."),
    Column("trayectoria_politica", "Trayectoria política", "Texto libre."),
    Column("historia_profesional", "Historia profesional y/o laboral", "Texto libre."),
    Column("cursos", "Cursos y otra formación", "Texto libre."),
    Column("url", "Perfil", "Dirección de la ficha pública de la candidatura."),
    Column("foto_url", "Fotografía",
           "Dirección de la fotografía que muestra la ficha pública (320 × 320 píxeles); "
           "vacío si la candidatura no tiene fotografía."),
]  # fmt: skip
KEYS = [c.key for c in COLUMNS]


def site_root_path():
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    return site.root_page.url_path if site else "/"


def public_url(candidacy, base_url, root_path=None):
    """The profile URL from the page's url_path, without a per-page site lookup."""
    root_path = root_path or public_url.root_path
    path = candidacy.url_path
    if path.startswith(root_path):
        path = "/" + path[len(root_path) :]
    return f"{base_url}{path}"


public_url.root_path = "/"


def photo_url(candidacy, base_url):
    """The absolute address of the photo's public rendition ("" without a photo); a storage that
    already gives absolute URLs (a CDN bucket) keeps its own."""
    rendition = open_photo(candidacy)
    if rendition is None:
        return ""
    url = rendition.url
    return f"{base_url}{url}" if url.startswith("/") else url


def public_record(candidacy, badges, base_url=""):
    """{key: value} for one published candidacy (expects the public queryset's relations)."""
    first, second = ine._proposal_texts(candidacy)
    process = candidacy.office.process
    return {
        "id": candidacy.pk,
        "nombre": candidacy.title,
        "entidad": process.state_name,
        "proceso": process.name,
        "cargo": candidacy.office.name,
        "principio": candidacy.office.principle,
        "tipo": candidacy.formula_role_label
        if candidacy.formula_role != FormulaRole.SUBSTITUTE
        else "Suplente",
        "distrito": candidacy.district.ine_label if candidacy.district_id else "",
        "municipio": candidacy.municipality.name if candidacy.municipality_id else "",
        "numero_lista": candidacy.list_position or "",
        "circunscripcion": candidacy.circumscription or "",
        "postula": _org(candidacy),
        "partido": candidacy.party.acronym if candidacy.party_id else "",
        "sexo": candidacy.get_sex_display(),
        "edad": candidacy.age if candidacy.age is not None else "",
        "accion_afirmativa": candidacy.get_affirmative_action_display()
        if candidacy.affirmative_action
        else "",
        "grupos": ", ".join(
            b.label for b in badges.get(candidacy.pk, []) if b.source != "registro"
        ),
        "escolaridad": candidacy.get_education_level_display() if candidacy.education_level else "",
        "estatus_escolaridad": candidacy.get_education_status_display()
        if candidacy.education_status
        else "",
        "correo": candidacy.public_email,
        "telefono": candidacy.public_phone,
        "pagina_web": candidacy.website,
        "redes": ", ".join(url for _l, url in candidacy.social_links),
        "domicilio_campana": candidacy.campaign_address,
        "motivo": candidacy.motivation,
        "propuesta_1": first,
        "propuesta_2": second,
        "propuesta_genero": candidacy.gender_proposal,
        "trayectoria_politica": candidacy.trajectory_text(),
        "historia_profesional": candidacy.professional_text(),
        "cursos": candidacy.courses_text(),
        "url": public_url(candidacy, base_url),
        "foto_url": photo_url(candidacy, base_url),
    }
