"""The read API's allow-list: every public field by name, nothing else.

Kept here rather than as `CandidacyPage.api_fields` so the whole public contract of the API is
in one place; the names match the open-data dictionary (opendata/dictionary.py). Never the birth
date, never an identity answer: only the badges that `identity.public` decides are public.
Never an image id either: the photo is the public rendition's address, not the image object.
"""

from wagtail.api import APIField

from rest_framework import serializers

from candidates.views.images import open_photo


class BadgesField(serializers.Field):
    """Public badges, precomputed for the whole page of results by the view (no N+1)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        badges = self.context.get("badges")
        if badges is None or page.pk not in badges:
            from identity.public import public_badges_for

            badges = public_badges_for([page])
        return [{"slug": b.slug, "etiqueta": b.label, "origen": b.source} for b in badges[page.pk]]


class DisplayField(serializers.Field):
    """A choice field's Spanish label (get_FOO_display)."""

    def __init__(self, field, **kwargs):
        self.choice_field = field
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        if not getattr(page, self.choice_field):
            return None
        return getattr(page, f"get_{self.choice_field}_display")()


class MethodField(serializers.Field):
    def __init__(self, function, **kwargs):
        self.function = function
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        return self.function(page)


def _org(page):
    organization = page.display_organization
    return organization.name if organization else None


def _type(page):
    return "Suplente" if page.formula_role == "suplente" else page.formula_role_label


def _photo(page):
    """The rendition the profile shows (made on publication), with the person's name as alt text;
    its address comes from WAGTAILADMIN_BASE_URL like the open-data files' (`foto_url`)."""
    rendition = open_photo(page)
    if rendition is None:
        return None
    return {
        "url": rendition.full_url,
        "ancho": rendition.width,
        "alto": rendition.height,
        "alt": page.title,
    }


def _char(source):
    return serializers.CharField(source=source, read_only=True, allow_null=True)


API_FIELDS = [
    APIField("nombre", serializers.CharField(source="title", read_only=True)),
    APIField("foto", MethodField(_photo)),
    APIField("proceso", _char("office.process.name")),
    APIField("cargo", _char("office.name")),
    APIField("principio", _char("office.principle")),
    APIField("tipo", MethodField(_type)),
    APIField("distrito", MethodField(lambda p: p.district.ine_label if p.district_id else None)),
    APIField("municipio", MethodField(lambda p: p.municipality.name if p.municipality else None)),
    APIField("numero_lista", serializers.IntegerField(source="list_position", read_only=True)),
    APIField("postula", MethodField(_org)),
    APIField("partido", MethodField(lambda p: p.party.acronym if p.party_id else None)),
    APIField("sexo", DisplayField("sex")),
    APIField("edad", serializers.IntegerField(source="age", read_only=True)),
    APIField("accion_afirmativa", DisplayField("affirmative_action")),
    APIField("insignias", BadgesField()),
    APIField("escolaridad", DisplayField("education_level")),
    APIField("estatus_escolaridad", DisplayField("education_status")),
    APIField("correo", _char("public_email")),
    APIField("telefono", _char("public_phone")),
    APIField("pagina_web", _char("website")),
    APIField("redes", MethodField(lambda p: [{"red": k, "url": u} for k, u in p.social_links])),
    APIField("domicilio_campana", _char("campaign_address")),
    APIField("video", _char("video_url")),
    APIField("motivo", _char("motivation")),
    APIField("propuestas", MethodField(lambda p: [dict(c.value) for c in p.proposals])),
    APIField("propuesta_genero", _char("gender_proposal")),
    APIField("trayectoria_politica", MethodField(lambda p: p.trajectory_text())),
    APIField("historia_profesional", MethodField(lambda p: p.professional_text())),
    APIField("cursos", MethodField(lambda p: p.courses_text())),
    APIField("ultima_publicacion", serializers.DateTimeField(source="last_published_at")),
]  # fmt: skip

LISTING_DEFAULT_FIELDS = [
    "id", "type", "detail_url", "nombre", "cargo", "distrito", "municipio", "postula",
    "partido", "sexo", "edad", "foto",
]  # fmt: skip
