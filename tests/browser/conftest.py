"""Browser test harness for Warta: a static file server, headless Chromium via
Playwright (Debian's /usr/bin/chromium, never a downloaded browser build),
page factories, axe-core accessibility checks and screenshots.

Fixtures
--------
static_server        factory: ``base_url = static_server(root)`` serves ``root``
                     on http://127.0.0.1:<free port>/ until the test ends.
browser              session-wide Playwright Chromium browser.
new_page             factory: ``new_page(viewport=(w, h), javascript=True)``.
mobile_page          360x740 page.     desktop_page   1280x800 page.
nojs_page            1280x800 page with JavaScript disabled.
axe_violations       the :func:`axe_violations` helper (also importable).
screenshot           the :func:`screenshot` helper (also importable).

Tests here get the ``browser`` marker automatically (``-m "not browser"``
deselects them).  Under CI=true a missing chromium / java / vnu.jar / axe-core
is a failure, elsewhere a skip (see tests/tools.py).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (  # noqa: E402
    CHROMIUM_ARGS, DESKTOP, MOBILE, axe_violations, format_axe_violations, screenshot, tools,
)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: needs headless Chromium (Playwright + Debian chromium) "
        "and/or the Node test tools (axe-core, vnu-jar)",
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------
# static file server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".wasm": "application/wasm",
        ".woff2": "font/woff2",
    }

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def end_headers(self):
        # Never let the browser cache between rebuilds within a session.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # browsers drop connections mid-response; not a test failure


@pytest.fixture
def static_server():
    """Factory: ``static_server(root) -> "http://127.0.0.1:PORT/"``.

    Serves ``root`` (a directory) with the stdlib http.server from a
    background thread on a free port; every server is shut down at teardown.
    """
    servers = []

    def serve(root) -> str:
        root = Path(root)
        if not root.is_dir():
            raise NotADirectoryError(f"static_server: {root} is not a directory")
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = _Server(("127.0.0.1", 0), handler)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"static-server-{server.server_address[1]}",
            daemon=True,
        )
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------
# browser and pages


@pytest.fixture(scope="session")
def browser():
    chromium = tools.require_tool("chromium", tools.find_chromium())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.txt
        if tools.in_ci():
            pytest.fail("python package 'playwright' is not installed", pytrace=False)
        pytest.skip("python package 'playwright' is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(chromium),
            headless=True,
            args=CHROMIUM_ARGS,
            timeout=60_000,
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_page(browser):
    """Factory: ``new_page(viewport=(w, h), javascript=True, **context_kw)``.

    Each page gets its own browser context (no shared cookies/storage), with
    locale id-ID; contexts are closed at teardown.
    """
    contexts = []

    def make(viewport=DESKTOP, javascript=True, **context_kw):
        w, h = viewport
        context_kw.setdefault("locale", "id-ID")
        context_kw.setdefault("timezone_id", "Asia/Jakarta")
        ctx = browser.new_context(
            viewport={"width": w, "height": h},
            java_script_enabled=javascript,
            **context_kw,
        )
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def mobile_page(new_page):
    return new_page(MOBILE)


@pytest.fixture
def desktop_page(new_page):
    return new_page(DESKTOP)


@pytest.fixture
def nojs_page(new_page):
    return new_page(DESKTOP, javascript=False)


# --------------------------------------------------------------------------
# axe-core and screenshots


# With JavaScript disabled (java_script_enabled=False) Chromium still lets
# Playwright evaluate code, but never fires timers, and axe.run() waits on
# setTimeout: it would hang forever.  For such pages only, setTimeout is
# replaced by a microtask while axe runs (no page script can run there anyway)
# and restored afterwards.
@pytest.fixture(name="axe_violations")
def _axe_violations_fixture():
    return axe_violations


@pytest.fixture(name="format_axe_violations")
def _format_axe_violations_fixture():
    return format_axe_violations


@pytest.fixture(name="screenshot")
def _screenshot_fixture():
    return screenshot
