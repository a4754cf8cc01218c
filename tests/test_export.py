"""scripts/export: the PDFs (titles in nav order, Chinese fonts embedded, bookmarks, no Mermaid
source) and the offline copy (search, diagrams and language switch from file://, no request
leaving the unzipped folder). The export runs once per session (a few minutes: marked slow)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import OPEN_SHADOW_ROOTS
from support.checks import ROOT, load_mkdocs_yml

pytestmark = pytest.mark.slow
LANGUAGES = ("zh", "en")
MERMAID_SOURCE = re.compile(r"sequenceDiagram|flowchart (TD|LR|TB)|graph (TD|LR|TB)|stateDiagram")


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "export.py"), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    for name in ("ops-kb-zh.pdf", "ops-kb-en.pdf", "ops-kb-offline.zip"):
        assert (out / name).is_file(), f"{name} missing; export output:\n{result.stdout}"
    return out


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _nav_titles(lang: str) -> list[str]:
    """Chapter and page titles in nav order, in `lang`."""
    config = load_mkdocs_yml(ROOT / "mkdocs.yml")
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = next(l.get("nav_translations", {}) for l in i18n["languages"] if l["locale"] == "en")
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


def test_chinese_pdf_is_chinese_with_embedded_cjk_font(dist):
    pdf = dist / "ops-kb-zh.pdf"
    text = _text(pdf)
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    assert cjk > 20_000, f"only {cjk} Chinese characters extracted"
    # Chromium embeds Noto Sans CJK (a CFF-flavoured OpenType font) as unnamed Type 3 glyph fonts
    # with a ToUnicode map: pdffonts shows them as "[none] Type 3 ... emb yes ... uni yes".
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    # columns from the right: emb sub uni object-id generation
    not_embedded = [" ".join(row) for row in rows if row[-5] != "yes"]
    assert not not_embedded, "fonts not embedded:\n" + "\n".join(not_embedded)
    type3 = [row for row in rows if "Type" in row and "3" in row and row[-3] == "yes"]
    assert type3, f"no embedded glyph font with a Unicode map for the Chinese text:\n{fonts}"


def test_english_pdf_is_english(dist):
    text = _text(dist / "ops-kb-en.pdf")
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) < len(text) / 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_has_outline_sane_page_count_and_no_mermaid_source(dist, lang):
    pdf = dist / f"ops-kb-{lang}.pdf"
    # pdftohtml -xml lists the outline (bookmarks) as <item> elements, whatever page range.
    xml = subprocess.run(["pdftohtml", "-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    bookmarks = re.findall(r"<item[^>]*>", xml)
    assert len(bookmarks) >= 100, f"{len(bookmarks)} bookmarks in the PDF outline"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 100 <= pages <= 2000, f"{pages} pages"
    leaked = MERMAID_SOURCE.findall(_text(pdf))
    assert not leaked, f"Mermaid source printed: {leaked[:5]}"


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
    context.add_init_script(OPEN_SHADOW_ROOTS)
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
@pytest.mark.parametrize("lang,query,expected", [
    ("zh", "三次握手", "network/tcp-connection.html"),
    ("en", "handshake", "network/"),
])
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
    # Inline SVG drawn at build time (hooks/diagrams.py), one visible per diagram; no script.
    visible = offline_page.evaluate(
        "() => [...document.querySelectorAll('.diagram svg')].filter(s => s.getBoundingClientRect().width).length"
    )
    assert visible == offline_page.locator("div.diagram").count() > 0
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
