"""Measure the site against its performance budget: `scripts/bench` (python -m opskb.bench).

Prints: the time of a full build; for a text page and a diagram page in each language, the
requests a fresh browser makes and the bytes it transfers, gzip-compressed as a web server
with gzip would send them (the search index counted apart); the search index size per
language; the search time per keystroke (median and worst over tests/search_queries.*.yml).
Budget: a text page <= 120 KB compressed without the search index; a diagram page
loads no diagram script, and transfers at most its SVG bytes more than a text page: apart from
the page itself (whose diagrams are inline SVG, drawn at build time), it
loads no more than the text page does. A median keystroke must be answered within 50 ms.

`scripts/bench --scale N` instead builds a copy of the site with every chapter repeated N times
and prints its build time, index sizes and search times.

Then Lighthouse (npm, pinned in package.json; mobile profile) with Debian's Chromium against the site served by
deploy/nginx.conf: home, text, diagram, practice and glossary pages in both languages, and the
same text page built with plain Material in the same run, twice: with Material's default theme
settings, and with this site's (its light/dark palette toggle and features), so that the site's
own cost and Material's share are told apart. The three text pages and the practice page (all
questions with their answers, and the practice script: its performance must be at least the text
page's) are measured in turn, five times each, and the medians printed side by side, not
asserted: these shared machines are noisy (accessibility, best practices and SEO are the
deterministic figures).
`scripts/bench --no-lighthouse` skips it. Budgets are the constants below; the printed figures
are not kept in the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .build import build_site
from .chromium import CHROMIUM, CHROMIUM_ARGS
from .localserver import free_port, serve
from .nginx import nginx_binary, start_nginx
from .plugins.publish.csp import inline_script_hashes
from .project import ROOT, languages
from .search_eval import QUERY_SETS, load_queries, query_times
from .versions import npm_version

TEXT_PAGE = "linux/tar/"
PRACTICE_PAGE = "practice/"
DIAGRAM_PAGE = "network/tcp-connection/"
BUDGET_TEXT_PAGE = 120 * 1024
SEARCH_BUDGET_MS = 50  # median keystroke-to-result time
DIAGRAMS = re.compile(r'<div class="opskb-diagram".*?</svg></div></div>', re.S)


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
        path = requested[len(base) :].split("#")[0].split("?")[0]
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
    return {
        "requests": len(files),
        "bytes": total,
        "document": document,
        "svg": svg,
        "diagram_scripts": [s for s in scripts if "mermaid" in s.lower()],
    }


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = {
    "home": "",
    "text": TEXT_PAGE,
    "diagram": DIAGRAM_PAGE,
    "practice": PRACTICE_PAGE,
    "glossary": "glossary/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_scores(url: str, report_dir: Path) -> dict[str, int | None]:
    """One Lighthouse run (mobile profile, its default) on `url`: score per category, 0-100."""
    report = report_dir / (re.sub(r"\W+", "_", url) + f"-{time.monotonic_ns()}.json")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not report.is_file():
        print(f"lighthouse failed on {url}: {result.stderr[-1500:]}")
        return {c: None for c in CATEGORIES}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: data["categories"][c]["score"] for c in CATEGORIES}
    failed = sorted(
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary",)
        and any(
            ref["id"] == audit["id"]
            for c in CATEGORIES[1:]
            for ref in data["categories"][c]["auditRefs"]
            if ref.get("weight")
        )
    )
    if failed:
        print(f"  {url}: failed audits {', '.join(failed)}")
    return {c: None if s is None else round(s * 100) for c, s in scores.items()}


def build_plain_material(tmp: Path, site_url: str, theme: str = "default") -> Path:
    """The default language's pages built with plain Material: the same pages, nav and Markdown extensions, no
    project plugins, overrides, extra CSS or JS, no i18n, no glossary. No Google Fonts (no network here).

    theme="default": Material's defaults (no palette toggle, no features).
    theme="site": this site's `theme:` settings (palette with its light/dark toggle, features),
    without `custom_dir`: what Material itself costs for what the site asks of it, so that the
    difference to the site is what the site's own code costs."""
    project = tmp / f"plain-{theme}"
    default = languages()[0].code
    shutil.copytree(ROOT / "docs" / default, project / "docs")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = config[config.index("markdown_extensions:") : config.index("\nvalidation:")]
    nav = config[config.index("\nnav:") :]
    if theme == "site":
        settings = re.search(r"(?ms)^theme:\n(.*?)(?=^\S)", config).group(1)
        settings = re.sub(r"(?m)^  custom_dir:.*\n", "", settings)
    else:
        settings = f"  name: material\n  language: {default}\n  font: false\n"
    (project / "mkdocs.yml").write_text(
        f"site_name: Plain Material\nsite_url: {site_url}\ntheme:\n{settings}plugins:\n  - search\n{extensions}{nav}",
        encoding="utf-8",
    )
    site = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise SystemExit(f"plain Material build failed:\n{result.stderr[-3000:]}")
    # The same CSP as the site's: hashes of its own inline scripts.
    hashes = dict.fromkeys(
        h for page in site.rglob("*.html") for h in inline_script_hashes(page.read_text(encoding="utf-8"))
    )
    (site / "csp.conf").write_text(f'set $csp_script_hashes "{" ".join(hashes)}";\n', encoding="utf-8")
    return site


