"""Shared fixtures: the site built once with the real MkDocs, a local server, headless Chromium."""

from __future__ import annotations

import functools
import http.server
import socket
import sys
import threading
from pathlib import Path

import pytest

from support.checks import LISTED_EXTERNAL_LINKS, ROOT, build_site

sys.path.insert(0, str(ROOT / "scripts"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (shared with scripts/export.py and bench)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the site is built for (its site_url) and served at: the hreflang alternates are
    absolute, and Material fetches sitemap.xml next to them."""
    return free_port()


@pytest.fixture(scope="session")
def build(tmp_path_factory, site_port):
    """`mkdocs build --strict` of the real project; (site dir, completed process)."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site, strict=True, site_url=f"http://127.0.0.1:{site_port}/")
    return site, result


@pytest.fixture(scope="session")
def example_runs():
    """Every page's executed examples, run (and traced) once: page -> ExampleRun. Used by
    test_examples (outputs) and test_installed_commands (the programs they ran)."""
    from support.examples import DOCS, EXAMPLE_PAGES, run_examples
    from support.markdown import Document

    return {page: run_examples(Document(DOCS / page)) for page in EXAMPLE_PAGES}


@pytest.fixture(scope="session")
def site(build, tmp_path_factory, site_port) -> Path:
    """The built site. A strict build stops before its last steps when it has warnings
    (test_build_strict reports them); then the other tests check a non-strict build."""
    site, result = build
    if result.returncode != 0:
        site = tmp_path_factory.mktemp("site-non-strict")
        result = build_site(ROOT, site, strict=False, site_url=f"http://127.0.0.1:{site_port}/")
    if result.returncode != 0 or not (site / "index.html").is_file():
        pytest.fail(f"the site does not build:\n{result.stderr[-4000:]}")
    return site


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        # Tells LinkChecker this is a local server it need not throttle itself for.
        self.send_header("LinkChecker", "local")
        super().end_headers()

    def log_message(self, format, *args):
        pass


def serve(directory: Path, port: int = 0):
    """Serve `directory` at the root of a local HTTP server (site_url's path is `/`); any free port
    unless `port` is given (the one the site was built for)."""
    handler = functools.partial(_SiteHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_url(site, site_port):
    server, url = serve(site, site_port)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Console errors that are expected, each with its reason (none today: the sitemap.xml files that
# Material's language selector asks for exist, hooks/sitemaps.py).
ALLOWED_CONSOLE_ERRORS: list = []


class PageWatch:
    """What a page did: requests to other origins and console errors."""

    def __init__(self, origin: str):
        self.origin = origin
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []

    def on_request(self, request):
        url = request.url
        if not url.startswith((self.origin, "data:", "blob:", "about:")):
            self.foreign_requests.append(url)

    def on_console(self, message):
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if any(allowed(message.text, url) for allowed, _ in ALLOWED_CONSOLE_ERRORS):
            return
        self.console_errors.append(f"{message.text} ({url})")

    def on_page_error(self, error):
        self.console_errors.append(f"uncaught: {error}")


@pytest.fixture
def page(browser, site_url):
    """A fresh browser page; after the test, no request may have left the site's origin and no
    console error may have occurred (except the named ones)."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    watch = PageWatch(site_url.rstrip("/"))
    page.on("request", watch.on_request)
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    page.watch = watch
    yield page
    context.close()
    assert not watch.foreign_requests, "requests left the site's origin:\n" + "\n".join(watch.foreign_requests)
    assert not watch.console_errors, "console errors:\n" + "\n".join(watch.console_errors)


def pytest_terminal_summary(terminalreporter, config):
    from support.baseline import FRESHNESS_REPORT

    if FRESHNESS_REPORT:  # filled by tests/test_page_baseline.py
        terminalreporter.section("scripts/freshness")
        for line in FRESHNESS_REPORT:
            terminalreporter.write_line(line)
    links = LISTED_EXTERNAL_LINKS
    if not links:
        return
    terminalreporter.section(f"external links ({len(links)}, checked for https, not fetched)")
    for url in sorted(links):
        terminalreporter.write_line(url)
