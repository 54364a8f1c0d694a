"""Browser fixtures: the app served from a thread, and a phone-sized Debian chromium page."""

import logging
import tempfile
import threading
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_app():
    """Its own app and SQLite file, so the server thread shares nothing with other tests."""
    from app.seed.defaults import load_defaults

    with tempfile.TemporaryDirectory() as tmp:
        application = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.sqlite",
                "API_RATE_LIMIT": "100000 per minute",  # the outbox tests post quickly
            }
        )
        with application.app_context():
            upgrade()
            load_defaults()
        yield application
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


def _closed_before_sending(app):
    """WSGI middleware: each response read whole and closed before werkzeug sends it.

    When the browser drops a connection (a navigation cancelling an icon's download, say),
    werkzeug's development server raises while draining the socket, before it closes the
    response: a static file's handle is then left to the garbage collector, whose
    ResourceWarning fails whichever test is running (seen on static/icons/icon.svg). The
    pages and assets here are small, so nothing is lost by not streaming them.
    """

    def buffered(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return buffered


@pytest.fixture(scope="session")
def live_server(live_app):
    """The base URL of the app, served by werkzeug on a free port in a daemon thread."""
    server = make_server("127.0.0.1", 0, _closed_before_sending(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report carries what the browser said while it ran."""
    outcome = yield
    report = outcome.get_result()
    log = getattr(item, "browser_log", None)
    if log and report.failed:
        report.sections.append(("browser log", "\n".join(log)))


@pytest.fixture
def page(browser, live_server, request):
    """A fresh phone: 360x780, touch, 2x pixels, empty storage; fails on any JS error."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    context = browser.new_context(
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    errors: list[str] = []
    # Everything the page said, for the report of a test that fails (a flaky one above all).
    log: list[str] = []
    request.node.browser_log = log
    started = time.monotonic()

    def said(line: str) -> None:
        log.append(f"{time.monotonic() - started:7.3f}s {line}")

    pg.on("pageerror", lambda e: (errors.append(str(e)), said(f"pageerror: {e}")))
    # Chromium logs every failed or non-2xx load (a 422 form page, a 500 or a dropped reply the
    # outbox tests cause on purpose); those are the network's doing, not JS errors.
    expected = "Failed to load resource:"

    def console(m) -> None:
        said(f"console.{m.type}: {m.text} ({m.location.get('url', '')})")
        if m.type == "error" and not m.text.startswith(expected):
            errors.append(m.text)

    pg.on("console", console)
    pg.on("requestfailed", lambda r: said(f"request failed: {r.method} {r.url}: {r.failure}"))
    pg.on("framenavigated", lambda f: said(f"navigated: {f.url}") if f == pg.main_frame else None)
    pg.on("load", lambda p: said("load"))
    yield pg
    context.close()
    assert not errors, errors
