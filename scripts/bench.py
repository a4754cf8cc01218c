"""Measure the site against its performance budget (run through scripts/bench).

Prints: the time of a full build; for a text page and a diagram page in each language, the
requests a fresh browser makes and the bytes it transfers, gzip-compressed as a web server
with gzip would send them (the search index counted apart); the search index size per
language. Budget: a text page <= 120 KB compressed without the search index, and no Mermaid
bytes on pages without a diagram.
"""

from __future__ import annotations

import gzip
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
    total = mermaid = 0
    for requested in files:
        path = requested[len(base):].split("#")[0].split("?")[0]
        local = site / path
        if local.is_dir() or path.endswith("/") or not path:
            local = local / "index.html"
        size = len(gzip.compress(local.read_bytes(), 6)) if local.is_file() else 0
        total += size
        if "mermaid" in path:
            mermaid += size
    return {"requests": len(files), "bytes": total, "mermaid": mermaid}


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
            print(f"{'page (search index not counted)':40} {'requests':>8} {'KB gzip':>8} {'of it Mermaid':>13}")
            for lang in ("zh", "en"):
                prefix = "" if lang == "zh" else "en/"
                for kind, path in (("text", TEXT_PAGE), ("diagram", DIAGRAM_PAGE)):
                    m = measure(browser, base + prefix + path, site, base)
                    print(f"{lang + ' ' + kind + ' /' + prefix + path:40} {m['requests']:>8} "
                          f"{m['bytes'] / 1024:>8.1f} {m['mermaid'] / 1024:>13.1f}")
                    if kind == "text" and m["bytes"] > BUDGET_TEXT_PAGE:
                        failures.append(f"{lang} text page: {m['bytes'] / 1024:.1f} KB > 120 KB")
                    if kind == "text" and m["mermaid"]:
                        failures.append(f"{lang} text page loads Mermaid")
            browser.close()
        server.shutdown()
        for lang, path in (("zh", "search/search_index.json"), ("en", "en/search/search_index.json")):
            raw = (site / path).read_bytes()
            print(f"search index {lang}: {len(raw) / 1024:.0f} KB ({len(gzip.compress(raw, 6)) / 1024:.0f} KB gzip)")
        print("budget: " + ("OK" if not failures else "EXCEEDED: " + "; ".join(failures)))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
