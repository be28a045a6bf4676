"""What every read-API resource shares: JSON only, anonymous, GET only, Spanish refusals as
`{"message": …}`, the public Cache-Control, and validators (`ETag`, `Last-Modified`) with
conditional GET.

Why the validators are computed from the rendered body: the answer of a resource depends on the
catalogs, the published candidacies and the open-data manifest at once; hashing what is sent is
the one validator that cannot go stale when any of them changes. A 304 saves the client the body,
not the server the queries; the shared cache in front (purged on publication) saves those.
`Last-Modified` is the latest publication of a candidacy: catalogs change only before
publication starts, so a client revalidating by date alone still sees every publication.

That moment, and the ordered keys of the candidacies' lists (api.candidacy_list), are kept in the
shared cache (Redis in production, so every worker process sees the same entries) under a version
number that the publishing pipeline bumps after each batch (`forget_api_caches`): an aggregate
over every live candidacy on every request was most of a catalog's time at 20,000 candidacies.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import Http404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from wagtail.api.v2.utils import BadRequestError

from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from candidates.filters import public_catalog
from candidates.models import CandidacyPage
from site_conoceles.cache import CacheVersion, public_cache_headers

NOT_FOUND_MESSAGE = "No existe una candidatura publicada con ese identificador."
GENERIC_BAD_REQUEST = "Solicitud inválida."

# DRF's own refusals, which reach a client before our view runs, in Spanish.
API_EXCEPTION_MESSAGES = {
    status.HTTP_404_NOT_FOUND: NOT_FOUND_MESSAGE,
    status.HTTP_406_NOT_ACCEPTABLE: "La API solo responde JSON.",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "La API no recibe datos.",
    status.HTTP_429_TOO_MANY_REQUESTS: "Demasiadas solicitudes; intente más tarde.",
}


class PublicAPIError(BadRequestError):
    """A 400 whose message was written here, in Spanish, for the public."""


class PublicNotFound(Http404):
    """A 404 whose message was written here, in Spanish, for the public."""


def non_negative_integer(request, name, default):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise PublicAPIError(f"«{name}» debe ser un número entero mayor o igual a cero.")
    return int(raw)


def page_bounds(request):
    """(offset, limit) from the query string, refused in Spanish when out of range."""
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    offset = non_negative_integer(request, "offset", 0)
    limit = non_negative_integer(request, "limit", min(20, limit_max) if limit_max else 20)
    if limit_max and limit > limit_max:
        raise PublicAPIError(f"«limit» no puede ser mayor que {limit_max}.")
    return offset, limit


PROCESS_PARAMETER = "proceso"


def requested_catalog(request):
    """The cached public catalog of the process asked for with `?proceso=<slug>`, else of the
    current one (the one the public site shows by default).

    Only processes with a public site (those /api/v2/procesos/ lists) can be asked for, checked
    against the default catalog's list before any lookup, so that a mistyped or invented slug
    neither reaches the database nor leaves a cache entry behind.
    """
    slug = request.GET.get(PROCESS_PARAMETER, "")
    catalog = public_catalog()
    if slug == "" or (catalog["process"] is not None and slug == catalog["process"].slug):
        return catalog
    if slug not in {other_slug for other_slug, _name, _archive in catalog["processes"]}:
        shown = slug if len(slug) <= 60 else slug[:60] + "…"
        raise PublicNotFound(
            f"No existe un proceso electoral público «{shown}». "
            "Los procesos y sus «slug» están en /api/v2/procesos/."
        )
    return public_catalog(slug)


class JSONOnly(BaseContentNegotiation):
    """JSON for every client: no 406 for a browser's `Accept`, no `Vary: Accept` to honour."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


VERSION = CacheVersion("conoceles:api:version")
# A safety net only: the publishing pipeline forgets these entries at once.
API_CACHE_SECONDS = 60 * 30
_NOTHING = object()


def api_cache_key(name, version=None):
    """The key of one cached API value in the current version (see `forget_api_caches`)."""
    return f"conoceles:api:{version or VERSION.current()}:{name}"


def forget_api_caches(**kwargs):
    """Orphan every cached API value at once, on any cache backend (no key listing needed).

    Called by the publishing pipeline after a batch commits, so a request that reads the new
    version sees the committed data."""
    VERSION.move()


def cached(name, compute):
    """`compute()` once per version of the API's cache (None is a value worth keeping)."""
    key = api_cache_key(name)
    value = cache.get(key, _NOTHING)
    if value is _NOTHING:
        value = compute()
        cache.set(key, value, API_CACHE_SECONDS)
    return value


def cached_each(prefix, ids, compute_missing):
    """{id: value} for each of `ids`, one cache round trip for all; `compute_missing(ids)`
    computes the ones not yet kept in this version (and may leave out an id it cannot find).

    Why: a list's items are the same for every client until the next publication, and building
    a candidacy's full representation (its page, StreamFields and the projection) is most of a
    long list's time; a list then costs one multi-get instead of a hundred serializations."""
    version = VERSION.current()
    keys = {pk: api_cache_key(f"{prefix}:{pk}", version) for pk in ids}
    found = cache.get_many(keys.values())
    values = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in ids if pk not in values]
    if missing:
        computed = compute_missing(missing)
        cache.set_many({keys[pk]: value for pk, value in computed.items()}, API_CACHE_SECONDS)
        values.update(computed)
    return values


def last_publication():
    """The moment of the latest publication of a candidacy still public (None before any)."""
    return cached(
        "last-publication",
        lambda: (
            CandidacyPage.objects.live()
            .public()
            .aggregate(moment=Max("last_published_at"))["moment"]
        ),
    )


def conditional(request, response):
    """`ETag` and `Last-Modified` on a 200, and a 304 when the client already has this body."""
    response.render()
    response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    moment = last_publication()
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return (
        get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(moment.timestamp()) if moment else None,
            response=response,
        )
        or response
    )


class PublicAPIMixin:
    """The behaviour of every resource; put first among a view's bases."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    http_method_names = ["get", "head"]
    not_found_message = NOT_FOUND_MESSAGE

    def handle_exception(self, exc):
        """Every error as `{"message": …}` in Spanish, whoever raised it."""
        if isinstance(exc, PublicAPIError):
            return Response({"message": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, BadRequestError):  # Wagtail's own, in English: not shown
            return Response({"message": GENERIC_BAD_REQUEST}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, PublicNotFound):
            return Response({"message": str(exc)}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, Http404):
            return Response({"message": self.not_found_message}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, exceptions.MethodNotAllowed):
            method = self.request.method
            message = f"Método no permitido: {method}. La API es de solo lectura: use GET."
            return Response({"message": message}, status=status.HTTP_405_METHOD_NOT_ALLOWED)
        if isinstance(exc, exceptions.APIException):
            message = API_EXCEPTION_MESSAGES.get(exc.status_code, GENERIC_BAD_REQUEST)
            return Response({"message": message}, status=exc.status_code)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            public_cache_headers(response)
            response = conditional(request, response)
        return response
