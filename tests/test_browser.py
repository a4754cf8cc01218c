"""What a reader does, in headless Chromium: switch language, read a diagram, use linked tabs,
copy a command, land on a 404. (Every diagram of the site: tests/test_diagrams.py.) Every test
also fails on requests to other origins and on console errors (see conftest.page)."""

import re

import pytest

pytestmark = pytest.mark.browser

SHOWCASE = "about/writing-showcase/"


def test_language_switch_keeps_page_and_section(page, site_url):
    page.goto(f"{site_url}{SHOWCASE}#variants")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{site_url}en/{SHOWCASE}#variants")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(f"{site_url}{SHOWCASE}#variants")
    assert page.locator("html").get_attribute("lang") == "zh"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_diagram_is_an_inline_svg_without_script(page, site_url, prefix):
    page.goto(f"{site_url}{prefix}{SHOWCASE}#diagrams")
    labels = page.locator(".opskb-diagram svg").first.text_content()
    assert ("客户端" if not prefix else "Client") in labels
    scripts = page.evaluate("() => [...document.scripts].map(s => s.src)")
    assert not [s for s in scripts if "mermaid" in s], scripts
    assert page.evaluate("() => typeof window.mermaid") == "undefined"


# Lowest contrast between a label of the visible diagram and the page background (labels sit on
# the page background or on boxes filled with it). Colours with alpha are blended over the
# background.
CONTRAST = """() => {
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1] }
  const luminance = ([r, g, b]) => {
    const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
  }
  const bg = rgba(getComputedStyle(document.body).backgroundColor)
  const svg = [...document.querySelectorAll('.opskb-diagram svg')].find(s => s.getBoundingClientRect().width)
  const labels = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => t.querySelector('tspan') || t)
  return Math.min(...labels.map(label => {
    const [r, g, b, a] = rgba(getComputedStyle(label).fill)
    const fg = [r, g, b].map((v, i) => a * v + (1 - a) * bg[i])
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  }))
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_text_is_readable_in_both_schemes(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}{SHOWCASE}#diagrams")
    ratio = page.evaluate(CONTRAST)
    assert ratio >= 4.5, f"diagram text contrast {ratio:.1f}:1 in the {scheme} scheme (WCAG AA needs 4.5:1)"


# For every tab set that has a tab labelled `label`: the label of its selected tab.
SELECTED_TABS = """label => [...document.querySelectorAll('.tabbed-set')]
  .filter(set => [...set.querySelectorAll(':scope > .tabbed-labels > label')].some(l => l.textContent.trim() === label))
  .map(set => {
    const index = [...set.querySelectorAll(':scope > input')].findIndex(input => input.checked)
    return set.querySelectorAll(':scope > .tabbed-labels > label')[index].textContent.trim()
  })"""


def test_linked_tabs_switch_together_across_pages(page, site_url, site):
    page.goto(f"{site_url}{SHOWCASE}")
    assert page.evaluate(SELECTED_TABS, "nftables") == ["iptables", "iptables"]
    page.locator(".tabbed-labels label", has_text="nftables").first.click()
    assert page.evaluate(SELECTED_TABS, "nftables") == ["nftables", "nftables"]
    # Another page with the same labels opens with the reader's choice.
    other = next(
        (
            p
            for p in sorted(site.rglob("index.html"))
            if ">nftables</label>" in p.read_text(encoding="utf-8")
            and SHOWCASE not in p.as_posix()
            and not p.relative_to(site).as_posix().startswith("en/")
        ),
        None,
    )
    assert other, "no other zh page has an nftables tab to check against"
    page.goto(site_url + other.relative_to(site).parent.as_posix() + "/")
    selected = page.evaluate(SELECTED_TABS, "nftables")
    assert selected and set(selected) == {"nftables"}, f"{other}: {selected}"


def test_copy_button_copies_the_command(page, site_url):
    page.goto(f"{site_url}{SHOWCASE}#commands-and-output")
    block = page.locator(".highlight").filter(has_text="uniq -c").first
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy], button.md-clipboard").first.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip().splitlines()[-1] == "sort access-ips.txt | uniq -c | sort -rn | head -n 2"


@pytest.mark.parametrize("path,lang,text", [("no-such-page/", "zh", "404"), ("en/no-such-page/", "en", "404")])
def test_404_page_is_in_the_readers_language(page, site, site_url, path, lang, text):
    # The static test server does not serve 404.html itself; a real server maps errors to them.
    page_file = site / ("404.html" if lang == "zh" else "en/404.html")
    html = page_file.read_text(encoding="utf-8")
    assert re.search(rf'<html lang="{lang}"', html), f"{page_file} is not the {lang} 404 page"
    page.goto(site_url + ("404.html" if lang == "zh" else "en/404.html"))
    assert text in page.locator("article").inner_text()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_header_tab_is_visible(page, site_url, prefix):
    """All top-level sections fit in the header tabs at a common laptop width."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site_url}{prefix}")
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('.md-tabs__item')]"
        ".filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth)"
        ".map(t => t.textContent.trim())"
    )
    assert not hidden, f"tabs cut off at 1280 px: {hidden}"


