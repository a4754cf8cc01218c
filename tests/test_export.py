"""scripts/export: the PDFs (titles in nav order, bookmarks, no Mermaid source; as books: TrueType
fonts only, size, metadata, cover, contents with page numbers, no heading at the foot of a page,
internal links) and the offline copy (search, diagrams and language switch from file://, no
request leaving the unzipped folder). The export runs once per session (a few minutes: marked slow)."""

from __future__ import annotations

import functools
import html
import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
import yaml

from opskb.project import ROOT, language_codes, load_mkdocs_yml
from support.practice_ids import questions

pytestmark = pytest.mark.slow
LANGUAGES = language_codes()
MERMAID_SOURCE = re.compile(r"sequenceDiagram|flowchart (TD|LR|TB)|graph (TD|LR|TB)|stateDiagram")


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    """The export to test: the one in $EXPORT_DIR when set (the publishing workflow exports once,
    then tests what it publishes), otherwise a fresh `python -m opskb.export`."""
    if os.environ.get("EXPORT_DIR"):
        out = Path(os.environ["EXPORT_DIR"]).resolve()
    else:
        out = tmp_path_factory.mktemp("dist")
        result = subprocess.run(
            [sys.executable, "-m", "opskb.export", "--out", str(out)], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    for name in ("ops-kb-zh.pdf", "ops-kb-en.pdf", "ops-kb-offline.zip"):
        assert (out / name).is_file(), f"{name} missing from {out}"
    return out


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _nav_titles(lang: str) -> list[str]:
    """Chapter and page titles in nav order, in `lang`."""
    config = load_mkdocs_yml(ROOT / "mkdocs.yml")
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = next(lang.get("nav_translations", {}) for lang in i18n["languages"] if lang["locale"] == "en")
    titles: list[str] = []

    def page_title(rel: str) -> str:
        source = (ROOT / "docs" / lang / rel).read_text(encoding="utf-8")
        title = re.search(r"^# (.+)$", source, re.M).group(1)
        return re.sub(r"[`*]", "", title).strip()

    def walk(items):
        for item in items:
            if isinstance(item, str):
                titles.append(page_title(item))
            else:
                for title, value in item.items():
                    if isinstance(value, list):
                        titles.append(title if lang == "zh" else translations.get(title, title))
                        walk(value)
                    else:
                        titles.append(page_title(value))

    walk(config["nav"])
    return titles


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_has_every_title_in_nav_order(dist, lang):
    text = _squash(_text(dist / f"ops-kb-{lang}.pdf"))
    position, missing = 0, []
    for title in _nav_titles(lang):
        # pdftotext sometimes puts a leading Latin word of a Chinese title ("Pod：最小部署单元")
        # elsewhere on the line, because it is set in another font: then match the rest.
        candidates = [_squash(title), _squash(re.sub(r"^[A-Za-z0-9 ._-]+(?=[^\x00-\x7f])", "", title))]
        found = next((f for f in (text.find(c, position) for c in candidates if c) if f >= 0), -1)
        if found < 0:
            missing.append(title)
        else:
            position = found
    assert not missing, f"not found in nav order in ops-kb-{lang}.pdf: {missing}"


def test_chinese_pdf_is_chinese(dist):
    text = _text(dist / "ops-kb-zh.pdf")
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    assert cjk > 20_000, f"only {cjk} Chinese characters extracted"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_fonts_are_embedded_truetype_not_type3(dist, lang):
    # Chromium embeds only TrueType outlines; any other font (CFF such as Debian's Noto CJK) turns
    # into Type 3 glyph procedures: large, poorly rendered and hard to copy.
    pdf = dist / f"ops-kb-{lang}.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    # columns from the right: emb sub uni object-id generation
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, f"{pdf.name}: fonts not embedded:\n" + "\n".join(not_embedded)
    type3 = [row for row in rows if " Type 3 " in row]
    assert not type3, f"{pdf.name}: {len(type3)} Type 3 fonts (text must be in TrueType fonts):\n" + "\n".join(
        type3[:10]
    )
    assert rows and all("TrueType" in row for row in rows), f"{pdf.name}: fonts other than TrueType:\n{fonts}"


def test_english_pdf_is_english(dist):
    text = _text(dist / "ops-kb-en.pdf")
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) < len(text) / 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_has_outline_sane_page_count_and_no_mermaid_source(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    # pdftohtml -xml lists the outline (bookmarks) as <item> elements, whatever page range.
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bookmarks = re.findall(r"<item[^>]*>", xml)
    assert len(bookmarks) >= 100, f"{len(bookmarks)} bookmarks in the PDF outline"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 100 <= pages <= 2000, f"{pages} pages"
    leaked = MERMAID_SOURCE.findall(_text(pdf))
    assert not leaked, f"Mermaid source printed: {leaked[:5]}"


# --- the PDFs as books ----------------------------------------------------------------------

# The book's weight per printed page: TrueType subsets and no raster images keep it near 10 KB
# (Type 3 fonts made it 40 KB); about 11.5 KB today. A per-page budget grows with the book, a fixed cap would not.
MAX_BYTES_PER_PAGE = 15_000
LOCAL_ADDRESS = re.compile(r"127\.0\.0\.1|localhost|0\.0\.0\.0", re.I)
# Below this distance from the bottom edge (points) only the page number is printed.
FOOTER_ZONE = 18 / 25.4 * 72


def _site_name(lang: str) -> str:
    config = load_mkdocs_yml(ROOT / "mkdocs.yml")
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    language = next(entry for entry in i18n["languages"] if entry["locale"] == lang)
    return language.get("site_name", config["site_name"])


def _chapter_titles(lang: str) -> list[str]:
    """The nav's sections (chapters), in `lang`."""
    config = load_mkdocs_yml(ROOT / "mkdocs.yml")
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = next(lang.get("nav_translations", {}) for lang in i18n["languages"] if lang["locale"] == "en")
    titles = [
        title
        for item in config["nav"]
        if isinstance(item, dict)
        for title, value in item.items()
        if isinstance(value, list)
    ]
    return titles if lang == "zh" else [translations.get(t, t) for t in titles]


@functools.cache
def _pages(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _contents_pages(pdf: Path) -> list[int]:
    """0-based indexes of the contents pages: after the cover, the pages whose lines mostly end in a number."""
    pages = _pages(pdf, layout=True)
    found = []
    for number in range(1, min(len(pages), 15)):
        lines = [line for line in pages[number].splitlines() if line.strip()]
        if lines and sum(bool(re.search(r"\s\d+\s*$", line)) for line in lines) >= len(lines) / 2:
            found.append(number)
        elif found:
            break
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_size_per_page_within_budget(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    size = pdf.stat().st_size
    with pikepdf.open(pdf) as document:
        pages = len(document.pages)
    assert size <= pages * MAX_BYTES_PER_PAGE, (
        f"{pdf.name}: {size / 1e6:.1f} MB for {pages} pages, {size / pages / 1000:.1f} KB a page "
        f"(budget {MAX_BYTES_PER_PAGE / 1000:.0f} KB)"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_metadata(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"^(\w+):\s*(.*)$", info, re.M))
    assert fields.get("Title") == _site_name(lang), f"{pdf.name}: pdfinfo Title {fields.get('Title')!r}"
    assert fields.get("Author"), f"{pdf.name}: no Author in pdfinfo:\n{info}"
    assert fields.get("Subject"), f"{pdf.name}: no Subject in pdfinfo:\n{info}"
    with pikepdf.open(pdf) as document:
        language = str(document.Root.get("/Lang", ""))
    assert language.split("-")[0] == lang, f"{pdf.name}: document language (/Lang) {language!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_cover_has_no_local_address_and_the_export_date(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    cover = _pages(pdf)[0]
    assert not LOCAL_ADDRESS.search(cover), f"{pdf.name}: the cover shows a local address:\n{cover}"
    assert _site_name(lang) in cover, f"{pdf.name}: the cover lacks the title:\n{cover}"
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", cover), f"{pdf.name}: the cover lacks the export date:\n{cover}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_contents_give_each_chapters_page(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    contents_pages = _contents_pages(pdf)
    assert contents_pages, f"{pdf.name}: no contents page with page numbers after the cover"
    contents = "\n".join(_pages(pdf, layout=True)[n] for n in contents_pages)
    # Layout mode: lines in their place on the page (in reading mode pdftotext may put the lone
    # page number at the foot first).
    pages = _pages(pdf, layout=True)
    problems = []
    for title in _chapter_titles(lang):
        entry = re.search(rf"^\s*{re.escape(title)}\s+(\d+)\s*$", contents, re.M)
        if not entry:
            problems.append(f"{title!r}: no contents line with a page number")
            continue
        number = int(entry.group(1))
        if not 1 <= number <= len(pages):
            problems.append(f"{title!r}: page {number} is not in the document")
        elif not _squash(_first_line(pages[number - 1])).startswith(_squash(title)):
            problems.append(f"{title!r}: page {number} starts with {_first_line(pages[number - 1])!r}")
    assert not problems, f"{pdf.name} contents (pages {[n + 1 for n in contents_pages]}):\n" + "\n".join(problems)


def _outline_headings(document) -> list[tuple[str, int, float]]:
    """(title, 0-based page, top y in points from the page's top) of every bookmark."""
    index = {page.obj.objgen: number for number, page in enumerate(document.pages)}
    headings = []

    def walk(items):
        for item in items:
            destination = item.destination
            if isinstance(destination, pikepdf.Array) and len(destination) >= 4:
                page = index.get(destination[0].objgen)
                if page is not None:
                    height = float(document.pages[page].mediabox[3])
                    headings.append((item.title, page, height - float(destination[3])))
            walk(item.children)

    with document.open_outline() as outline:
        walk(outline.root)
    return headings


def _text_lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page: (yMin, yMax, text) of each text line, from pdftotext -bbox-layout."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.split(r"<page ", xhtml)[1:]:
        lines = []
        for y_min, y_max, body in re.findall(
            r'<line xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">(.*?)</line>', page, re.S
        ):
            words = re.findall(r"<word[^>]*>(.*?)</word>", body, re.S)
            lines.append((float(y_min), float(y_max), html.unescape("".join(words))))
        pages.append(sorted(lines))
    return pages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_ends_with_a_heading(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    lines = _text_lines(pdf)
    with pikepdf.open(pdf) as document:
        headings = _outline_headings(document)
        height = float(document.pages[0].mediabox[3])
    assert len(headings) >= 100, f"{pdf.name}: only {len(headings)} bookmarks with a position"
    stranded = []
    for title, page, top in headings:
        below = _squash(
            "".join(text for y_min, y_max, text in lines[page] if y_min >= top - 4 and y_max < height - FOOTER_ZONE)
        )
        rest = below.removeprefix(_squash(title))
        if not rest:
            stranded.append(f"page {page + 1}: {title!r}")
    assert not stranded, f"{pdf.name}: headings at the foot of a page, their text on the next:\n" + "\n".join(stranded)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_internal_links_land_inside_the_document(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    internal, broken, local = 0, [], []
    with pikepdf.open(pdf) as document:
        index = {page.obj.objgen: number for number, page in enumerate(document.pages)}
        names = document.Root.get("/Dests", pikepdf.Dictionary())
        contents_pages = set(_contents_pages(pdf))
        from_contents = 0
        for number, page in enumerate(document.pages):
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                action = annotation.get("/A", pikepdf.Dictionary())
                uri = str(action.get("/URI", ""))
                if uri:
                    if LOCAL_ADDRESS.search(uri):
                        local.append(f"page {number + 1}: {uri}")
                    continue
                destination = annotation.get("/Dest", action.get("/D"))
                if isinstance(destination, (pikepdf.Name, pikepdf.String)):
                    destination = names.get("/" + str(destination).lstrip("/"))
                if isinstance(destination, pikepdf.Dictionary):
                    destination = destination.get("/D")
                if isinstance(destination, pikepdf.Array) and destination[0].objgen in index:
                    internal += 1
                    from_contents += number in contents_pages
                else:
                    broken.append(f"page {number + 1}: {annotation.get('/Dest')!r}")
    assert not local, f"{pdf.name}: links to a local address:\n" + "\n".join(local[:20])
    assert not broken, f"{pdf.name}: internal links to no page of the document:\n" + "\n".join(broken[:20])
    assert from_contents >= 80, f"{pdf.name}: {from_contents} clickable links in the contents"
    assert internal >= 150, f"{pdf.name}: {internal} clickable internal links"


# --- offline copy ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def offline(dist, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(dist / "ops-kb-offline.zip") as archive:
        archive.extractall(target)
    root = target / "ops-kb-offline"
    assert (root / "index.html").is_file() and (root / "en" / "index.html").is_file()
    return root


@pytest.fixture
def offline_page(browser, offline):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("worker", lambda worker: requests.append(worker.url))
    yield page
    context.close()
    inside = offline.as_uri() + "/"
    outside = [url for url in requests if not url.startswith((inside, "data:", "blob:", "about:"))]
    assert not outside, "requests left the unzipped folder:\n" + "\n".join(outside)


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang,query,expected",
    [
        ("zh", "三次握手", "network/tcp-connection.html"),
        ("en", "handshake", "network/"),
    ],
)
def test_offline_search_in_readers_language(offline_page, offline, lang, query, expected):
    start = offline / ("index.html" if lang == "zh" else "en/index.html")
    offline_page.goto(start.as_uri())
    box = offline_page.locator("input.md-search__input")
    box.focus()
    box.fill(query)
    box.press("End")
    offline_page.locator(".md-search-result__item").first.wait_for(timeout=20_000)
    hrefs = [a.get_attribute("href") for a in offline_page.locator(".md-search-result__item > a").all()]
    language_root = offline.as_uri() + ("/" if lang == "zh" else "/en/")
    resolved = [offline_page.evaluate("h => new URL(h, location.href).href", h) for h in hrefs]
    assert resolved[0].startswith(language_root + expected), resolved[:5]
    if lang == "zh":
        assert not any(url.startswith(offline.as_uri() + "/en/") for url in resolved), resolved
    else:
        assert all(url.startswith(language_root) for url in resolved), resolved


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_offline_diagram_renders(offline_page, offline, prefix):
    offline_page.goto((offline / prefix / "network" / "tcp-connection.html").as_uri())
    # Inline SVG drawn at build time (the opskb/diagrams plugin), one visible per diagram; no script.
    visible = offline_page.evaluate(
        "() => [...document.querySelectorAll('.opskb-diagram svg')].filter(s => s.getBoundingClientRect().width).length"
    )
    assert visible == offline_page.locator("div.opskb-diagram").count() > 0
    scripts = offline_page.evaluate("() => [...document.scripts].map(s => s.src)")
    assert not [s for s in scripts if "mermaid" in s.lower()], scripts


@pytest.mark.browser
def test_offline_language_switch(offline_page, offline):
    offline_page.goto((offline / "network" / "tcp-connection.html").as_uri())
    href = offline_page.locator('a.md-select__link[hreflang="en"]').get_attribute("href")
    offline_page.goto(offline_page.evaluate("h => new URL(h, location.href).href", href))
    assert offline_page.url.startswith((offline / "en").as_uri() + "/"), offline_page.url
    assert offline_page.locator("html").get_attribute("lang") == "en"
    href = offline_page.locator('a.md-select__link[hreflang="zh"]').get_attribute("href")
    offline_page.goto(offline_page.evaluate("h => new URL(h, location.href).href", href))
    assert offline_page.locator("html").get_attribute("lang") == "zh"
    assert not offline_page.url.startswith((offline / "en").as_uri() + "/"), offline_page.url


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_offline_practice_schedules_and_exports(offline_page, offline, lang):
    """The practice page of the unzipped copy, from file://: rating schedules the card (FSRS,
    10 minutes after a first Good) and the progress downloads as JSON."""
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    folder = offline / ("en" if lang == "en" else "")
    path = folder / "practice.html" if (folder / "practice.html").is_file() else folder / "practice" / "index.html"
    errors: list[str] = []
    # Uncaught errors only: from file://, Material's language selector fails to fetch sitemap.xml on
    # every page of the offline copy (a console error that is not the practice page's).
    offline_page.on("pageerror", lambda error: errors.append(str(error)))
    offline_page.clock.set_fixed_time(now)
    offline_page.goto(path.as_uri())
    offline_page.wait_for_selector("select.opskb-practice-queue")
    offline_page.locator("select.opskb-practice-queue").select_option("all")
    offline_page.evaluate("() => document.activeElement && document.activeElement.blur()")
    shown = offline_page.locator(".opskb-practice-question:visible")
    card_id = shown.get_attribute("data-id")
    offline_page.keyboard.press(" ")
    assert shown.locator("details[open]").count() == 1, "Space did not show the answer"
    offline_page.locator('button.opskb-rate[data-rating="3"]:visible').click()
    raw = offline_page.evaluate("k => localStorage.getItem(k)", f"ops-kb.practice.v2.{lang}")
    card = json.loads(raw)["cards"][card_id]
    due = datetime.fromisoformat(card["due"].replace("Z", "+00:00"))
    assert card["state"] == 1 and abs((due - now).total_seconds() - 600) < 60, card
    with offline_page.expect_download() as info:
        offline_page.locator(".opskb-practice-export").click()
    assert info.value.suggested_filename == f"ops-kb-practice-{lang}-2026-12-07.json"
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["language"]) == ("ops-kb-practice", 1, lang)
    assert data["cards"][card_id]["due"] == card["due"]
    # Playwright's clock now and then makes Material's bundle (RxJS) throw this (tests/test_practice.py).
    assert not [e for e in errors if e != "executing a cancelled action"], errors


PRACTICE_LEVELS = {
    "zh": {"basic": "基础", "intermediate": "进阶", "advanced": "高级"},
    "en": {"basic": "Basic", "intermediate": "Intermediate", "advanced": "Advanced"},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_practice_list_shows_level_and_tags(dist, lang):
    """The book's practice page is the plain list: each question with its level and tags."""
    labels = yaml.safe_load((ROOT / "data" / "practice-tags.yml").read_text(encoding="utf-8"))
    text = _squash(_text(dist / f"ops-kb-{lang}.pdf"))
    missing = []
    for level, level_label in PRACTICE_LEVELS[lang].items():
        sample = [
            q for q in questions(ROOT / "docs", lang) if q.level == level and re.fullmatch(r"[^`*_\\<>]+", q.title)
        ]
        for q in sample[:2]:
            meta = re.escape(_squash(level_label)) + r".{0,3}" + re.escape(_squash(labels[q.tags[0]][lang]))
            if not re.search(meta + r".{0,120}?" + re.escape(_squash(q.title)[:8]), text):
                missing.append(f"{q.full_id}: {level_label} · {labels[q.tags[0]][lang]} before {q.title!r}")
    assert not missing, f"ops-kb-{lang}.pdf lacks the level and tags of:\n" + "\n".join(missing)
