"""What happens when something public changes: one place, one batch per transaction.

Events, from the apps that own them (none of which imports this module):

- Wagtail's `page_published` / `page_unpublished`, for every page type;
- `identity.events.identity_visibility_changed`: consent, answers, blocking, closure, removal;
- `candidates.events.bulk_change()`: an import or registry load, announcing its pages after its
  commit; everything inside the block waits for its end.

After the transaction commits (or the bulk change ends), the changes collected make one batch,
which fans out to:

- statistics and the home page's headline figures: forgotten, in the shared cache;
- the open-data files: one coalesced rebuild requested from the task worker (publishing.tasks);
- the front-end cache (CDN, nginx): one purge of every URL that shows a change (publishing.purge),
  sent by Wagtail's purge task, when a cache is configured.

Renditions a public page uses, and the cached public catalog, are refreshed at once, on the
signal: the pages that need them are served right after the commit.

Every event registers its own on-commit callback (a rolled-back transaction drops its own, so
nothing gets stuck); the first to run takes everything pending, the others find nothing. Events
of a rolled-back transaction ride along with the next batch: a refresh of something that did not
change costs little. Nothing here raises into the publication: it is committed already.
"""

import logging
import threading

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)
_state = threading.local()


class _Pending:
    def __init__(self):
        self.candidacies = {}  # pk → the instance the signal carried (it may be gone by flush)
        self.candidacy_ids = set()  # identity changes: loaded at flush
        self.pages = {}  # any other page: pk → instance

    def __bool__(self):
        return bool(self.candidacies or self.candidacy_ids or self.pages)

    @property
    def touches_candidacies(self):
        return bool(self.candidacies or self.candidacy_ids)


def _pending():
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = _Pending()
    return pending


def _in_bulk_change():
    return getattr(_state, "bulk", 0) > 0


def reset():
    """Drop whatever is collected (a test's fixtures publish pages no one commits)."""
    _state.pending = None
    _state.bulk = 0


# --- receivers ------------------------------------------------------------------------------


def page_visibility_changed(sender, instance, **kwargs):
    from candidates.models import CandidacyPage

    pending = _pending()
    if isinstance(instance, CandidacyPage):
        pending.candidacies[instance.pk] = instance
        _forget_home_figures()  # the moderator's own next page; the flush covers the rest
    else:
        pending.pages[instance.pk] = instance
    _schedule()


def candidacy_published(sender, instance, **kwargs):
    """Visitors never generate renditions: the ones public pages use are made on publication."""
    from candidates.images import generate_public_renditions

    generate_public_renditions(instance)


def identity_visibility_changed(sender, candidacy_ids, **kwargs):
    _pending().candidacy_ids.update(candidacy_ids)
    _schedule()


def bulk_change_started(sender, **kwargs):
    _state.bulk = getattr(_state, "bulk", 0) + 1


def bulk_change_finished(sender, **kwargs):
    _state.bulk = max(getattr(_state, "bulk", 0) - 1, 0)
    if not _in_bulk_change() and getattr(_state, "pending", None):
        _schedule()


def _schedule():
    """Flush after commit, unless a bulk change is being collected (it flushes when it ends)."""
    if _in_bulk_change():
        return
    transaction.on_commit(flush)


# --- one batch ------------------------------------------------------------------------------


def flush():
    pending = getattr(_state, "pending", None)
    if not pending:
        return
    _state.pending = None
    changed = showing = None
    if pending.touches_candidacies:
        _forget_public_figures()
        changed, showing = _profiles_changed(pending)
        _request_open_data()
    _purge(pending, changed, showing)


# More candidacies than this in one batch (an import, a process's identity data blocked): every
# kept profile is forgotten at once rather than thousands of paths one by one.
PROFILES_FORGOTTEN_ONE_BY_ONE = 500


def _profiles_changed(pending):
    """(candidacies changed, live profiles that show them), their kept copies forgotten
    (candidates.profile_cache); (None, None) when every kept profile was forgotten instead."""
    from candidates.profile_cache import forget_all_profiles, forget_profiles

    from . import purge

    try:
        if len(pending.candidacies) + len(pending.candidacy_ids) > PROFILES_FORGOTTEN_ONE_BY_ONE:
            forget_all_profiles()
            return None, None
        changed = purge.candidacies_of(pending.candidacies, pending.candidacy_ids)
        showing = purge.profiles_showing(changed)
        forget_profiles([*changed, *showing])
        return changed, showing
    except Exception:
        logger.exception("No se pudo calcular qué perfiles renovar; se renuevan todos")
        try:
            forget_all_profiles()
        except Exception:
            logger.exception("No se pudieron invalidar los perfiles en caché")
        return None, None


def _forget_home_figures():
    from home.figures import forget_headline_figures

    try:
        forget_headline_figures()
    except Exception:  # a cache server down must not undo the publication
        logger.exception("No se pudieron invalidar las cifras de la página de inicio")


