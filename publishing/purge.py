"""Purge the front-end cache (CDN, nginx, Varnish) of the public URLs that show what changed.

Public responses are kept by a shared cache for PUBLIC_CACHE_S_MAXAGE (site_conoceles/cache.py).
So that a publication shows at once, the caches named in WAGTAILFRONTENDCACHE are told to drop:

- when a candidacy is published or unpublished, or the visibility of its identity answers changes
  (`identity_visibility_changed`): its profile and printable ficha, the profiles that show it
  (fórmula partner, rivals in its contest), its actor page, its party, coalition or independent
  page, its API detail, and every URL that aggregates candidacies (`SHARED_ROUTES`, the
  statistics CSVs, the home page);
- when any other page is published or unpublished: that page's URLs;
- when the open-data files have been rebuilt: the open-data page and the files.

Wagtail's own handlers are left unconnected (home.apps.FrontendCacheConfig): they would purge each
page on its own, before its transaction commits, so one INE import would send hundreds of purges.
Here the events of one transaction, or of one `open_data_regeneration_deferred()` block (the
import announces each page after its commit, inside that block), make one batch, sent after
commit. Nothing is collected when no backend is configured, and a failed purge is logged, never
raised: the publication stands and the cache expires on its own.

Only bare URLs are purged; how each cache drops their query-string variants (filters, pages of
results) is in docs/deployment.md, «Caché y purga».
"""

import logging
import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

logger = logging.getLogger(__name__)
_state = threading.local()

# Views that aggregate candidacies, purged whenever any candidacy changes.
SHARED_ROUTES = (
    "public:candidacy_list",
    "search",
    "search_autocomplete",
    "public:ballot",
    "public:compare",
    "statistics:public",
    "conoceles_api:candidaturas:listing",
)
# Every CSV that stats.views.chart_csv serves; a test keeps this in step with the charts.
STATISTICS_CSV_SLUGS = (
    "avance",
    "sexo",
    "edad",
    "escolaridad",
    "identidad",
    "ingresos",
    "fuente-ingresos",
)
# The profile and its printable ficha (CandidacyPage.get_template).
PROFILE_VARIANTS = ("", "?ficha=1")
# What a candidacy's URLs and its contest need; no StreamField is loaded.
CANDIDACY_FIELDS = (
    "path",
    "url_path",
    "office",
    "district",
    "municipality",
    "formula_role",
    "substitute",
    "party",
    "coalition",
    "independent",
)


def frontend_cache_configured():
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


class _Pending:
    def __init__(self):
        self.candidacies = {}  # pk → the instance the signal carried (it may be gone by flush)
        self.candidacy_ids = set()  # identity changes: loaded at flush
        self.pages = {}  # any other page: pk → instance

    def __bool__(self):
        return bool(self.candidacies or self.candidacy_ids or self.pages)


def _pending():
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = _Pending()
    return pending


# --- receivers ------------------------------------------------------------------------------


def page_visibility_changed(sender, instance, **kwargs):
    """page_published / page_unpublished, for every page type."""
    if not frontend_cache_configured():
        return
    from candidates.models import CandidacyPage

    pending = _pending()
    if isinstance(instance, CandidacyPage):
        pending.candidacies[instance.pk] = instance
    else:
        pending.pages[instance.pk] = instance
    _schedule()


def purge_candidacies(candidacy_ids):
    """Purge what shows these candidacies, for changes Wagtail does not signal (identity)."""
    if not frontend_cache_configured() or not candidacy_ids:
        return
    _pending().candidacy_ids.update(candidacy_ids)
    _schedule()


def publication_burst_ended(sender, **kwargs):
    if frontend_cache_configured() and getattr(_state, "pending", None):
        _schedule()


def open_data_published(sender, **kwargs):
    """The open-data files were just replaced: their URLs and the page listing their checksums."""
    if not frontend_cache_configured():
        return
    try:
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        from opendata.publication import FILES

        paths = [reverse("opendata:page")]
        paths += [reverse("opendata:file", args=[item.name]) for item in FILES]
        _send(PurgeBatch(_on_every_site(paths)), "datos abiertos")
    except Exception:
        logger.exception("No se pudo purgar la caché pública de los datos abiertos")


def connect():
    from wagtail.signals import page_published, page_unpublished

    from opendata import signals as opendata_signals

    page_published.connect(page_visibility_changed, dispatch_uid="frontend-cache-published")
    page_unpublished.connect(page_visibility_changed, dispatch_uid="frontend-cache-unpublished")
    opendata_signals.publication_burst_ended.connect(
        publication_burst_ended, dispatch_uid="frontend-cache-burst"
    )
    opendata_signals.open_data_published.connect(
        open_data_published, dispatch_uid="frontend-cache-open-data"
    )


# --- one batch per transaction or burst -----------------------------------------------------


def _schedule():
    """Flush after commit, unless a burst is being collected (it flushes when it ends).

    Every event registers its callback (a rolled-back transaction drops its own, so nothing can
    get stuck); the first to run takes everything pending and the others find nothing. Events of
    a rolled-back transaction stay pending and ride along with the next batch: purging a URL that
    did not change costs one cache miss.
    """
    from opendata.signals import publication_deferred

    if publication_deferred():
        return
    transaction.on_commit(_flush)


