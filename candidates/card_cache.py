"""Rendered candidacy cards, kept in the shared cache until the next publication.

Listings, search results, «Mi boleta» and party pages are lists of the same cards, and their
query strings are what no front-end cache has seen before: on election night every filter
combination and every municipality's ballot is rendered by the application. Rendering the
cards was a third of those pages' CPU time (an included template per card, its URL, photo,
emblem and badges), for HTML that only changes when something is published or withdrawn. So
each card's HTML is kept under the listings' publication version (candidates.counts), which
the publishing pipeline moves on every publication, withdrawal, identity visibility change and
catalog edit and page move (CARD_CACHE_SECONDS, six hours by default: unlike a profile, a card
shows none of the institute's settings, which no version follows).

A card is the same for every visitor: the key holds what else its HTML depends on, the host
(links to another site's pages are absolute), the day (identity badges are blocked from a
process's `block_at` date with no save at all), and whether the page shows badges and
substitutes at all. A card holds no CSP nonce and no per-request value.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString

from .counts import publication_version

CARD_TEMPLATE = "candidates/_card.html"


def _keys(candidacies, context):
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    variant = (
        f"{host}|{timezone.localdate()}|{context.get('badges') is not None}|"
        f"{context.get('substitutes') is not None}"
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()[:16]
    prefix = f"conoceles:card:{publication_version()}:{digest}"
    return {candidacy.pk: f"{prefix}:{candidacy.pk}" for candidacy in candidacies}


def rendered_cards(context, candidacies):
    """The cards of `candidacies`, in order, as `_card.html` renders them in `context`: from the
    cache, one multi-get for the whole list, and rendered (then kept) where missing."""
    candidacies = list(candidacies)
    template = context.template.engine.get_template(CARD_TEMPLATE)
    seconds = settings.CARD_CACHE_SECONDS
    request = context.get("request")
    if not seconds or not candidacies or getattr(request, "is_preview", False):
        return SafeString("".join(_render(template, context, c) for c in candidacies))
    keys = _keys(candidacies, context)
    kept = cache.get_many(list(keys.values()))
    missing = {}
    parts = []
    for candidacy in candidacies:
        key = keys[candidacy.pk]
        html = kept.get(key)
        if html is None:
            html = missing[key] = _render(template, context, candidacy)
        parts.append(html)
    if missing:
        cache.set_many(missing, seconds)
    return SafeString("".join(parts))


def _render(template, context, candidacy):
    with context.push(candidacy=candidacy):
        return str(template.render(context))