def _forget_public_figures():
    """The figures and listings a publication changes; its profiles are _profiles_changed's."""
    from candidates.counts import forget_listings_after_publication
    from stats.cache import invalidate_statistics

    _forget_home_figures()
    _forget_api_caches()
    try:
        forget_listings_after_publication()
    except Exception:
        logger.exception("No se pudieron invalidar los totales de los listados")
    try:
        invalidate_statistics()
    except Exception:
        logger.exception("No se pudieron invalidar las estadísticas en caché")


def _forget_api_caches(**kwargs):
    """The read API's cached latest publication and ordered lists (api.base)."""
    from api.base import forget_api_caches

    try:
        forget_api_caches()
    except Exception:
        logger.exception("No se pudieron invalidar los datos de la API en caché")


def _forget_public_renderings(**kwargs):
    """The listings' counts and keys, the rendered profiles and cards (candidates.counts): they
    show catalog names, colours and emblems, and identity badges a process's `block_at` date
    blocks."""
    from candidates.counts import forget_listing_counts

    try:
        forget_listing_counts()
    except Exception:
        logger.exception("No se pudieron invalidar las páginas públicas en caché")


def catalog_changed(**kwargs):
    """A catalog row or a page's view restriction changed, or a page moved: the API's cached
    lists are scoped by a process's offices and hold only public pages (a restricted page is not
    public, and no publication event says so), and the site's rendered cards and profiles show
    the catalog and link to pages by their URL; all forgotten once the change commits."""
    transaction.on_commit(_forget_api_caches)
    transaction.on_commit(_forget_public_renderings)


def _request_open_data():
    from .tasks import request_open_data_rebuild

    if not getattr(settings, "OPEN_DATA_AUTO_REGENERATE", True):
        return
    try:
        request_open_data_rebuild()
    except Exception:
        logger.exception("No se pudo encolar la regeneración de los datos abiertos")


def _purge(pending, changed=None, showing=None):
    """`changed` and `showing`: the candidacies and the profiles showing them, when
    _profiles_changed has read them already."""
    from . import purge

    if not purge.frontend_cache_configured():
        return
    try:
        batch = purge.batch_for(
            pending.candidacies,
            pending.candidacy_ids,
            pending.pages.values(),
            changed=changed,
            showing=showing,
        )
    except Exception:
        logger.exception("No se pudo calcular qué purgar de la caché pública (CDN)")
        return
    purge.send(batch, "publicación")


# --- wiring ---------------------------------------------------------------------------------


def connect():
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import PageViewRestriction
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    from candidates import events as candidate_events
    from candidates.filters import forget_public_catalog
    from candidates.models import CandidacyPage, ProcessPage
    from elections import models as catalogs
    from identity import events as identity_events

    page_published.connect(page_visibility_changed, dispatch_uid="publishing-published")
    page_unpublished.connect(page_visibility_changed, dispatch_uid="publishing-unpublished")
    page_published.connect(
        candidacy_published, sender=CandidacyPage, dispatch_uid="publishing-renditions"
    )
    identity_events.identity_visibility_changed.connect(
        identity_visibility_changed, dispatch_uid="publishing-identity"
    )
    candidate_events.bulk_change_started.connect(
        bulk_change_started, dispatch_uid="publishing-bulk-started"
    )
    candidate_events.bulk_change_finished.connect(
        bulk_change_finished, dispatch_uid="publishing-bulk-finished"
    )
    # The cached catalog behind the public filters and organization pages.
    page_published.connect(forget_public_catalog, sender=ProcessPage, dispatch_uid="pub-process")
    page_unpublished.connect(
        forget_public_catalog, sender=ProcessPage, dispatch_uid="pub-process-u"
    )
    page_published.connect(catalog_changed, sender=ProcessPage, dispatch_uid="pub-process-api")
    post_save.connect(catalog_changed, sender=PageViewRestriction, dispatch_uid="pub-restrict-api")
    post_delete.connect(
        catalog_changed, sender=PageViewRestriction, dispatch_uid="pub-restrict-api-d"
    )
    page_unpublished.connect(catalog_changed, sender=ProcessPage, dispatch_uid="pub-process-api-u")
    # A moved page has a new URL: the kept cards and profiles that link to it are forgotten. So
    # does a page whose slug changed, and the kept copy at its old path with it (a publication
    # renews only the profiles at the new path, candidates.profile_cache).
    post_page_move.connect(catalog_changed, dispatch_uid="pub-page-moved")
    page_slug_changed.connect(catalog_changed, dispatch_uid="pub-page-slug-changed")
    for model in (
        catalogs.ElectoralProcess,
        catalogs.Office,
        catalogs.District,
        catalogs.Municipality,
        catalogs.Party,
        catalogs.Coalition,
        catalogs.IndependentCandidacy,
    ):
        uid = f"publishing-catalog-{model.__name__}"
        post_save.connect(forget_public_catalog, sender=model, dispatch_uid=uid)
        post_delete.connect(forget_public_catalog, sender=model, dispatch_uid=f"{uid}-d")
        post_save.connect(catalog_changed, sender=model, dispatch_uid=f"{uid}-api")
        post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"{uid}-api-d")
