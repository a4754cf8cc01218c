"""Accessibility of every built page, checked by axe-core (npm, pinned) in headless Chromium: both
languages, both colour schemes, and the search dialog open. Each violation is reported with the
page, the rule and the element."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from support.checks import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0-2.2 A and AA and axe's best practices, violations only. Not checked: landmark-unique
# (a best practice, not WCAG): Material gives every code block's copy toolbar an unnamed
# <nav class="md-code__nav"> from its bundle, and names sidebar sections after labels that the
# tabs repeat; naming them would mean forking Material's JavaScript.
RULES = "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}, " \
        "rules: {'landmark-unique': {enabled: false}}"
FULL_RUN = "{" + RULES + ", resultTypes: ['violations']}"
# Switching the colour scheme changes colours only: the second scheme runs the colour rules.
COLOUR_RUN = "{runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}, resultTypes: ['violations']}"
SCHEMES = ("light", "dark")


def built_pages(site: Path, lang: str) -> list[str]:
    """Site-relative URLs of every built page of one language."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if (rel.startswith("en/")) != (lang == "en"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def set_scheme(page, scheme: str) -> None:
    """The palette follows the system ("follow system" is the first palette entry): emulating the
    preference switches Material's scheme in place, without a reload."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') === s",
                           arg="slate" if scheme == "dark" else "default")


def run_axe(page, options: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(f"""async () => (await axe.run(document, {options})).violations.map(v => ({{
        rule: v.id, help: v.help, impact: v.impact,
        nodes: v.nodes.map(n => ({{target: n.target.join(' '), html: n.html.slice(0, 160),
                                   summary: (n.failureSummary || '').split('\\n').slice(1, 2).join('')}}))
    }}))""")


def describe(url: str, situation: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            lines.append(f"{url} [{situation}] {v['rule']} ({v['impact']}): {v['help']}\n"
                         f"    element: {node['target']}\n    html: {node['html']}\n    {node['summary']}")
        if len(v["nodes"]) > 5:
            lines.append(f"{url} [{situation}] {v['rule']}: {len(v['nodes']) - 5} more elements")
    return lines


@pytest.fixture(scope="module")
def axe_page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_passes_axe_in_both_schemes(axe_page, site, site_url, lang):
    started = time.perf_counter()
    problems: list[str] = []
    pages = built_pages(site, lang)
    for rel in pages:
        axe_page.emulate_media(color_scheme="light")  # the next page loads in the light scheme
        axe_page.goto(site_url + rel, wait_until="load")
        problems += describe("/" + rel, "light", run_axe(axe_page, FULL_RUN))
        set_scheme(axe_page, "dark")
        problems += describe("/" + rel, "dark", run_axe(axe_page, COLOUR_RUN))
    print(f"axe: {len(pages)} {lang} pages in {time.perf_counter() - started:.0f} s")
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang,query", [("zh", "三次握手"), ("en", "handshake")])
def test_search_dialog_open_passes_axe(axe_page, site_url, lang, query):
    problems: list[str] = []
    url = site_url + ("en/" if lang == "en" else "")
    axe_page.goto(url, wait_until="load")
    box = axe_page.locator("input.md-search__input")
    box.focus()
    box.fill(query)
    box.press("End")
    axe_page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    for scheme in SCHEMES:
        set_scheme(axe_page, scheme)
        problems += describe(url, f"search open, {scheme}", run_axe(axe_page, FULL_RUN))
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)
