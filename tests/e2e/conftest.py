"""Real-browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser)."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Chromium's background services try to reach the network, which this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Every violation of the Content-Security-Policy seen by any tab of any context during a test:
# reported by the page (securitypolicyviolation) and by Chromium's console. The autouse fixture
# below fails the test if the list is not empty, so a new inline script or style breaks the run.
CSP_VIOLATIONS = []
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__reportCspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  });
});
"""


def watch_csp(context):
    context.expose_binding(
        "__reportCspViolation", lambda _source, violation: CSP_VIOLATIONS.append(violation)
    )
    context.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            CSP_VIOLATIONS.append(
                {"console": message.text, "page": message.page and message.page.url}
            )

    context.on("console", on_console)
    return context


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS
    found = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()
    if found:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(map(str, found)))


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium.")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the test
    # itself (fixtures, assertions) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        # Every context any test opens, through this fixture or browser.new_context(), is watched.
        new_context = instance.new_context
        instance.new_context = lambda *args, **kwargs: watch_csp(new_context(*args, **kwargs))
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="es-MX")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
