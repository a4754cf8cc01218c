"""The glossary pages (docs/<lang>/glossary.md) and the tooltips (includes/abbreviations.<lang>.md):
same terms in both languages, every term used and explained in a chapter, every term with a
tooltip in both languages (except the few named below), and tooltips in the page's language,
never inside code. The glossary is a definition list per term, which reads on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opskb.project import ROOT
from support.built_site import check_anchors, html_pages, page_language
from support.problems import report

LANGUAGES = ("zh", "en")
TERM = re.compile(r"^(?P<term>[^\s:#*|!=>-].*?)\s*$")
DEFINITION = re.compile(r"^:   \*\*(?P<name>[^*]+)\*\*.*\[[^\]]+\]\((?P<link>[^)\s]+)\)[。.]$")
SECTION = re.compile(r"^## .*\{#(?P<id>[\w-]+)\}$")
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]: (?P<definition>.+)$")
FENCE = re.compile(r"^ *(```|~~~).*?^ *\1", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]+`")


# Terms without a tooltip, in one language or both, and why.
NO_TOOLTIP = {
    "RS": ("zh", "en"),  # awk's record separator is also RS (shell/awk.md): a tooltip would mislabel it
    # zh pages write the Chinese name (命名空间, 套接字, 控制平面); the English word appears there only
    # inside a gloss such as 套接字（socket）, so a zh tooltip would rarely show.
    "socket": ("zh",),
    "namespace": ("zh",),
    "control plane": ("zh",),
}


def entries(lang: str) -> list[tuple[str, str, str, str]]:
    """(section id, term, name, link) of every term of the glossary, in order: a term line, then
    its definition `:   **name** … [section](link).`"""
    found, section, term = [], None, None
    for line in (ROOT / "docs" / lang / "glossary.md").read_text(encoding="utf-8").splitlines():
        if match := SECTION.match(line):
            section, term = match["id"], None
        elif (match := DEFINITION.match(line)) and term:
            found.append((section, term, match["name"], match["link"]))
            term = None
        elif line.startswith(":"):
            pytest.fail(f"docs/{lang}/glossary.md: definition of {term!r} not written '**name** … [section](link).'")
        elif section and (match := TERM.match(line)):
            term = match["term"]
    return found


def glossary(lang: str) -> list[tuple[str, str, str]]:
    """(section id, term, link) of every term of the glossary, in order."""
    return [(section, term, link) for section, term, _, link in entries(lang)]


def tooltip_terms(lang: str) -> set[str]:
    return {term for term in terms(lang) if lang not in NO_TOOLTIP.get(term, ())}


def abbreviations(lang: str) -> dict[str, str]:
    text = (ROOT / "includes" / f"abbreviations.{lang}.md").read_text(encoding="utf-8")
    return {m["term"]: m["definition"] for m in map(ABBREVIATION.match, text.splitlines()) if m}


def terms(lang: str) -> set[str]:
    return {term for _, term, _ in glossary(lang)}


def test_glossaries_hold_the_same_terms_in_the_same_sections():
    zh, en = glossary("zh"), glossary("en")
    assert len(zh) >= 28
    assert [(s, t) for s, t, _ in zh] == [(s, t) for s, t, _ in en]
    assert [link for *_, link in zh] == [link for *_, link in en], "zh and en point at different sections"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_glossary_link_points_at_a_section(lang):
    for _, term, link in glossary(lang):
        page, _, anchor = link.partition("#")
        assert anchor, f"{term}: {link} names no section"
        source = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
        assert re.search(rf"^#+ .*\{{#{re.escape(anchor)}\}}$", source, re.M), f"{term}: no #{anchor} in {page}"


def test_glossary_anchors_resolve_in_the_built_site(site):
    problems = [p for p in check_anchors(site) if Path(p.path).name == "glossary.md"]
    assert not problems, report(problems)
    for lang, prefix in (("zh", ""), ("en", "en/")):
        html = (site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
        definitions = re.findall(r"<dd>(?:(?!</dd>).)*</dd>", html, re.S)
        linked = [d for d in definitions if re.search(r'<a href="\.\./[^"]+#[\w-]+"', d)]
        assert len(linked) == len(definitions) == len(glossary(lang)), f"{prefix}glossary: a term without its link"
        assert "<table" not in html.split("<article", 1)[-1].split("</article>", 1)[0], "the glossary is a table again"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_term_appears_in_a_chapter_outside_code(lang):
    """The term, or in zh the Chinese name the pages use (控制平面 for control plane)."""
    chapters = [
        INLINE_CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))
        for path in (ROOT / "docs" / lang).glob("*/*.md")
    ]
    for _, term, name, _ in entries(lang):
        words = [term] + ([name] if lang == "zh" else [])
        patterns = [re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(word)}(?![A-Za-z0-9_-])") for word in words]
        assert any(p.search(text) for p in patterns for text in chapters), f"{term!r} appears in no {lang} chapter"


def test_zh_names_are_names_not_descriptions():
    """The zh name of a term is what the pages call it: kubelet, not 节点代理."""
    names = {term: name for _, term, name, _ in entries("zh")}
    for term in ("kubelet", "etcd"):
        assert names[term] == term, f"{term}: zh name {names[term]!r}; the pages call it {term}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_and_tooltips_hold_the_same_terms(lang):
    assert set(abbreviations(lang)) == tooltip_terms(lang)


def test_built_pages_wrap_terms_in_tooltips_of_their_language(site):
    wanted = {lang: abbreviations(lang) for lang in LANGUAGES}  # == tooltip_terms(lang), tested above
    found: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for path, soup in html_pages(site):
        lang = page_language(site, path)
        chapter_page = path.parent.name not in ("glossary", "practice") and path.parent != site
        for abbr in soup.find_all("abbr"):
            assert not abbr.find_parent(["code", "pre"]), f"{path}: <abbr> inside code"
            term = abbr.get_text()
            if term in wanted[lang]:
                assert abbr.get("title") == wanted[lang][term], f"{path}: {term} has the other language's title"
                if chapter_page:
                    found[lang].add(term)
    for lang in LANGUAGES:
        assert found[lang] == set(wanted[lang]), (
            f"{lang}: terms never shown as a tooltip: {set(wanted[lang]) - found[lang]}"
        )


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_glossary_reads_on_a_phone(page, site_url, prefix):
    """At 390 px (a common phone width) nothing in the glossary needs a sideways scroll."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}{prefix}glossary/")
    wide = page.evaluate(
        """[...document.querySelectorAll('article *')]
             .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
             .map(e => e.tagName + '.' + e.className)"""
    )
    assert not wide, f"{prefix}glossary/: elements that scroll sideways at 390 px: {wide}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("article dl dt").count() == len(glossary("zh"))
