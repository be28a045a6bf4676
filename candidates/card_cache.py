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

Once the cards are kept, reading their rows is most of what is left: a card's row comes with
nine catalog relations, its photo's and emblems' renditions and its badges' answers. A page
that knows which candidacies it shows, in order, hands `CardRows` to the `{% cards %}` tag
instead of rows: the rows, renditions and badges are read only for the cards not kept.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString

from public.badges import public_badges_for

from .counts import publication_version
from .images import with_images
from .queries import public_cards

CARD_TEMPLATE = "candidates/_card.html"


class CardRows:
    """The candidacies of a card grid, known by their keys, in order; rows read on demand.

    `on_rows(rows)` returns {name: {pk: value}} that the cards show besides their rows (the
    ballot's substitutes). `subset(keys)` is a grid of some of the keys that shares this one's
    cache lookup and row reads: a page of several grids (the ballot's contests) reads the cache
    once and every missing row in one query.
    """

    def __init__(self, keys, *, on_rows=None):
        self.keys = list(keys)
        self.on_rows = on_rows
        self._root = self
        self._prefix = None
        self._kept = None
        self._rows = {}
        self._extra = {"badges": {}}

    def subset(self, keys):
        grid = CardRows(keys, on_rows=self.on_rows)
        grid._root = self._root
        return grid

    def __len__(self):
        return len(self.keys)

    def __bool__(self):
        return bool(self.keys)

    def __iter__(self):
        """The rows, in order, every one read: for code that needs rows rather than cards."""
        rows, _ = self.read(self.keys)
        return iter([rows[pk] for pk in self.keys if pk in rows])

    def kept(self, prefix):
        """{cache key: HTML} of the kept cards of the root grid, read once for all its subsets."""
        root = self._root
        if root._kept is None or root._prefix != prefix:
            root._prefix = prefix
            root._kept = cache.get_many([f"{prefix}:{pk}" for pk in root.keys])
        return root._kept

    def read(self, pks):
        """(rows by key, {"badges": …, and what `on_rows` adds}) with `pks` among the rows.

        The first read also takes every other card of the root grid the cache did not hold,
        so the grids of one page read their rows, renditions and badges in one go."""
        root = self._root
        if root._kept is None:  # nothing looked up in the cache (it is off): every card
            also = root.keys
        else:
            also = [pk for pk in root.keys if f"{root._prefix}:{pk}" not in root._kept]
        wanted = [pk for pk in dict.fromkeys([*pks, *also]) if pk not in root._rows]
        if wanted:
            rows = list(with_images(public_cards()).filter(pk__in=wanted).order_by())
            root._rows.update((row.pk, row) for row in rows)
            root._extra["badges"].update(public_badges_for(rows))
            if root.on_rows is not None:
                for name, values in root.on_rows(rows).items():
                    root._extra.setdefault(name, {}).update(values)
        return root._rows, root._extra


def _prefix(context, *, badges, substitutes):
    """The cache keys' prefix for cards rendered in `context`, with or without badges and
    substitutes (a grid and a list of rows showing the same share their cards)."""
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    variant = f"{host}|{timezone.localdate()}|{badges}|{substitutes}"
    digest = hashlib.sha256(variant.encode()).hexdigest()[:16]
    return f"conoceles:card:{publication_version()}:{digest}"


def _caching(context):
    request = context.get("request")
    return bool(settings.CARD_CACHE_SECONDS) and not getattr(request, "is_preview", False)


def rendered_cards(context, candidacies):
    """The cards of `candidacies` (rows or `CardRows`), in order, as `_card.html` renders them
    in `context`: from the cache, one multi-get for the whole page, and rendered (then kept)
    where missing."""
    if isinstance(candidacies, CardRows):
        return _grid_cards(context, candidacies)
    candidacies = list(candidacies)
    template = context.template.engine.get_template(CARD_TEMPLATE)
    if not candidacies or not _caching(context):
        return SafeString("".join(_render(template, context, c) for c in candidacies))
    prefix = _prefix(
        context,
        badges=context.get("badges") is not None,
        substitutes=context.get("substitutes") is not None,
    )
    keys = {candidacy.pk: f"{prefix}:{candidacy.pk}" for candidacy in candidacies}
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
        cache.set_many(missing, settings.CARD_CACHE_SECONDS)
    return SafeString("".join(parts))


def _grid_cards(context, grid):
    """A grid always shows badges, and substitutes when it loads them (`on_rows`)."""
    if not grid:
        return SafeString("")
    template = context.template.engine.get_template(CARD_TEMPLATE)
    prefix = _prefix(context, badges=True, substitutes=grid.on_rows is not None)
    kept = grid.kept(prefix) if _caching(context) else {}
    missing = [pk for pk in grid.keys if f"{prefix}:{pk}" not in kept]
    rendered = {}
    if missing:
        rows, extra = grid.read(missing)
        shown = {"badges": extra["badges"]}
        if grid.on_rows is not None:
            shown["substitutes"] = extra.get("substitutes", {})
        with context.push(**shown):
            rendered = {
                f"{prefix}:{pk}": _render(template, context, rows[pk])
                for pk in missing
                if pk in rows
            }
        if _caching(context):
            cache.set_many(rendered, settings.CARD_CACHE_SECONDS)
    parts = (kept.get(key) or rendered.get(key) for key in (f"{prefix}:{pk}" for pk in grid.keys))
    return SafeString("".join(part for part in parts if part is not None))


def _render(template, context, candidacy):
    with context.push(candidacy=candidacy):
        return str(template.render(context))
