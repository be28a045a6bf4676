"""The profile's schema.org `Person` (JSON-LD), built from the public projection's values.

Only what the projection publishes: name, the office sought, the postulating organisation, the
photo's public rendition and the public links. Never the birth date, the sex or any identity data.
"""

import json

from django.utils.safestring import mark_safe

from candidates.images import PROFILE_PHOTO_SPECS

from .projection import BY_KEY, Context


def person(candidacy, request):
    """schema.org Person as a dict; the page's own absolute URL, not the files' base URL."""
    context = Context({candidacy.pk: []})

    def value(key):
        return BY_KEY[key].api_value(candidacy, context)

    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": value("nombre"),
        "url": request.build_absolute_uri(candidacy.url),
        "jobTitle": f"Candidatura a {value('cargo')}",
    }
    organization = value("postula")
    if candidacy.display_organization is not None:
        data["affiliation"] = {"@type": "Organization", "name": organization or ""}
    if candidacy.photo_id and candidacy.photo is not None:
        rendition = candidacy.photo.get_renditions(*PROFILE_PHOTO_SPECS)[PROFILE_PHOTO_SPECS[0]]
        data["image"] = request.build_absolute_uri(rendition.url)
    same_as = [network["url"] for network in value("redes")]
    if value("pagina_web"):
        same_as.insert(0, value("pagina_web"))
    if same_as:
        data["sameAs"] = same_as
    return data


def json_ld(candidacy, request):
    """The Person as a <script> body: JSON with every HTML-significant character escaped."""
    text = json.dumps(person(candidacy, request), ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return mark_safe(text)  # noqa: S308 - JSON with every HTML-significant character escaped
