"""The context of a candidacy's public profile (CandidacyPage.get_context calls this).

What the profile publishes about the person is the public projection's: badges from
`public.badges`, the JSON-LD from `public.schema_org`; the rest is the contest around them.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, prefetch_related_objects

from elections.models import OfficeScope
from public.badges import public_badges
from public.schema_org import json_ld
from site_conoceles.precompiled import PrecompiledQuery

from ..choices import FormulaRole
from ..counts import publication_version
from ..filters import public_catalog
from ..images import PHOTO_SPECS, rendition_prefetches, with_images
from ..process_scope import prefix_for
from ..queries import attach_catalog, public_candidacies, public_cards
from ..restrictions import restrictions_key

CONTEST_LIMIT = 12
# How a profile sorts its rivals; publishing.purge sorts the same way to know who shows whom.
# The stored public order (candidates.ordering): within one contest, the list position (lists
# only: every list's head first), the party's number, the name; the (office, public_order)
# index serves it without sorting a statewide contest's thousands of rows.
RIVAL_ORDER = ("public_order", "pk")
# The columns a profile reads of its fórmula partner: building the SQL for the ninety columns
# of a candidacy and its page was a third of a profile's CPU time.
PARTNER_FIELDS = ("title", "url_path")


def formula_partner(candidacy):
    """The other person of the fórmula when their page is public too; one query. The profile
    links to them by name: no relation is joined.

    An office registered without substitutes has no fórmula (candidates.validation refuses a
    substitute for it): its principals are not looked up."""
    if (
        not candidacy.office.has_substitutes
        and candidacy.substitute_id is None
        and candidacy.formula_role != FormulaRole.SUBSTITUTE
    ):
        return None
    # A new page's preview has no key yet: no one names it as their fórmula.
    values = {"pk": candidacy.pk, "substitute_id": candidacy.substitute_id}
    values = {name: value for name, value in values.items() if value}
    if not values:
        return None
    found = _PARTNER.instances(variant=restrictions_key(), **values)
    return found[0] if found else None


def _partner_of(pk=None, substitute_id=None):
    """Who names `pk` as their substitute, or `substitute_id`: never `substitute_id IS NULL`,
    which every owner without a substitute matches."""
    partner_q = Q()
    if pk:
        partner_q |= Q(substitute_id=pk)
    if substitute_id:
        partner_q |= Q(pk=substitute_id)
    partners = public_cards().select_related(None).only(*PARTNER_FIELDS).filter(partner_q)
    if pk:
        partners = partners.exclude(pk=pk)
    return partners.order_by("pk")[:1]


# Most profiles are of offices with substitutes: their partner's query is compiled once per
# process and set of view restrictions (site_conoceles.precompiled), 3,000 Python calls less.
_PARTNER = PrecompiledQuery("candidates.CandidacyPage", _partner_of)


class Rival(NamedTuple):
    """What a profile shows of another candidacy of its contest: a checkbox to compare."""

    pk: int
    title: str
    organization: str


def contest_rivals(candidacy, catalog=None):
    """Other public candidacies competing for the same seat (same office and district), as
    `Rival`s, in the contest's public order.

    Every profile of a contest shows the same list but for itself, so the contest's first
    `CONTEST_LIMIT + 1` are kept in the shared cache under the publication version (which moves
    on every publication, withdrawal and catalog edit, as the cards'): after a publication, the
    first profile of a contest reads them, the others of that contest do not.
    """
    contest = _contest_of(candidacy)
    key = f"conoceles:contest-rivals:{publication_version()}:{CONTEST_LIMIT}:" + ":".join(
        str(value) for value in contest.values()
    )
    seconds = settings.CARD_CACHE_SECONDS
    heads = cache.get(key) if seconds else None
    if heads is None:
        heads = _contest_heads(contest, catalog)
        if seconds:
            cache.set(key, heads, seconds)
    return [rival for rival in heads if rival.pk != candidacy.pk][:CONTEST_LIMIT]


def _contest_of(candidacy):
    """The filter that names a candidacy's contest: its office, its seat where the office has
    several, and its place in the fórmula."""
    contest = {"office_id": candidacy.office_id}
    scope = candidacy.office.scope
    if scope == OfficeScope.DISTRICT:
        contest["district_id"] = candidacy.district_id
    elif scope == OfficeScope.MUNICIPALITY:
        contest["municipality_id"] = candidacy.municipality_id
    contest["formula_role"] = candidacy.formula_role
    return contest


def _contest_heads(contest, catalog):
    """The first `CONTEST_LIMIT + 1` public candidacies of a contest, as `Rival`s."""
    # One query down the (office, public_order) index, stopped after those rows: a statewide
    # contest holds thousands of candidacies. The list shows names and parties only: five
    # columns as tuples (thirteen page instances cost 4,000 Python calls), the organizations'
    # names from the catalog when it holds them.
    rows = _HEADS.rows(variant=restrictions_key(), **contest)
    names = _organization_names(rows, catalog)
    return [Rival(row[0], row[1], names.get(_organization_of(row), "")) for row in rows]


def _heads_of(**contest):
    return (
        public_candidacies()
        .filter(**contest)
        .order_by(*RIVAL_ORDER)
        .select_related(None)
        .values_list("pk", "title", *_ORGANIZATION_COLUMNS)[: CONTEST_LIMIT + 1]
    )


# What the public sees as the postulating force, in Candidacy.display_organization's order:
# the coalition when there is one, then the independent candidacy, then the party.
_ORGANIZATION_COLUMNS = ("coalition_id", "independent_id", "party_id")
_ORGANIZATION_CATALOG = (
    ("coalition", "coalitions"),
    ("independent", "independents"),
    ("party", "parties"),
)


def _organization_of(row):
    """(relation, key) of the row's displayed organization, or None."""
    for (relation, _), key in zip(_ORGANIZATION_CATALOG, row[2:], strict=True):
        if key is not None:
            return relation, key
    return None


def _organization_names(rows, catalog):
    """{(relation, key): name} for the rows' organizations: from the cached catalog, and from
    their tables for any it does not hold (another process's, or a catalog edited since)."""
    wanted = {_organization_of(row) for row in rows} - {None}
    names = {}
    if catalog is not None:
        for relation, catalog_key in _ORGANIZATION_CATALOG:
            for item in catalog[catalog_key]:
                if (relation, item.pk) in wanted:
                    names[relation, item.pk] = item.name
    missing = wanted - names.keys()
    for relation, _ in _ORGANIZATION_CATALOG:
        keys = [key for kind, key in missing if kind == relation]
        if keys:
            model = _HEADS.model._meta.get_field(relation).related_model
            for pk, name in model.objects.filter(pk__in=keys).values_list("pk", "name"):
                names[relation, pk] = name
    return names


# The first profile of each contest after a publication reads its heads: compiled once per
# process and set of view restrictions (site_conoceles.precompiled).
_HEADS = PrecompiledQuery("candidates.CandidacyPage", _heads_of)


def _loaded(candidacy, request):
    """The page with every relation the template reads, and the catalog it belongs to.

    A preview shows unsaved content, so it keeps the instance it was given. A live page was
    just routed and checked for view restrictions by Wagtail: its catalog rows come from the
    cached catalog of its process, its photo and document with the renditions. Outside the
    current process's catalog, the page is read again with its relations joined.
    """
    if getattr(request, "is_preview", False) or not candidacy.live:
        return candidacy, None
    catalog = public_catalog()
    if attach_catalog([candidacy], catalog):
        lookups = [
            lookup
            for lookup in ("three_of_three", *rendition_prefetches(PHOTO_SPECS))
            if _leads_somewhere(candidacy, lookup)
        ]
        if lookups:
            prefetch_related_objects([candidacy], *lookups)
        return candidacy, catalog
    loaded = (
        with_images(public_candidacies(), PHOTO_SPECS)
        .select_related("office__process", "three_of_three", "municipality")
        .filter(pk=candidacy.pk)
        .first()
    )
    return loaded or candidacy, None


def _leads_somewhere(instance, lookup):
    """Whether a prefetch's path can reach a row: not when one of its foreign keys already
    loaded is empty (no photo, no emblem, no document). Django's prefetching costs a profile
    as much CPU for an empty path as for a query."""
    path = getattr(lookup, "prefetch_through", lookup).split("__")
    for name in path[:-1] if len(path) > 1 else path:
        field = instance._meta.get_field(name)
        if getattr(instance, field.attname) is None:
            return False
        if not field.is_cached(instance):
            return True
        instance = field.get_cached_value(instance)
    return True


def profile_context(candidacy, request):
    candidacy, catalog = _loaded(candidacy, request)
    rivals = contest_rivals(candidacy, catalog=catalog)
    return {
        "page": candidacy,
        "self": candidacy,
        "badges": public_badges(candidacy),
        "partner": formula_partner(candidacy),
        "rivals": rivals,
        "rivals_more": len(rivals) >= CONTEST_LIMIT,
        "is_substitute": candidacy.formula_role == FormulaRole.SUBSTITUTE,
        "json_ld": json_ld(candidacy, request),
        "age_band": candidacy.process.age_band_for(candidacy.age),
        # Its contest's listing is its own process's (candidates.process_scope).
        "process_prefix": prefix_for(candidacy.process),
    }