def median_score(scores: list[int | None]) -> int | None:
    known = sorted(s for s in scores if s is not None)
    return known[len(known) // 2] if known else None


TEXT_PAGE_RUNS = 5


def side_by_side_urls(site_url: str, plain_default_port: int, plain_site_port: int) -> dict[str, str]:
    """The pages measured in turn, TEXT_PAGE_RUNS times each: the default language's text page,
    its practice page (which must score at least the text page's performance), and the text page
    built with plain Material (its default theme, and this site's theme settings)."""
    code = languages()[0].code
    return {
        f"{code} text /{TEXT_PAGE}": site_url + TEXT_PAGE,
        f"{code} practice /{PRACTICE_PAGE}": site_url + PRACTICE_PAGE,
        "plain Material, default theme": f"http://127.0.0.1:{plain_default_port}/{TEXT_PAGE}",
        "plain Material, this site's theme": f"http://127.0.0.1:{plain_site_port}/{TEXT_PAGE}",
    }


def lighthouse_bench(tmp: Path, site: Path, site_port: int) -> None:
    """Lighthouse on the site (built for http://127.0.0.1:<site_port>/) served there by nginx, and on
    the same text page built with plain Material (its defaults, and this site's theme settings),
    side by side."""

    if not LIGHTHOUSE.exists() or not nginx_binary():
        print("lighthouse: skipped (npm lighthouse or nginx missing: run scripts/setup)")
        return
    site_url = f"http://127.0.0.1:{site_port}/"
    plains = {}
    for theme in ("default", "site"):
        port = free_port()
        plains[theme] = (build_plain_material(tmp, f"http://127.0.0.1:{port}/", theme), port)
    servers = [start_nginx(site, site_port, tmp / "nginx-site")[0]]
    servers += [start_nginx(plain, port, tmp / f"nginx-plain-{theme}")[0] for theme, (plain, port) in plains.items()]
    reports = tmp / "lighthouse"
    reports.mkdir()
    rows = []
    try:
        for language in languages():
            for kind, path in LIGHTHOUSE_PAGES.items():
                rows.append(
                    (
                        f"{language.code} {kind} /{language.prefix}{path}",
                        lighthouse_scores(site_url + language.prefix + path, reports),
                    )
                )
        # Performance moves by a few points between runs here (more on a busy machine): the three
        # text pages and the practice page are measured in turn, TEXT_PAGE_RUNS times each, and the
        # median of each is printed.
        urls = side_by_side_urls(site_url, plains["default"][1], plains["site"][1])
        runs = {name: [] for name in urls}
        for _ in range(TEXT_PAGE_RUNS):
            for name, url in urls.items():
                runs[name].append(lighthouse_scores(url, reports))
        for name, scores in runs.items():
            rows.append(
                (
                    f"{name} (median of {TEXT_PAGE_RUNS})",
                    {c: median_score([run[c] for run in scores]) for c in CATEGORIES},
                )
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    print(f"\nLighthouse {npm_version('lighthouse')}, mobile, served by deploy/nginx.conf")
    print(f"{'page':48} {'perf':>5} {'a11y':>5} {'best':>5} {'SEO':>5}")
    for name, scores in rows:
        print(f"{name:48} " + " ".join(f"{'-' if scores[c] is None else scores[c]:>5}" for c in CATEGORIES))
    medians = {name.split(" (median")[0]: scores["performance"] for name, scores in rows if "(median" in name}
    code = languages()[0].code
    text, practice = medians.get(f"{code} text /{TEXT_PAGE}"), medians.get(f"{code} practice /{PRACTICE_PAGE}")
    if text is not None and practice is not None:
        verdict = "at least the text page's" if practice >= text else "BELOW the text page's"
        print(f"practice page performance {practice} vs text page {text} in the same run: {verdict}")


def timed_build(project: Path, site: Path, site_url: str | None = None) -> tuple[float, int] | None:
    """Build `project` into `site`: (seconds, pages), or None after printing the error."""
    start = time.perf_counter()
    result = build_site(project, site, strict=False, site_url=site_url)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stderr[-3000:])
        return None
    return seconds, sum(1 for _ in site.rglob("index.html"))


def budget_report(lighthouse: bool) -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        port = free_port()  # the site is built for the address it is served at (absolute hreflang links)
        built = timed_build(ROOT, site, site_url=f"http://127.0.0.1:{port}/")
        if built is None:
            return 1
        print(f"build: {built[0]:.1f} s for {built[1]} pages (both languages)")
        server, base = serve(site, port)
        failures = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(
                f"{'page (search index not counted)':40} {'requests':>8} {'KB gzip':>8} {'of it SVG':>9} "
                f"{'extra vs text':>13}"
            )
            for language in languages():
                lang, prefix = language.code, language.prefix
                text = measure(browser, base + prefix + TEXT_PAGE, site, base)
                diagram = measure(browser, base + prefix + DIAGRAM_PAGE, site, base)
                for kind, path, m in (("text", TEXT_PAGE, text), ("diagram", DIAGRAM_PAGE, diagram)):
                    extra = (m["bytes"] - text["bytes"]) / 1024
                    print(
                        f"{lang + ' ' + kind + ' /' + prefix + path:40} {m['requests']:>8} "
                        f"{m['bytes'] / 1024:>8.1f} {m['svg'] / 1024:>9.1f} {extra:>+13.1f}"
                    )
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
        server.server_close()  # frees the port for nginx (Lighthouse, below)
        print("budget: " + ("OK" if not failures else "EXCEEDED: " + "; ".join(failures)))
        if lighthouse:
            lighthouse_bench(Path(tmp), site, port)
        return 1 if failures else 0


# --- search ------------------------------------------------------------------------------------


def search_index_sizes(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes of each language's search index, raw and gzip-compressed."""
    sizes = {}
    for language in languages():
        raw = (site / language.prefix / "search" / "search_index.json").read_bytes()
        sizes[language.code] = (len(raw), len(gzip.compress(raw, 6)))
    return sizes


def search_timings(browser, base: str) -> dict[str, list[float]]:
    """Keystroke-to-result milliseconds for every query of tests/search_queries.<lang>.yml."""
    timings = {}
    for lang in QUERY_SETS:
        page = browser.new_page()
        timings[lang] = query_times(page, base, lang, load_queries(QUERY_SETS[lang]))
        page.close()
    return timings


def print_search_report(site: Path, browser, base: str) -> list[str]:
    """Prints query times (median, worst) and index sizes; returns budget failures."""
    failures = []
    for lang, times in search_timings(browser, base).items():
        median, worst = statistics.median(times), max(times)
        print(f"search {lang}: {len(times)} queries, median {median:.0f} ms, worst {worst:.0f} ms per keystroke")
        if median > SEARCH_BUDGET_MS:
            failures.append(f"{lang} search median {median:.0f} ms > {SEARCH_BUDGET_MS} ms")
    for lang, (raw, packed) in search_index_sizes(site).items():
        print(f"search index {lang}: {raw / 1024:.0f} KB ({packed / 1024:.0f} KB gzip)")
    return failures


def scaled_project(scale: int, target: Path) -> Path:
    """A copy of the project whose every chapter appears `scale` times (chapter, chapter-2, ...),
    in both languages, with the nav left to MkDocs; returns the copy's root."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", "__pycache__")
    shutil.copytree(ROOT, target, ignore=ignore)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    for language in languages():
        docs = target / "docs" / language.code
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
        built = timed_build(project, site)
        if built is None:
            return 1
        print(f"scale {scale}: build {built[0]:.1f} s for {built[1]} pages (both languages)")
        server, base = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            failures = print_search_report(site, browser, base)
            browser.close()
        server.shutdown()
        print("search budget: " + ("OK" if not failures else "EXCEEDED: " + "; ".join(failures)))
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="build a copy with every chapter N times; print build time, index sizes, query times",
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    args = parser.parse_args()
    if args.scale:
        return scale_report(args.scale)
    return budget_report(lighthouse=not args.no_lighthouse)


if __name__ == "__main__":
    sys.exit(main())
