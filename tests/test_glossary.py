"""The glossary pages (docs/<lang>/glossary.md) and the tooltips (includes/abbreviations.<lang>.md):
same terms in both languages, every term used and explained in a chapter, every term with a
tooltip in both languages, and tooltips in the page's language, never inside code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.checks import ROOT, check_anchors, html_pages, page_language, report

LANGUAGES = ("zh", "en")
ROW = re.compile(r"^\| (?P<term>[^|]+?) \|(?:[^|]*\|){3} \[[^\]]+\]\((?P<link>[^)]+)\) \|$")
SECTION = re.compile(r"^## .*\{#(?P<id>[\w-]+)\}$")
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]: (?P<definition>.+)$")
FENCE = re.compile(r"^ *(```|~~~).*?^ *\1", re.M | re.S)
INLINE_CODE = re.compile(r"`[^`\n]+`")


def glossary(lang: str) -> list[tuple[str, str, str]]:
    """(section id, term, link) of every row of the glossary table, in order."""
    rows, section = [], None
    for line in (ROOT / "docs" / lang / "glossary.md").read_text(encoding="utf-8").splitlines():
        if match := SECTION.match(line):
            section = match["id"]
        elif (match := ROW.match(line)) and match["term"] not in ("术语", "Term"):
            rows.append((section, match["term"], match["link"]))
    return rows


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
        assert len(re.findall(r'<td><a href="\.\./[^"]+#[\w-]+"', html)) == len(glossary(lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_term_appears_in_a_chapter_outside_code(lang):
    chapters = [
        INLINE_CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))
        for path in (ROOT / "docs" / lang).glob("*/*.md")
    ]
    for term in terms(lang):
        word = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
        assert any(word.search(text) for text in chapters), f"{term!r} appears in no {lang} chapter"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_and_tooltips_hold_the_same_terms(lang):
    assert set(abbreviations(lang)) == terms(lang)
    assert set(abbreviations("zh")) == set(abbreviations("en"))


def test_built_pages_wrap_terms_in_tooltips_of_their_language(site):
    wanted = {lang: abbreviations(lang) for lang in LANGUAGES}
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
        assert found[lang] == set(wanted[lang]), f"{lang}: terms never shown as a tooltip: {set(wanted[lang]) - found[lang]}"