# --- navigation: groups of chapters as the top tabs ------------------------------------------------


def _chapter_groups() -> dict[str, list[str]]:
    """Top tab (zh title) -> the chapter folders under it, from mkdocs.yml's nav."""
    from opskb.project import load_mkdocs_yml

    groups = {}
    for item in load_mkdocs_yml()["nav"]:
        for title, value in item.items():
            if isinstance(value, list):
                groups[title] = [
                    next(iter(chapter.values()))[0].split("/")[0]
                    for chapter in value
                    if isinstance(chapter, dict) and isinstance(next(iter(chapter.values())), list)
                ]
    return {title: chapters for title, chapters in groups.items() if chapters}


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_top_tabs_fit_the_header_at_1280_px(page, site_url, prefix):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site_url}{prefix}linux/")
    tabs = page.locator(".md-tabs__item")
    assert tabs.count() == len(_chapter_groups()) + 3, "expected a tab per group, plus home, review and about"
    overflow = page.evaluate(
        "() => { const list = document.querySelector('.md-tabs__list');"
        " return [list.scrollWidth - list.clientWidth,"
        " Math.max(...[...list.children].map(t => t.getBoundingClientRect().right)) - window.innerWidth] }"
    )
    assert overflow[0] <= 0 and overflow[1] <= 0, f"the tabs overflow the header by {overflow} px"


# Links of the drawer that a reader can tap: laid out, and the topmost element at their centre.
ON_TOP_LINKS = """() => [...document.querySelectorAll('nav.md-nav--primary a')].filter(a => {
  const r = a.getBoundingClientRect()
  if (!r.width || !r.height) return false
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
  return hit && a.contains(hit)
}).map(a => a.href)"""


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_phone_navigation_reaches_every_chapter(page, site_url, prefix):
    """On a 390 px phone the drawer lists every top tab; on a page of a group it lists each chapter."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}{prefix}")
    page.locator('label.md-header__button[for="__drawer"]').click()
    from opskb.project import load_mkdocs_yml

    top = page.locator("nav.md-nav--primary > ul > li")
    assert top.count() == len(load_mkdocs_yml()["nav"]), "the drawer does not list every top tab"
    for chapters in _chapter_groups().values():
        page.goto(f"{site_url}{prefix}{chapters[0]}/")
        page.locator('label.md-header__button[for="__drawer"]').click()
        page.wait_for_timeout(400)  # the drawer slides in
        # The drawer opens on this chapter's pages; its back arrow leads to the group's chapters.
        page.mouse.click(24, 24)
        page.wait_for_timeout(400)
        shown = page.evaluate(ON_TOP_LINKS)
        for chapter in chapters:
            wanted = f"{site_url}{prefix}{chapter}/"
            assert wanted in shown, f"{prefix}{chapters[0]}/: the drawer shows no link to {wanted}: {shown}"
        page.locator('label.md-overlay[for="__drawer"]').click(force=True)
