"""Image renditions the public pages use, prefetched with the rows and generated on publication.

Every public page asks only for these specs, so a listing fetches all of its renditions in one
query per relation, and no visitor ever waits for (or writes) a rendition.
"""

from django.db.models import Prefetch

from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

CARD_PHOTO_SPECS = ("fill-160x160-c100", "fill-320x320-c100")
PROFILE_PHOTO_SPECS = ("fill-320x320-c100", "fill-640x640-c100")
EMBLEM_SPECS = ("max-96x96",)
PHOTO_SPECS = tuple(dict.fromkeys(CARD_PHOTO_SPECS + PROFILE_PHOTO_SPECS))
# The one rendition the read API and the open-data files link to: the profile's own `src` (and its
# JSON-LD image), so re-users get a file that publication already made, never the original upload.
OPEN_PHOTO_SPEC = PROFILE_PHOTO_SPECS[0]


def _renditions(specs):
    return get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)


def rendition_prefetches(photo_specs=CARD_PHOTO_SPECS):
    """The prefetches of the photo's and the emblems' renditions a public page shows (they
    follow relations already loaded, joined or attached from the catalog)."""
    return (
        Prefetch("photo__renditions", queryset=_renditions(photo_specs)),
        Prefetch("party__emblem__renditions", queryset=_renditions(EMBLEM_SPECS)),
        Prefetch("coalition__emblem__renditions", queryset=_renditions(EMBLEM_SPECS)),
        Prefetch("independent__emblem__renditions", queryset=_renditions(EMBLEM_SPECS)),
    )


def with_images(queryset, photo_specs=CARD_PHOTO_SPECS):
    """The candidacies with their photo and emblems, and those images' renditions prefetched."""
    return queryset.select_related(
        "party__emblem", "coalition__emblem", "independent__emblem"
    ).prefetch_related(*rendition_prefetches(photo_specs))


def open_photo_prefetch():
    """For a queryset or a chunk of rows: every photo's open rendition in one query."""
    return Prefetch("photo__renditions", queryset=_renditions((OPEN_PHOTO_SPEC,)))


def open_photo(candidacy):
    """The rendition of the photo that the API and open data publish, or None without one.

    A missing source file must not break a whole listing or export, so it reads as no photo.
    """
    if not candidacy.photo_id or candidacy.photo is None:
        return None
    try:
        return candidacy.photo.get_rendition(OPEN_PHOTO_SPEC)
    except SourceImageIOError:
        return None


def generate_public_renditions(candidacy):
    """Create every rendition a public page may show of this candidacy (on publication)."""
    if candidacy.photo_id:
        candidacy.photo.get_renditions(*PHOTO_SPECS)
    for organization in (candidacy.party, candidacy.coalition, candidacy.independent):
        emblem = getattr(organization, "emblem", None) if organization else None
        if emblem is not None:
            emblem.get_renditions(*EMBLEM_SPECS)
