"""Offline export: one PDF book per language and an offline HTML copy of both languages, in dist/.

PDF: each language is built alone (print-site prints only the last language of a two-language
build) with mkdocs-print-site-plugin's print page (cover + contents + every page in nav order),
which headless Chromium prints with Playwright's `page.pdf()`: in TrueType fonts converted from
Noto CJK (scripts/print_fonts.py), styled by export/print.css, prepared by
export/prepare-print-page.js. Chromium's print engine cannot number the contents or run a
chapter header, so the book is printed twice: the first printing gives the page of every
chapter and page (scripts/pdf_book.py), the second has the numbers in the contents; then the
running headers and page numbers are laid over the pages and the metadata set (pikepdf). The two
languages print in parallel, each in its own browser.
Offline copy: both languages built with Material's offline plugin, zipped. Configuration:
mkdocs.yml (the offline and print-site plugins, switched on by environment variables).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (scripts/ is on sys.path when run)
from print_fonts import print_fonts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
EXPORT = ROOT / "export"
PRINT_CSS = EXPORT / "print.css"
PREPARE_JS = EXPORT / "prepare-print-page.js"
LANGUAGES = ("zh", "en")
TOC_TITLE = {"zh": "目录", "en": "Contents"}
# PDF metadata: the site name in that language (also the cover's title), its description.
TITLE = {"zh": "运维知识库", "en": "Ops Knowledge Base"}
AUTHOR = {"zh": "运维知识库作者", "en": "Ops Knowledge Base authors"}
SUBJECT = {
    "zh": "面向运维工程师的 Linux / DevOps 知识库与面试手册",
    "en": "A Linux / DevOps knowledge base and interview handbook for operations engineers",
}
PDF_LANGUAGE = {"zh": "zh-CN", "en": "en"}
# The printable width of an A4 page (210 mm less 2 x 18 mm) in CSS pixels, and the height of a page's
# text area (297 mm less 22 + 20 mm): a code block, table or box shorter than KEEP_FRACTION of a
# page is kept on one page.
TEXT_WIDTH_PX = round((210 - 36) / 25.4 * 96)
TEXT_HEIGHT_PX = round((297 - 42) / 25.4 * 96)
KEEP_FRACTION = 0.45
KEEP_JS = """
({ limit, fit }) => {
  let kept = 0;
  document.querySelectorAll(
    '#print-site-page :is(div.highlight, table, .admonition, details, .tabbed-block, .mermaid, figure, blockquote, .ops-kb-tab-label + *)'
  ).forEach((element) => {
    if (element.getBoundingClientRect().height < limit) { element.classList.add('ops-kb-keep'); kept += 1; }
  });
  // Diagrams: scaled down to fit a page with its heading (zoom also reaches into Mermaid's
  // shadow root), and never split.
  document.querySelectorAll('#print-site-page :is(.diagram, .mermaid)').forEach((element) => {
    const height = element.getBoundingClientRect().height;
    if (height > fit) element.style.zoom = (fit / height).toFixed(3);
    element.classList.add('ops-kb-keep');
  });
  return kept;
}
"""
FILL_TOC_JS = """
(pages) => document.querySelectorAll('.ops-kb-toc-page').forEach((slot) => {
  slot.textContent = pages[slot.dataset.target] ?? '';
})
"""

def log(message: str) -> None:
    print(f"[export] {message}", flush=True)


@contextlib.contextmanager
def step(name: str):
    log(f"{name} ...")
    start = time.monotonic()
    yield
    log(f"{name}: done in {time.monotonic() - start:.1f} s")


def mkdocs_build(site_dir: Path, **env: str) -> None:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(CONFIG), "-d", str(site_dir)],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed ({env}):\n{result.stdout}\n{result.stderr[-6000:]}")


def serve(directory: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def print_book(site_dir: Path, language: str, target: Path, fonts: dict[str, Path]) -> list[str]:
    """Print one language's book to `target`; returns log lines. Runs in its own process."""
    from playwright.sync_api import sync_playwright

    import pdf_book
    import print_fonts

    lines: list[str] = []
    started = time.monotonic()

    def note(message: str) -> None:
        lines.append(f"{target.name}: {message} ({time.monotonic() - started:.0f} s)")

    font_dir = site_dir / "_print_fonts"
    font_dir.mkdir(exist_ok=True)
    for path in fonts.values():  # served to the page for its @font-face rules
        shutil.copyfile(path, font_dir / path.name)
    fontconfig = print_fonts.fontconfig_file(fonts, font_dir)
    font_css = print_fonts.font_face_css(fonts, lambda path: f"/_print_fonts/{path.name}")
    load_fonts = ("() => Promise.all(['400 10pt ops-kb-sans', '700 10pt ops-kb-sans', '400 10pt ops-kb-mono', '700 10pt ops-kb-mono']"
                  ".map((font) => document.fonts.load(font))).then(() => document.fonts.ready).then(() => true)")
    pdf_options = dict(format="A4", print_background=True, prefer_css_page_size=True,
                       # Bookmarks from the headings: Chromium builds the outline from the tagged
                       # structure, so it needs tagged=True too (pdf_book drops the structure tree
                       # afterwards: a fifth of the size).
                       outline=True, tagged=True)
    server, url = serve(site_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                                 env={**os.environ, "FONTCONFIG_FILE": str(fontconfig)})
            # As wide as the printed text, so that the heights measured for KEEP_JS are the printed ones.
            page = browser.new_page(viewport={"width": TEXT_WIDTH_PX, "height": 1000})
            # The print page holds the whole site (a few MB of HTML): generous timeouts on a busy machine.
            page.set_default_timeout(600_000)
            page.goto(f"{url}print_page/index.html", wait_until="load")
            page.emulate_media(media="print")
            book = page.evaluate(PREPARE_JS.read_text(encoding="utf-8"), os.environ.get("SITE_URL", ""))
            for href in book["localLinksDropped"]:
                note(f"link to a page outside the book, printed as text: {href}")
            page.evaluate("title => { document.title = title; }", TITLE[language])
            page.add_style_tag(content=font_css + "\n" + PRINT_CSS.read_text(encoding="utf-8"))
            page.evaluate(load_fonts)
            kept = page.evaluate(KEEP_JS, {"limit": TEXT_HEIGHT_PX * KEEP_FRACTION, "fit": TEXT_HEIGHT_PX * 0.85})
            note(f"prepared: {len(book['chapters'])} chapters, {len(book['entries'])} contents entries, "
                 f"{kept} short blocks kept whole")
            # Untagged, without bookmarks: faster, and the pages come out the same.
            printed = page.pdf(**{**pdf_options, "tagged": False, "outline": False})
            pages = pdf_book.anchor_pages(printed)
            note("first printing (page numbers)")
            # Filling in the numbers moves nothing (fixed-width slots); print again until it is so.
            for _attempt in range(3):
                page.evaluate(FILL_TOC_JS, {anchor: number + 1 for anchor, number in pages.items()})
                printed = page.pdf(**pdf_options)
                after = pdf_book.anchor_pages(printed)
                if all(after.get(entry["id"]) == pages.get(entry["id"]) for entry in book["entries"]):
                    break
                pages = after
            else:
                raise SystemExit(f"{target.name}: contents page numbers do not settle")
            note("second printing (contents with page numbers)")
            missing = [entry["id"] for entry in book["entries"] if entry["id"] not in pages]
            if missing:
                raise SystemExit(f"{target.name}: no page found for contents entries {missing}")
            page_count = pdf_book.page_count(printed)
            heads = pdf_book.running_heads(page_count, book["chapters"], book["entries"], pages,
                                           first_content_page=pages[book["entries"][0]["id"]])
            (site_dir / "_running_heads.html").write_text(
                pdf_book.running_heads_html(heads, language, font_css), encoding="utf-8")
            heads_page = browser.new_page()
            heads_page.set_default_timeout(600_000)
            heads_page.goto(f"{url}_running_heads.html", wait_until="load")
            heads_page.evaluate(load_fonts)
            heads_pdf = heads_page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
            browser.close()
        pdf_book.stamp_and_finish(printed, heads_pdf, target, title=TITLE[language], author=AUTHOR[language],
                                  subject=SUBJECT[language], language=PDF_LANGUAGE[language])
        note(f"{page_count} pages, {target.stat().st_size / 1e6:.1f} MB")
    finally:
        server.shutdown()
    return lines


