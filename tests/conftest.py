"""Shared fixtures: the site built once with the real MkDocs, a local server, headless Chromium;
and the report printed at the end of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from opskb.build import build_site
from opskb.chromium import CHROMIUM, CHROMIUM_ARGS
from opskb.localserver import free_port, serve
from opskb.project import ROOT
from support.browser import PageWatch
from support.built_site import LISTED_EXTERNAL_LINKS


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
    from opskb.markdown import Document
    from support.examples import DOCS, EXAMPLE_PAGES, run_examples

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
