"""Measure the site against its performance budget (run through scripts/bench).

Prints: the time of a full build; for a text page and a diagram page in each language, the
requests a fresh browser makes and the bytes it transfers, gzip-compressed as a web server
with gzip would send them (the search index counted apart); the search index size per
language. Budget: a text page <= 120 KB compressed without the search index; a diagram page
loads no diagram script, and transfers at most its SVG bytes more than a text page: apart from
the page itself (whose diagrams are inline SVG, drawn at build time by hooks/diagrams.py), it
loads no more than the text page does.
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from conftest import serve  # noqa: E402
from support.checks import build_site  # noqa: E402

TEXT_PAGE = "linux/tar/"
DIAGRAM_PAGE = "network/tcp-connection/"
BUDGET_TEXT_PAGE = 120 * 1024
DIAGRAMS = re.compile(r'<div class="diagram".*?</svg></div></div>', re.S)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def measure(browser, url: str, site: Path, base: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    files: list[Path] = []
    page.on("requestfinished", lambda request: files.append(request.url))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1000)
    context.close()
    # The search worker fetches the index at its own pace; it is measured apart (below).
    files = [url for url in files if "search_index" not in url]
    total = document = svg = 0
    scripts = []
    for requested in files:
        path = requested[len(base):].split("#")[0].split("?")[0]
        local = site / path
        if local.is_dir() or path.endswith("/") or not path:
            local = local / "index.html"
        data = local.read_bytes() if local.is_file() else b""
        total += gzipped(data)
        if path.endswith(".js"):
            scripts.append(path)
        if local.name == "index.html" and requested.split("#")[0] == url.split("#")[0]:
            document = gzipped(data)
            # The diagrams' share of the page: the page compressed with and without them.
            svg = document - gzipped(DIAGRAMS.sub("", data.decode("utf-8")).encode("utf-8"))
    return {"requests": len(files), "bytes": total, "document": document, "svg": svg,
            "diagram_scripts": [s for s in scripts if "mermaid" in s.lower()]}


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        start = time.perf_counter()
        result = build_site(ROOT, site, strict=False)
        build_seconds = time.perf_counter() - start
        if result.returncode != 0:
            print(result.stderr[-3000:])
            return 1
        pages = sum(1 for _ in site.rglob("index.html"))
        print(f"build: {build_seconds:.1f} s for {pages} pages (both languages)")
        server, base = serve(site)
        failures = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"{'page (search index not counted)':40} {'requests':>8} {'KB gzip':>8} {'of it SVG':>9} "
                  f"{'extra vs text':>13}")
            for lang in ("zh", "en"):
                prefix = "" if lang == "zh" else "en/"
                text = measure(browser, base + prefix + TEXT_PAGE, site, base)
                diagram = measure(browser, base + prefix + DIAGRAM_PAGE, site, base)
                for kind, path, m in (("text", TEXT_PAGE, text), ("diagram", DIAGRAM_PAGE, diagram)):
                    extra = (m["bytes"] - text["bytes"]) / 1024
                    print(f"{lang + ' ' + kind + ' /' + prefix + path:40} {m['requests']:>8} "
                          f"{m['bytes'] / 1024:>8.1f} {m['svg'] / 1024:>9.1f} {extra:>+13.1f}")
                if text["bytes"] > BUDGET_TEXT_PAGE:
                    failures.append(f"{lang} text page: {text['bytes'] / 1024:.1f} KB > 120 KB")
                for kind, m in (("text", text), ("diagram", diagram)):
                    if m["diagram_scripts"]:
                        failures.append(f"{lang} {kind} page loads a diagram script: {m['diagram_scripts']}")
                # Everything but the page itself: no more than the text page loads (1 KB of slack
                # for the requests Material makes at its own pace).
                if diagram["bytes"] - diagram["document"] > text["bytes"] - text["document"] + 1024:
                    failures.append(f"{lang} diagram page loads more than the text page besides its SVG")
            browser.close()
        server.shutdown()
        for lang, path in (("zh", "search/search_index.json"), ("en", "en/search/search_index.json")):
            raw = (site / path).read_bytes()
            print(f"search index {lang}: {len(raw) / 1024:.0f} KB ({len(gzip.compress(raw, 6)) / 1024:.0f} KB gzip)")
        print("budget: " + ("OK" if not failures else "EXCEEDED: " + "; ".join(failures)))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