def zip_directory(source: Path, target: Path, top: str) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(source)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output directory (default: dist/)")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    date = datetime.date.today().isoformat()
    total = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="ops-kb-export-") as tmp:
        work = Path(tmp)
        builds = {lang: work / f"print-{lang}" for lang in LANGUAGES}
        offline = work / "offline"
        with step("build: print pages (zh, en) and offline copy, in parallel"):
            with ThreadPoolExecutor(max_workers=3) as pool:
                jobs = [
                    pool.submit(mkdocs_build, builds[lang], EXPORT_LOCALE=lang, EXPORT_PDF="true", EXPORT_DATE=date,
                                EXPORT_TOC_TITLE=TOC_TITLE[lang])
                    for lang in LANGUAGES
                ]
                jobs.append(pool.submit(mkdocs_build, offline, EXPORT_OFFLINE="true", EXPORT_DATE=date))
                for job in jobs:
                    job.result()

        with step("fonts: TrueType print fonts (cached)"):
            text = "".join((builds[lang] / "print_page" / "index.html").read_text(encoding="utf-8")
                           for lang in LANGUAGES)
            fonts = print_fonts(text + PRINT_CSS.read_text(encoding="utf-8") + "".join(TITLE.values())
                                + "".join(TOC_TITLE.values()))

        with step("pdf: both languages, in parallel"):
            with ProcessPoolExecutor(max_workers=len(LANGUAGES)) as pool:
                jobs = [pool.submit(print_book, builds[lang], lang, out / f"ops-kb-{lang}.pdf", fonts)
                        for lang in LANGUAGES]
                for job in jobs:
                    for line in job.result():
                        log(line)

        target = out / "ops-kb-offline.zip"
        with step(f"zip: {target.name}"):
            zip_directory(offline, target, "ops-kb-offline")
        log(f"{target.name}: {target.stat().st_size / 1e6:.1f} MB (open ops-kb-offline/index.html)")
    log(f"total: {time.monotonic() - total:.1f} s, artefacts in {out}")


if __name__ == "__main__":
    main()
