"""What the purge tests share: the URLs every publication purges and a backend that records them.

Wagtail loads a front-end cache backend by its dotted path, so the backends live in an importable
module rather than in a test module.
"""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

BASE = "http://localhost"
SHARED = {
    f"{BASE}/",
    f"{BASE}/candidaturas/",
    f"{BASE}/buscar/",
    f"{BASE}/buscar/autocompletar/",
    f"{BASE}/mi-boleta/",
    f"{BASE}/comparar/",
    f"{BASE}/estadisticas/",
    f"{BASE}/estadisticas/avance.csv",
    f"{BASE}/estadisticas/sexo.csv",
    f"{BASE}/estadisticas/edad.csv",
    f"{BASE}/estadisticas/escolaridad.csv",
    f"{BASE}/estadisticas/identidad.csv",
    f"{BASE}/estadisticas/ingresos.csv",
    f"{BASE}/estadisticas/fuente-ingresos.csv",
    f"{BASE}/api/v2/candidaturas/",
    f"{BASE}/api/v2/boleta/",
    f"{BASE}/api/v2/estadisticas/",
}
OPEN_DATA = {
    f"{BASE}/datos-abiertos/",
    f"{BASE}/api/v2/datos-abiertos/",
    f"{BASE}/datos-abiertos/archivos/candidaturas.csv",
    f"{BASE}/datos-abiertos/archivos/candidaturas.xlsx",
    f"{BASE}/datos-abiertos/archivos/candidaturas.json",
    f"{BASE}/datos-abiertos/archivos/conoceles.xlsx",
    f"{BASE}/datos-abiertos/archivos/popolo.json",
}


class RecordingBackend(BaseBackend):
    """Wagtail builds a new backend for every purge: the record is kept on the class."""

    batches = []
    sequences = []  # the same URLs in the order they were sent

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        RecordingBackend.batches.append(set(urls))
        RecordingBackend.sequences.append(list(urls))


class FailingBackend(BaseBackend):
    def purge(self, url):
        raise ConnectionError("CDN unreachable")


def profile(page):
    return {page.full_url, page.full_url + "?ficha=1"}


def scoped(process):
    """The process's own pages that aggregate candidacies (candidates.process_scope)."""
    root = f"{BASE}/{process.slug}"
    charts = {url.rpartition("/")[2] for url in SHARED if url.endswith(".csv")}
    return {
        f"{root}/candidaturas/",
        f"{root}/buscar/",
        f"{root}/mi-boleta/",
        f"{root}/estadisticas/",
        *(f"{root}/estadisticas/{chart}" for chart in charts),
    }


def expected_for(contest, page):
    actor = contest["actors"]["PAN"]
    process = page.office.process
    return (
        SHARED
        | scoped(process)
        | profile(page)
        | profile(contest["substitute"])
        | profile(contest["rival"])
        | {
            actor.full_url,
            f"{BASE}/partidos/{actor.party.slug}/",
            f"{BASE}/{process.slug}/partidos/{actor.party.slug}/",
            f"{BASE}/api/v2/candidaturas/{page.pk}/",
        }
    )
