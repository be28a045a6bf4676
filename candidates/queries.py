"""The one definition of what the public may see, shared by every public surface."""

from .models import CandidacyPage
from .restrictions import private_q

CARD_RELATIONS = ("office", "district", "party", "coalition", "independent", "photo")


def public_candidacies():
    """Published, publicly viewable candidacies with what a card or a row needs, in one query.

    Publicly viewable: outside every private section, as Wagtail's `public()` decides, from the
    restrictions read once per request (candidates.restrictions).
    """
    return CandidacyPage.objects.live().exclude(private_q()).select_related(*CARD_RELATIONS)


# The questionnaire's long texts: most of a candidacy row's bytes, shown only on its profile.
LONG_TEXTS = (
    "motivation",
    "gender_proposal",
    "proposals",
    "political_trajectory",
    "professional_history",
    "studies",
    "courses",
)


def public_cards():
    """`public_candidacies()` for cards and lists of names: without the long texts, which
    every card row would otherwise carry from the database (24 StreamFields per listing page)."""
    return public_candidacies().defer(*LONG_TEXTS)


_CATALOG_RELATIONS = (
    ("office", "offices"),
    ("district", "districts"),
    ("party", "parties"),
    ("coalition", "coalitions"),
    ("independent", "independents"),
)


def attach_catalog(candidacies, catalog):
    """Set the office, district, municipality, party, coalition and independent of each
    candidacy from the cached public catalog (candidates.filters.public_catalog) instead of
    joining their tables again.

    Planning a query that joins a candidacy to its nine catalog tables costs PostgreSQL more
    than running it (4-6 ms of a profile's SQL per query, for rows that change only before
    publication and are cached already). Returns False, leaving every candidacy untouched,
    when one of them points at a row the catalog does not hold (another process's candidacy,
    or a catalog changed since it was cached): its relations then load as usual.
    """
    candidacies = list(candidacies)
    by_pk = {name: {row.pk: row for row in catalog[key]} for name, key in _CATALOG_RELATIONS}
    by_pk["municipality"] = {m.pk: m for m, _ in catalog["municipalities"]}
    found = []
    for candidacy in candidacies:
        values = {}
        for name in (*by_pk,):
            pk = getattr(candidacy, f"{name}_id")
            if pk is None:
                values[name] = None
            elif pk in by_pk[name]:
                values[name] = by_pk[name][pk]
            else:
                return False
        found.append(values)
    process = catalog["process"]
    office_process = CandidacyPage._meta.get_field("office").related_model._meta.get_field(
        "process"
    )
    for office in catalog["offices"]:
        office_process.set_cached_value(office, process)
    for candidacy, values in zip(candidacies, found, strict=True):
        for name, value in values.items():
            CandidacyPage._meta.get_field(name).set_cached_value(candidacy, value)
    return True
