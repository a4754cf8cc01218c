"""Measure the site against its performance budget (run through scripts/bench).

Prints: the time of a full build; for a text page and a diagram page in each language, the
requests a fresh browser makes and the bytes it transfers, gzip-compressed as a web server
with gzip would send them (the search index counted apart); the search index size per
language; the search time per keystroke (median and worst over tests/search_queries.*.yml).
Budget: a text page <= 120 KB compressed without the search index; a diagram page
loads no diagram script, and transfers at most its SVG bytes more than a text page: apart from
the page itself (whose diagrams are inline SVG, drawn at build time by hooks/diagrams.py), it
loads no more than the text page does. A median keystroke must be answered within 50 ms.

`scripts/bench --scale N` instead builds a copy of the site with every chapter repeated N times
and prints its build time, index sizes and search times.
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
            failures += print_search_report(site, browser, base)
            browser.close()
        server.shutdown()
        print("budget: " + ("OK" if not failures else "EXCEEDED: " + "; ".join(failures)))
        return 1 if failures else 0


# --- search (c-search) ---------------------------------------------------------------------------

def search_index_sizes(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes of each language's search index, raw and gzip-compressed."""
    sizes = {}
    for lang, path in (("zh", "search/search_index.json"), ("en", "en/search/search_index.json")):
        raw = (site / path).read_bytes()
        sizes[lang] = (len(raw), len(gzip.compress(raw, 6)))
    return sizes


def search_timings(browser, base: str) -> dict[str, list[float]]:
    """Keystroke-to-result milliseconds for every query of tests/search_queries.<lang>.yml."""
    from support.search_eval import QUERY_SETS, load_queries, query_times

    timings = {}
    for lang in ("zh", "en"):
        page = browser.new_page()
        timings[lang] = query_times(page, base, lang, load_queries(QUERY_SETS[lang]))
        page.close()
    return timings


def print_search_report(site: Path, browser, base: str) -> list[str]:
    """Prints query times (median, worst) and index sizes; returns budget failures."""
    import statistics

    failures = []
    for lang, times in search_timings(browser, base).items():
        median, worst = statistics.median(times), max(times)
        print(f"search {lang}: {len(times)} queries, median {median:.0f} ms, worst {worst:.0f} ms per keystroke")
        if median > SEARCH_BUDGET_MS:
            failures.append(f"{lang} search median {median:.0f} ms > {SEARCH_BUDGET_MS} ms")
    for lang, (raw, packed) in search_index_sizes(site).items():
        print(f"search index {lang}: {raw / 1024:.0f} KB ({packed / 1024:.0f} KB gzip)")
    return failures


SEARCH_BUDGET_MS = 50


def scaled_project(scale: int, target: Path) -> Path:
    """A copy of the project whose every chapter appears `scale` times (chapter, chapter-2, ...),
    in both languages, with the nav left to MkDocs; returns the copy's root."""
    import re
    import shutil

    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "__pycache__")
    shutil.copytree(ROOT, target, ignore=ignore)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    for lang in ("zh", "en"):
        docs = target / "docs" / lang
        chapters = [d for d in docs.iterdir() if d.is_dir() and (d / "interview.md").is_file()]
        for chapter in chapters:
            for copy in range(2, scale + 1):
                shutil.copytree(chapter, docs / f"{chapter.name}-{copy}")
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    # The copies are not in the nav: drop it (MkDocs then lists every page) and its checks.
    config = re.sub(r"(?ms)^nav:\n.*?(?=^\S|\Z)", "", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def scale_report(scale: int) -> int:
    """`scripts/bench --scale N`: build an N-times site; print build time, index sizes, query times."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        project = scaled_project(scale, Path(tmp) / "project")
        site = Path(tmp) / "site"
        start = time.perf_counter()
        result = build_site(project, site, strict=False)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            print(result.stderr[-3000:])
            return 1
        pages = sum(1 for _ in site.rglob("index.html"))
        print(f"scale {scale}: build {seconds:.1f} s for {pages} pages (both languages)")
        server, base = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            failures = print_search_report(site, browser, base)
            browser.close()
        server.shutdown()
        print("search budget: " + ("OK" if not failures else "EXCEEDED: " + "; ".join(failures)))
        return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--scale"]:
        sys.exit(scale_report(int(sys.argv[2])))
    sys.exit(main())
