"""Template helpers of the public site: responsive photos, emblems, query strings."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from candidates.images import CARD_PHOTO_SPECS, EMBLEM_SPECS, PROFILE_PHOTO_SPECS
from candidates.models.candidacy import NOT_APPLICABLE, NOT_PROVIDED

register = template.Library()

SIZES = {"card": (CARD_PHOTO_SPECS, 160), "profile": (PROFILE_PHOTO_SPECS, 320)}

AVATAR_SVG = (
    '<svg class="avatar{}" width="{}" height="{}" viewBox="0 0 64 64" role="img" '
    'aria-label="{}"><rect width="64" height="64" fill="#E6EAF0"/>'
    '<circle cx="32" cy="25" r="12" fill="#9AA5B4"/>'
    '<path d="M10 60c2-13 11-20 22-20s20 7 22 20z" fill="#9AA5B4"/></svg>'
)


@register.simple_tag(takes_context=True)
def cards(context, candidacies):
    """The candidacies' cards (candidates/_card.html), kept until the next publication."""
    from candidates.card_cache import rendered_cards

    return rendered_cards(context, candidacies)


@register.simple_tag
def candidacy_photo(candidacy, size="card", css_class=""):
    """The photo as <img srcset> with width and height, or a neutral avatar when there is none."""
    specs, width = SIZES[size]
    label = f"Fotografía de {candidacy.title}"
    extra = f" {css_class}" if css_class else ""
    if not candidacy.photo_id or candidacy.photo is None:
        return format_html(
            AVATAR_SVG,
            extra,
            width,
            width,
            f"{candidacy.title}: sin fotografía",
        )
    renditions = list(candidacy.photo.get_renditions(*specs).values())
    small, large = renditions[0], renditions[-1]
    return format_html(
        '<img class="photo{}" src="{}" srcset="{} {}w, {} {}w" sizes="{}px" width="{}" '
        'height="{}" alt="{}" loading="lazy" decoding="async">',
        extra,
        small.url,
        small.url,
        small.width,
        large.url,
        large.width,
        width,
        width,
        width,
        label,
    )


@register.simple_tag
def emblem(organization, height=32):
    """The party, coalition or independent emblem; an accessible acronym chip when it has none."""
    if organization is None:
        return ""
    name = getattr(organization, "name", str(organization))
    short = getattr(organization, "acronym", "") or _initials(name)
    color = getattr(organization, "color", "#555555") or "#555555"
    image = getattr(organization, "emblem", None)
    if image is not None:
        rendition = image.get_renditions(*EMBLEM_SPECS)[EMBLEM_SPECS[0]]
        scaled_width = max(1, round(rendition.width * height / max(rendition.height, 1)))
        return format_html(
            '<img class="emblem" src="{}" width="{}" height="{}" alt="Emblema de {}">',
            rendition.url,
            scaled_width,
            height,
            name,
        )
    return format_html(
        '<span class="emblem emblem--chip" data-org-color="{}" title="{}">'
        '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></span>',
        color,
        name,
        short,
        name,
    )


def _initials(name):
    words = [w for w in name.split() if len(w) > 2 and w[0].isupper()]
    return "".join(w[0] for w in words[:3]) or name[:3].upper()


@register.filter
def or_not_provided(value):
    """The institute's wording for an empty public field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return not_provided()
    return value


@register.simple_tag
def not_provided():
    return format_html('<span class="not-provided">{}</span>', NOT_PROVIDED)


@register.simple_tag
def not_applicable():
    return NOT_APPLICABLE


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes them)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_without(context, name, value=None):
    """The current query string without one parameter (or one of its values); page reset."""
    params = context["request"].GET.copy()
    if value is None:
        params.pop(name, None)
    else:
        params.setlist(name, [v for v in params.getlist(name) if v != str(value)])
    params.pop("pagina", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def actor_cards(actor_page, limit=48):
    """Cards of a capturing actor's public candidacies, for its Wagtail page (constant queries)."""
    from candidates.images import with_images
    from candidates.queries import public_candidacies
    from candidates.views.listing import PUBLIC_ORDER
    from public.badges import public_badges_for

    queryset = public_candidacies().descendant_of(actor_page).order_by(*PUBLIC_ORDER)
    candidacies = list(with_images(queryset)[:limit])
    return {"candidacies": candidacies, "badges": public_badges_for(candidacies)}


@register.simple_tag
def compare_url(*candidacies):
    """/comparar/?c=…&c=… for up to four candidacies (rows, lists of rows, or a `CardRows`)."""
    from candidates.card_cache import CardRows

    ids = []
    for candidacy in candidacies:
        if isinstance(candidacy, CardRows):
            ids.extend(candidacy.keys)
        elif isinstance(candidacy, list | tuple):
            ids.extend(c.pk for c in candidacy)
        elif candidacy is not None:
            ids.append(candidacy.pk)
    ids = list(dict.fromkeys(ids))[:4]
    return "/comparar/?" + urlencode([("c", pk) for pk in ids])


@register.simple_tag
def badge_list(badges):
    if not badges:
        return ""
    return format_html(
        '<ul class="badges" aria-label="Grupos">{}</ul>',
        format_html_join(
            "", '<li class="badge badge--{}">{}</li>', ((b.slug, b.label) for b in badges)
        ),
    )


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def education_label(value):
    from candidates.choices import EducationLevel

    return dict(EducationLevel.choices).get(value, value or "")


@register.filter
def education_status_label(value):
    from candidates.choices import EducationStatus

    return dict(EducationStatus.choices).get(value, value or "")