def _flush():
    pending = getattr(_state, "pending", None)
    if not pending:
        return
    _state.pending = None
    try:
        _send(_batch_for(pending), "publicación")
    except Exception:  # the publication is committed: a failed purge must not undo the request
        logger.exception("No se pudo purgar la caché pública (CDN)")


def _send(batch, reason):
    if not batch.urls:
        return
    _warn_unhandled_hosts(batch.urls)
    logger.info("Purga de la caché pública (%s): %d URL", reason, len(batch.urls))
    batch.purge()


def _warn_unhandled_hosts(urls):
    """Wagtail skips a host no backend claims and says so at INFO; an operator needs to know."""
    from wagtail.contrib.frontend_cache.utils import get_backends

    backends = get_backends().values()
    for host in sorted({urlsplit(url).netloc for url in urls}):
        if not any(backend.invalidates_hostname(host) for backend in backends):
            logger.warning(
                "Ninguna caché configurada purga el dominio %s: el sitio de Wagtail "
                "(Configuración › Sitios) debe tener el dominio público, que también debe estar "
                "en FRONTEND_CACHE_HOSTNAMES o ALLOWED_HOSTS.",
                host,
            )


# --- which URLs -----------------------------------------------------------------------------


def _batch_for(pending):
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    candidacies = _candidacies(pending)
    if candidacies:
        for page in [*candidacies, *_profiles_showing(candidacies)]:
            url = page.get_full_url(batch)  # the batch caches the site root paths
            if url:
                batch.add_urls(url + variant for variant in PROFILE_VARIANTS)
        batch.add_pages(_actor_pages(candidacies))
        paths = ["/", *shared_paths(), *_organization_paths(candidacies)]
        paths += [reverse("conoceles_api:candidaturas:detail", args=[c.pk]) for c in candidacies]
        batch.add_urls(_on_every_site(paths))
    batch.add_pages(pending.pages.values())
    return batch


def shared_paths():
    """Bare paths of the views that aggregate candidacies (the home page is a Wagtail page)."""
    paths = [reverse(name) for name in SHARED_ROUTES]
    paths += [reverse("statistics:chart_csv", args=[slug]) for slug in STATISTICS_CSV_SLUGS]
    return paths


def _on_every_site(paths):
    from wagtail.models import Site

    roots = sorted({root.root_url for root in Site.get_site_root_paths()})
    return [root + path for root in roots for path in paths]


def _candidacies(pending):
    from candidates.models import CandidacyPage

    found = dict(pending.candidacies)
    missing = pending.candidacy_ids - found.keys()
    if missing:
        for page in CandidacyPage.objects.filter(pk__in=missing).only(*CANDIDACY_FIELDS):
            found[page.pk] = page
    return list(found.values())


def _contest(candidacy, scopes):
    """The seat a candidacy competes for, as candidates.views.profile.contest_rivals sees it."""
    from elections.models import OfficeScope

    scope = scopes.get(candidacy.office_id)
    place = None
    if scope == OfficeScope.DISTRICT:
        place = candidacy.district_id
    elif scope == OfficeScope.MUNICIPALITY:
        place = candidacy.municipality_id
    return (candidacy.office_id, place, candidacy.formula_role)


def _profiles_showing(candidacies):
    """Live profiles that show these candidacies: their fórmula partner and contest rivals."""
    from candidates.models import CandidacyPage
    from elections.models import Office

    ids = {c.pk for c in candidacies}
    office_ids = {c.office_id for c in candidacies if c.office_id}
    substitute_ids = {c.substitute_id for c in candidacies if c.substitute_id}
    scopes = dict(Office.objects.filter(pk__in=office_ids).values_list("pk", "scope"))
    contests = {_contest(c, scopes) for c in candidacies}
    related = CandidacyPage.objects.live().filter(
        Q(office_id__in=office_ids) | Q(substitute_id__in=ids) | Q(pk__in=substitute_ids)
    )
    return [
        page
        for page in related.only(*CANDIDACY_FIELDS)
        if page.pk not in ids
        and (
            _contest(page, scopes) in contests
            or page.substitute_id in ids
            or page.pk in substitute_ids
        )
    ]


def _actor_pages(candidacies):
    """The party's or independent's Wagtail page lists its candidacies' cards."""
    from candidates.models import CapturingActorPage

    parent_paths = {c.path[: -CapturingActorPage.steplen] for c in candidacies}
    return CapturingActorPage.objects.live().filter(path__in=parent_paths)


def _organization_paths(candidacies):
    from candidates.filters import public_catalog

    catalog = public_catalog()
    pages = (
        ("public:party", "party_id", catalog["parties"]),
        ("public:coalition", "coalition_id", catalog["coalitions"]),
        ("public:independent", "independent_id", catalog["independents"]),
    )
    paths = []
    for route, attribute, organizations in pages:
        wanted = {getattr(c, attribute) for c in candidacies}
        paths += [reverse(route, args=[o.slug]) for o in organizations if o.pk in wanted]
    return paths
