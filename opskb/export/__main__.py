"""Offline export: one PDF book per language and an offline HTML copy of both languages, in dist/.

PDF: each language is built alone (print-site prints only the last language of a two-language
build) with mkdocs-print-site-plugin's print page (cover + contents + every page in nav order),
which headless Chromium prints with Playwright's `page.pdf()`: in TrueType fonts converted from
Noto CJK (fonts.py), styled by print.css, prepared by prepare-print-page.js (all in this
folder). Chromium's print engine cannot number the contents or run a
chapter header, so the book is printed twice: the first printing gives the page of every
chapter and page (book.py), the second has the numbers in the contents; then the
running headers and page numbers are laid over the pages and the metadata set (pikepdf). The two
languages print in parallel, each in its own browser.
Offline copy: both languages built with Material's offline plugin, zipped. Configuration:
mkdocs.yml (the offline and print-site plugins, switched on by environment variables).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from ..chromium import CHROMIUM, CHROMIUM_ARGS
from ..localserver import serve
from ..project import MKDOCS_YML, ROOT, languages
from . import book
from .fonts import font_face_css, fontconfig_file, print_fonts

HERE = Path(__file__).resolve().parent
PRINT_CSS = HERE / "print.css"
PREPARE_JS = HERE / "prepare-print-page.js"
# PDF metadata: the site name in that language (mkdocs.yml) is the title (also the cover's), its
# description the subject.
TITLE = {language.code: language.site_name for language in languages()}
SUBJECT = {language.code: language.site_description for language in languages()}
TOC_TITLE = {"zh": "目录", "en": "Contents"}
AUTHOR = {"zh": "{site}作者", "en": "{site} authors"}
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
    '#print-site-page :is(div.highlight, table, .admonition, details, .tabbed-block, figure, blockquote, '
    + '.opskb-tab-label + *)'
  ).forEach((element) => {
    if (element.getBoundingClientRect().height < limit) { element.classList.add('opskb-keep'); kept += 1; }
  });
  // Diagrams (inline SVG): scaled down to fit a page with its heading, and never split.
  document.querySelectorAll('#print-site-page .opskb-diagram').forEach((element) => {
    const height = element.getBoundingClientRect().height;
    if (height > fit) element.style.zoom = (fit / height).toFixed(3);
    element.classList.add('opskb-keep');
  });
  return kept;
}
"""
FILL_TOC_JS = """
(pages) => document.querySelectorAll('.opskb-toc-page').forEach((slot) => {
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
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(MKDOCS_YML), "-d", str(site_dir)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed ({env}):\n{result.stdout}\n{result.stderr[-6000:]}")


def print_book(site_dir: Path, language: str, target: Path, fonts: dict[str, Path]) -> list[str]:
    """Print one language's book to `target`; returns log lines. Runs in its own process."""
    from playwright.sync_api import sync_playwright

    lines: list[str] = []
    started = time.monotonic()

    def note(message: str) -> None:
        lines.append(f"{target.name}: {message} ({time.monotonic() - started:.0f} s)")

    font_dir = site_dir / "_print_fonts"
    font_dir.mkdir(exist_ok=True)
    for path in fonts.values():  # served to the page for its @font-face rules
        shutil.copyfile(path, font_dir / path.name)
    fontconfig = fontconfig_file(fonts, font_dir)
    font_css = font_face_css(fonts, lambda path: f"/_print_fonts/{path.name}")
    load_fonts = (
        "() => Promise.all(['400 10pt ops-kb-sans', '700 10pt ops-kb-sans', '400 10pt ops-kb-mono',"
        " '700 10pt ops-kb-mono']"
        ".map((font) => document.fonts.load(font))).then(() => document.fonts.ready).then(() => true)"
    )
    pdf_options = dict(
        format="A4",
        print_background=True,
        prefer_css_page_size=True,
        # Bookmarks from the headings: Chromium builds the outline from the tagged
        # structure, so it needs tagged=True too (pdf_book drops the structure tree
        # afterwards: a fifth of the size).
        outline=True,
        tagged=True,
    )
    server, url = serve(site_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=CHROMIUM_ARGS,
                headless=True,
                env={**os.environ, "FONTCONFIG_FILE": str(fontconfig)},
            )
            # As wide as the printed text, so that the heights measured for KEEP_JS are the printed ones.
            page = browser.new_page(viewport={"width": TEXT_WIDTH_PX, "height": 1000})
            # The print page holds the whole site (a few MB of HTML): generous timeouts on a busy machine.
            page.set_default_timeout(600_000)
            page.goto(f"{url}print_page/index.html", wait_until="load")
            page.emulate_media(media="print")
            prepared = page.evaluate(PREPARE_JS.read_text(encoding="utf-8"), os.environ.get("SITE_URL", ""))
            for href in prepared["localLinksDropped"]:
                note(f"link to a page outside the book, printed as text: {href}")
            page.evaluate("title => { document.title = title; }", TITLE[language])
            page.add_style_tag(content=font_css + "\n" + PRINT_CSS.read_text(encoding="utf-8"))
            page.evaluate(load_fonts)
            kept = page.evaluate(KEEP_JS, {"limit": TEXT_HEIGHT_PX * KEEP_FRACTION, "fit": TEXT_HEIGHT_PX * 0.85})
            note(
                f"prepared: {len(prepared['chapters'])} chapters, {len(prepared['entries'])} contents entries, "
                f"{kept} short blocks kept whole"
            )
            # Untagged, without bookmarks: faster, and the pages come out the same.
            printed = page.pdf(**{**pdf_options, "tagged": False, "outline": False})
            pages = book.anchor_pages(printed)
            note("first printing (page numbers)")
            # Filling in the numbers moves nothing (fixed-width slots); print again until it is so.
            for _attempt in range(3):
                page.evaluate(FILL_TOC_JS, {anchor: number + 1 for anchor, number in pages.items()})
                printed = page.pdf(**pdf_options)
                after = book.anchor_pages(printed)
                if all(after.get(entry["id"]) == pages.get(entry["id"]) for entry in prepared["entries"]):
                    break
                pages = after
            else:
                raise SystemExit(f"{target.name}: contents page numbers do not settle")
            note("second printing (contents with page numbers)")
            missing = [entry["id"] for entry in prepared["entries"] if entry["id"] not in pages]
            if missing:
                raise SystemExit(f"{target.name}: no page found for contents entries {missing}")
            page_count = book.page_count(printed)
            heads = book.running_heads(
                page_count,
                prepared["chapters"],
                prepared["entries"],
                pages,
                first_content_page=pages[prepared["entries"][0]["id"]],
            )
            (site_dir / "_running_heads.html").write_text(
                book.running_heads_html(heads, language, font_css), encoding="utf-8"
            )
            heads_page = browser.new_page()
            heads_page.set_default_timeout(600_000)
            heads_page.goto(f"{url}_running_heads.html", wait_until="load")
            heads_page.evaluate(load_fonts)
            heads_pdf = heads_page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
            browser.close()
        book.stamp_and_finish(
            printed,
            heads_pdf,
            target,
            title=TITLE[language],
            author=AUTHOR[language].format(site=TITLE[language]),
            subject=SUBJECT[language],
            language=PDF_LANGUAGE[language],
        )
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
        codes = list(TITLE)
        builds = {lang: work / f"print-{lang}" for lang in codes}
        offline = work / "offline"
        with step("build: print pages (zh, en) and offline copy, in parallel"), ThreadPoolExecutor(3) as pool:
            jobs = [
                pool.submit(
                    mkdocs_build,
                    builds[lang],
                    EXPORT_LOCALE=lang,
                    EXPORT_PDF="true",
                    EXPORT_DATE=date,
                    EXPORT_TOC_TITLE=TOC_TITLE[lang],
                )
                for lang in codes
            ]
            jobs.append(pool.submit(mkdocs_build, offline, EXPORT_OFFLINE="true", EXPORT_DATE=date))
            for job in jobs:
                job.result()

        with step("fonts: TrueType print fonts (cached)"):
            text = "".join((builds[lang] / "print_page" / "index.html").read_text(encoding="utf-8") for lang in codes)
            fonts = print_fonts(
                text + PRINT_CSS.read_text(encoding="utf-8") + "".join(TITLE.values()) + "".join(TOC_TITLE.values())
            )

        with step("pdf: both languages, in parallel"), ProcessPoolExecutor(max_workers=len(codes)) as pool:
            jobs = [pool.submit(print_book, builds[lang], lang, out / f"ops-kb-{lang}.pdf", fonts) for lang in codes]
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
