"""Front-end cache purge failures: a CDN that is down or refuses never breaks a publication."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from wagtail.contrib.frontend_cache import utils as frontend_cache_utils
from wagtail.signals import page_published

from candidates.models import CandidacyPage
from identity.events import announce_visibility_change
from publishing import pipeline

from .purge_support import expected_for


def test_wagtails_own_per_page_handlers_are_not_connected():
    from wagtail.contrib.frontend_cache.signal_handlers import page_published_signal_handler

    receivers = page_published._live_receivers(CandidacyPage)[0]
    assert pipeline.page_visibility_changed in receivers
    assert page_published_signal_handler not in receivers


def test_a_failing_backend_never_breaks_the_publication(
    purged, settings, contest, caplog, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "failing": {"BACKEND": "tests.publishing.purge_support.FailingBackend"}
    }
    page = contest["draft"]
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()

    assert CandidacyPage.objects.get(pk=page.pk).live
    assert any(r.levelno >= logging.ERROR for r in caplog.records)


def test_an_error_building_the_batch_is_logged_not_raised(
    purged, contest, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("task queue down")

    monkeypatch.setattr(frontend_cache_utils, "purge_urls_from_cache", broken)
    page = contest["draft"]
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish()

    assert CandidacyPage.objects.get(pk=page.pk).live
    assert [r.name for r in caplog.records if r.levelno >= logging.ERROR] == ["publishing.purge"]


class PurgeHandler(BaseHTTPRequestHandler):
    """An nginx that answers every PURGE with 500."""

    received = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        PurgeHandler.received.append((self.headers["Host"], self.path))
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_http_purge_errors_are_logged_and_the_publication_stands(
    purged, settings, contest, caplog, django_capture_on_commit_callbacks
):
    server = HTTPServer(("127.0.0.1", 0), PurgeHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeHandler.received = []
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    page = contest["draft"]
    try:
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            page.get_latest_revision().publish()
    finally:
        server.shutdown()
        server.server_close()

    assert CandidacyPage.objects.get(pk=page.pk).live
    assert ("localhost", "/candidaturas/") in PurgeHandler.received
    assert ("localhost", page.url + "?ficha=1") in PurgeHandler.received
    assert len(PurgeHandler.received) == len(expected_for(contest, page))
    errors = [r for r in caplog.records if r.name == "wagtail.frontendcache"]
    assert len(errors) == len(PurgeHandler.received)


def test_a_host_no_backend_purges_is_reported(
    purged, settings, contest, caplog, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {
            "BACKEND": "tests.publishing.purge_support.RecordingBackend",
            "HOSTNAMES": ["conoceles.iec.org.mx"],
        }
    }
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        announce_visibility_change([contest["rival"].pk])

    assert purged == []
    assert "localhost" in caplog.text
