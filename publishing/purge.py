"""Which public URLs show what changed, and asking the front-end caches to drop them.

Public responses are kept by a shared cache for PUBLIC_CACHE_S_MAXAGE (site_conoceles/cache.py).
So that a publication shows at once, the caches named in WAGTAILFRONTENDCACHE are told to drop:

- for a candidacy published, unpublished, or whose identity answers' visibility changed: its
  profile and printable ficha, the profiles that show it (fórmula partner, rivals in its
  contest), its actor page, its party, coalition or independent page, its API detail, and every
  URL that aggregates candidacies (`SHARED_ROUTES`, the statistics CSVs, the home page);
- for any other page published or unpublished: that page's URLs;
- when the open-data files have been rebuilt: the open-data page and the files.

publishing.pipeline decides when (one batch per transaction or bulk change, after commit);
Wagtail's `PurgeBatch.purge()` hands the URLs to its purge task, so the HTTP requests to the
caches run on the task worker, not in the moderator's request. A failed purge is logged, never
raised: the publication stands and the cache expires on its own.

Only bare URLs are purged; how each cache drops their query-string variants (filters, pages of
results) is in docs/deployment.md, «Caché y purga».
"""

import logging
from collections import defaultdict
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

logger = logging.getLogger(__name__)

# Views that aggregate candidacies, purged whenever any candidacy changes.
SHARED_ROUTES = (
    "public:candidacy_list",
    "search",
    "search_autocomplete",
    "public:ballot",
    "public:compare",
    "statistics:public",
    "conoceles_api:candidaturas:listing",
    # The API's views of the same aggregates (its catalogs do not change on publication).
    "conoceles_api:boleta",
    "conoceles_api:estadisticas",
)
# The same views under each process's path (candidates.process_scope.scoped_routes).
SCOPED_SHARED_ROUTES = ("candidacy_list", "search", "ballot", "statistics")
# A party's, coalition's or independent's page: (route, candidacy attribute, catalog key).
ORGANIZATION_ROUTES = (
    ("party", "party_id", "parties"),
    ("coalition", "coalition_id", "coalitions"),
    ("independent", "independent_id", "independents"),
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


def send(batch, reason):
    """Hand the batch to Wagtail's purge task; never raises (the publication is committed)."""
    try:
        if not batch.urls:
            return
        _warn_unhandled_hosts(batch.urls)
        logger.info("Purga de la caché pública (%s): %d URL", reason, len(batch.urls))
        batch.purge()
    except Exception:
        logger.exception("No se pudo purgar la caché pública (%s)", reason)


def open_data_batch():
    """The open-data files just replaced: their URLs and the page listing their checksums."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from candidates.process_scope import scoped_path
    from elections.models import ElectoralProcess
    from opendata.publication import FILES

    paths = [reverse("opendata:page"), reverse("conoceles_api:datos-abiertos")]
    paths += [reverse("opendata:file", args=[item.name]) for item in FILES]
    # Every process's own files, including those of a process whose last candidacy was just
    # withdrawn (its folder is gone; a cached copy must go too).
    for slug in ElectoralProcess.objects.values_list("slug", flat=True):
        paths.append(scoped_path(slug, "open_data"))
        paths += [reverse("opendata:process_file", args=[slug, item.name]) for item in FILES]
    return PurgeBatch(_on_every_site(paths))


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


class _OrderedURLs(dict):
    """The set of URLs a PurgeBatch keeps, in the order they were added."""

    def add(self, url):
        self[url] = None

    def update(self, urls):
        for url in urls:
            self[url] = None


def _ordered_batch():
    """A PurgeBatch that purges in the order its URLs were added.

    Wagtail's batch is a set, and its purge task sends one request per URL in turn: a candidacy
    first in a crowded contest is listed by thousands of rivals' profiles, and the changed
    profile and the listing must not wait for them (13,354 URLs at 20,000 candidacies).
    """
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.urls = _OrderedURLs()
    return batch


def batch_for(candidacies, candidacy_ids, pages, changed=None, showing=None):
    """The URLs showing these changes: `candidacies` maps pk → the instance a page signal
    carried (it may be deleted by now), `candidacy_ids` are loaded here, `pages` are any other
    pages; `changed` and `showing`, when the caller has read them already, are
    `candidacies_of` and `profiles_showing`'s answers. What changed and the shared pages come
    first, the profiles that list it last."""
    batch = _ordered_batch()
    candidacies = changed if changed is not None else candidacies_of(candidacies, candidacy_ids)
    batch.add_pages(pages)
    if candidacies:
        _add_profiles(batch, candidacies)
        paths = ["/", *shared_paths(), *_process_paths(candidacies)]
        paths += [reverse("conoceles_api:candidaturas:detail", args=[c.pk]) for c in candidacies]
        batch.add_urls(_on_every_site(paths))
        batch.add_pages(_actor_pages(candidacies))
        _add_profiles(batch, showing if showing is not None else profiles_showing(candidacies))
    return batch


def _add_profiles(batch, candidacies):
    for page in candidacies:
        url = page.get_full_url(batch)  # the batch caches the site root paths
        if url:
            batch.add_urls(url + variant for variant in PROFILE_VARIANTS)


def shared_paths():
    """Bare paths of the views that aggregate candidacies (the home page is a Wagtail page)."""
    paths = [reverse(name) for name in SHARED_ROUTES]
    paths += [reverse("statistics:chart_csv", args=[slug]) for slug in STATISTICS_CSV_SLUGS]
    return paths


def _on_every_site(paths):
    from wagtail.models import Site

    roots = sorted({root.root_url for root in Site.get_site_root_paths()})
    return [root + path for root in roots for path in paths]


def candidacies_of(candidacies, candidacy_ids):
    """The candidacies a batch changed: those the signals carried, and those known by key."""
    from candidates.models import CandidacyPage

    found = dict(candidacies)
    missing = set(candidacy_ids) - found.keys()
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


def profiles_showing(candidacies):
    """Live profiles that show these candidacies: their fórmula partner, and the contest rivals
    whose bounded list of rivals (candidates.views.profile.CONTEST_LIMIT) holds one of them.

    A statewide contest can hold thousands of profiles while each shows only the first few
    rivals: purging every profile of the contest would send thousands of requests to the cache
    for one publication, almost all for pages that did not change. Three queries, whatever the
    number of candidacies or contests.
    """
    from candidates.models import CandidacyPage
    from candidates.views.profile import CONTEST_LIMIT, RIVAL_ORDER
    from elections.models import Office

    ids = {c.pk for c in candidacies}
    office_ids = {c.office_id for c in candidacies if c.office_id}
    substitute_ids = {c.substitute_id for c in candidacies if c.substitute_id}
    scopes = dict(Office.objects.filter(pk__in=office_ids).values_list("pk", "scope"))
    contests = {_contest(c, scopes) for c in candidacies}
    # The changed candidacies are sorted with the live ones even when they are not live any
    # more: an unpublished candidacy is shown by the profiles that listed it until now.
    rows = (
        CandidacyPage.objects.filter(Q(live=True) | Q(pk__in=ids))
        .filter(Q(office_id__in=office_ids) | Q(substitute_id__in=ids) | Q(pk__in=substitute_ids))
        .order_by(*RIVAL_ORDER, "pk")
        .values_list(
            "pk",
            "live",
            "office_id",
            "district_id",
            "municipality_id",
            "formula_role",
            "substitute_id",
        )
    )
    ordered = defaultdict(list)  # contest → [(pk, live)] in the profile's order
    partners = set()
    for pk, live, office_id, district_id, municipality_id, role, substitute_id in rows:
        if pk not in ids and (substitute_id in ids or pk in substitute_ids):
            partners.add(pk)
        page = SimpleNamespace(
            office_id=office_id,
            district_id=district_id,
            municipality_id=municipality_id,
            formula_role=role,
        )
        contest = _contest(page, scopes)
        if contest in contests:
            ordered[contest].append((pk, live))
    showing = set(partners)
    for members in ordered.values():
        position = {pk: index for index, (pk, _) in enumerate(members)}
        changed = [position[pk] for pk, _ in members if pk in ids]
        for index, (pk, live) in enumerate(members):
            if pk in ids or not live:
                continue
            # In this profile's list the changed one moves up by one if this profile sorts
            # before it (a profile never lists itself).
            if any(at - (index < at) < CONTEST_LIMIT for at in changed):
                showing.add(pk)
    if not showing:
        return []
    return list(CandidacyPage.objects.live().filter(pk__in=showing).only(*CANDIDACY_FIELDS))


def _actor_pages(candidacies):
    """The party's or independent's Wagtail page lists its candidacies' cards."""
    from candidates.models import CapturingActorPage

    parent_paths = {c.path[: -CapturingActorPage.steplen] for c in candidacies}
    return CapturingActorPage.objects.live().filter(path__in=parent_paths)


def _process_paths(candidacies):
    """For each process of these candidacies, its pages that aggregate them under
    `/<proceso>/` (candidates.process_scope) and its party, coalition and independent pages that
    list them; for the current process, those organization pages at the bare paths too."""
    from candidates.filters import current_process, public_catalog
    from candidates.process_scope import scoped_path
    from elections.models import Office

    office_ids = {c.office_id for c in candidacies if c.office_id}
    slug_of_office = dict(
        Office.objects.filter(pk__in=office_ids).values_list("pk", "process__slug")
    )
    by_process = defaultdict(list)
    for candidacy in candidacies:
        by_process[slug_of_office.get(candidacy.office_id)].append(candidacy)
    current = current_process()
    paths = []
    for slug, members in by_process.items():
        if slug is None:
            continue
        catalog = public_catalog(slug)
        paths += [scoped_path(slug, name) for name in SCOPED_SHARED_ROUTES]
        paths += [scoped_path(slug, "chart_csv", slug=chart) for chart in STATISTICS_CSV_SLUGS]
        for route, attribute, key in ORGANIZATION_ROUTES:
            wanted = {getattr(c, attribute) for c in members}
            for organization in catalog[key]:
                if organization.pk in wanted:
                    paths.append(scoped_path(slug, route, slug=organization.slug))
                    if current is not None and current.slug == slug:
                        paths.append(reverse(f"public:{route}", args=[organization.slug]))
    return paths
