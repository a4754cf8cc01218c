"""Offline export: one PDF per language and an offline HTML copy of both languages, in dist/.

PDF: each language is built alone (print-site prints only the last language of a
two-language build) with mkdocs-print-site-plugin's print page (cover + table of contents),
which headless Chromium prints with Playwright's `page.pdf()`. Offline copy: both languages
built with Material's offline plugin, zipped. Configuration: mkdocs.yml (the offline and
print-site plugins, switched on by environment variables).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (scripts/ is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
PRINT_CSS = ROOT / "export" / "print.css"
LANGUAGES = ("zh", "en")
TOC_TITLE = {"zh": "目录", "en": "Table of contents"}
FOOTER = {
    "zh": "第 <span class='pageNumber'></span> 页，共 <span class='totalPages'></span> 页",
    "en": "Page <span class='pageNumber'></span> of <span class='totalPages'></span>",
}

# Before printing: open every <details>, put each content tab under its label.
PREPARE_JS = """
() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  document.querySelectorAll('.tabbed-set').forEach(set => {
    const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
    const blocks = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')];
    blocks.forEach((block, i) => {
      const label = document.createElement('p');
      label.className = 'ops-kb-tab-label';
      label.textContent = labels[i] ? labels[i].textContent.trim() : '';
      block.prepend(label);
    });
  });
}
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


def print_pdf(browser, site_dir: Path, language: str, target: Path) -> None:
    server, url = serve(site_dir)
    try:
        page = browser.new_page()
        # The print page holds the whole site (a few MB of HTML): generous timeouts on a busy machine.
        page.set_default_timeout(300_000)
        page.goto(f"{url}print_page/index.html", wait_until="load")
        page.emulate_media(media="print")
        # Mermaid replaces each <pre class="mermaid"> source with a rendered diagram.
        page.wait_for_function("() => !document.querySelector('pre.mermaid')")
        page.evaluate(PREPARE_JS)
        page.add_style_tag(path=str(PRINT_CSS))
        page.pdf(
            path=str(target),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=f"<div style='font-size:8px;width:100%;text-align:center'>{FOOTER[language]}</div>",
            margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
            # Bookmarks from the headings: Chromium builds the outline from the tagged structure,
            # so it needs tagged=True too (which also makes the PDF accessible, at twice the size).
            outline=True,
            tagged=True,
        )
        page.close()
    finally:
        server.shutdown()


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

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for lang in LANGUAGES:
                target = out / f"ops-kb-{lang}.pdf"
                with step(f"pdf: {target.name}"):
                    print_pdf(browser, builds[lang], lang, target)
                log(f"{target.name}: {target.stat().st_size / 1e6:.1f} MB")
            browser.close()

        target = out / "ops-kb-offline.zip"
        with step(f"zip: {target.name}"):
            zip_directory(offline, target, "ops-kb-offline")
        log(f"{target.name}: {target.stat().st_size / 1e6:.1f} MB (open ops-kb-offline/index.html)")
    log(f"total: {time.monotonic() - total:.1f} s, artefacts in {out}")


if __name__ == "__main__":
    main()
