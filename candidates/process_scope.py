"""A process's public pages under its own path: `/<proceso>/candidaturas/`, `/<proceso>/mi-boleta/`…

The same views answer at the bare paths (the current process) and under any process's slug
(archives included), where a profile already lives (`/<proceso>/<actor>/<candidatura>/`).
`?proceso=<slug>`, the form used before, answers with a permanent redirect to the path, so that
each page has one URL: one entry in the shared cache, which publication purges by its bare URL
(publishing.purge). The read API keeps `?proceso=` (its documented parameter).
"""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import URLResolver, path, reverse

from .filters import PROCESS_PARAMETER, public_catalog

# The URL namespace of the scoped routes (`scoped_routes`, included by site_conoceles.urls).
NAMESPACE = "proceso"


def scoped_path(process_slug, name, **kwargs):
    """The path of a scoped route (the `name` given to `process_scoped`) for a process."""
    return reverse(f"{NAMESPACE}:{name}", kwargs={"proceso": process_slug, **kwargs})


def process_scoped(name):
    """Makes a public view answer under `/<proceso>/` too (route `proceso:<name>`).

    Under the path, the slug is kept on the request for `requested_catalog`; an unknown slug is
    a 404 there. At the bare path, `?proceso=<slug>` of a known process redirects to the path
    with the other parameters kept, and an unknown one is a 404 (never another process's data).
    """

    def decorator(view):
        @wraps(view)
        def scoped_view(request, *args, proceso=None, **kwargs):
            if proceso is not None:
                request.process_slug = proceso
                return view(request, *args, **kwargs)
            slug = request.GET.get(PROCESS_PARAMETER, "").strip()[:50]
            if not slug:
                return view(request, *args, **kwargs)
            process = public_catalog(slug)["process"]
            if process is None:
                raise Http404("No existe ese proceso electoral.")
            query = request.GET.copy()
            query.pop(PROCESS_PARAMETER)
            url = scoped_path(process.slug, name, **kwargs)
            return HttpResponsePermanentRedirect(f"{url}?{query.urlencode()}" if query else url)

        scoped_view.process_route = name
        return scoped_view

    return decorator


def scoped_routes(patterns, prefix=""):
    """The routes under `/<proceso>/`: every `process_scoped` view among the bare paths, at
    the same path below the process's slug and named as its decorator says.

    Derived from the bare routes rather than listed a second time, so that a page made
    process-scoped answers under every process's path without another table to keep in step.
    """
    routes = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += scoped_routes(pattern.url_patterns, route)
        elif name := getattr(pattern.callback, "process_route", None):
            routes.append(path(route, pattern.callback, name=name))
    return routes


def prefix_for(process):
    """The path prefix of a page of `process` whose links lead to its own listing, ballot and
    party pages: none for the process the bare paths show, `/<proceso>` for any other."""
    current = public_catalog()["process"]
    if process is None or (current is not None and current.pk == process.pk):
        return ""
    return f"/{process.slug}"


def process_prefix(request):
    """Context processor: `process_prefix` is `/<proceso>` on a page reached under its
    process's path (its links and forms keep that scope) and empty on the bare paths;
    `process_subpath` is the request's path without it (for the process switcher)."""
    slug = getattr(request, "process_slug", None)
    prefix = f"/{slug}" if slug else ""
    path = request.path
    return {
        "process_prefix": prefix,
        "process_subpath": path[len(prefix) :] if prefix and path.startswith(prefix) else path,
    }
