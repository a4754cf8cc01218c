"""What search engines read: every page's hreflang alternates are absolute (from site_url) and
include x-default; robots.txt names one sitemap per language; the sitemaps list every page and
only pages that exist; Material's language selector finds a sitemap next to every alternate."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from opskb.project import language_codes
from support.built_site import html_pages, page_language, source_of
from support.problems import Problem, report

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def site_address(site: Path) -> str:
    """site_url of the build, from the zh home page's own alternate."""
    _, soup = next((p, s) for p, s in html_pages(site) if p == site / "index.html")
    return soup.find("link", rel="alternate", hreflang="zh")["href"]


def built_file(site: Path, base: str, url: str) -> Path | None:
    if not url.startswith(base):
        return None
    path = site / urlsplit(url).path[len(urlsplit(base).path) :]
    return path / "index.html" if url.endswith("/") else path


def check_alternates(site: Path) -> list[Problem]:
    """Each page: absolute alternates for zh, en and x-default (= the zh page), each an existing page;
    a sitemap.xml next to each (Material's language selector fetches it)."""
    base = site_address(site)
    problems = []
    for path, soup in html_pages(site):
        where = source_of(site, path)
        links = {
            link.get("hreflang"): link.get("href")
            for link in soup.find_all("link", rel="alternate")
            if link.get("hreflang")
        }
        for lang in (*language_codes(), "x-default"):
            href = links.get(lang)
            if not href:
                problems.append(Problem(where, 1, f"{path.relative_to(site)}: no hreflang={lang} alternate"))
            elif not href.startswith(("http://", "https://")):
                problems.append(
                    Problem(where, 1, f"{path.relative_to(site)}: hreflang={lang} alternate is relative: {href}")
                )
            elif not (built_file(site, base, href) or Path("/nonexistent")).is_file():
                problems.append(
                    Problem(where, 1, f"{path.relative_to(site)}: hreflang={lang} alternate {href} is no built page")
                )
            elif not (built_file(site, base, urljoin(href, "sitemap.xml")) or Path("/nonexistent")).is_file():
                problems.append(
                    Problem(where, 1, f"{path.relative_to(site)}: no sitemap.xml next to the {lang} alternate {href}")
                )
        if links.get("x-default") and links.get("x-default") != links.get("zh"):
            problems.append(
                Problem(
                    where,
                    1,
                    f"{path.relative_to(site)}: x-default {links['x-default']} is not the zh page {links.get('zh')}",
                )
            )
    return problems


def sitemap_urls(sitemap: Path) -> list[str]:
    return [loc.text.strip() for loc in ET.parse(sitemap).getroot().findall("sm:url/sm:loc", NS)]


def check_sitemaps(site: Path) -> list[Problem]:
    base = site_address(site)
    robots = site / "robots.txt"
    if not robots.is_file():
        return [Problem(robots, 1, "no robots.txt")]
    named = [
        line.split(":", 1)[1].strip()
        for line in robots.read_text(encoding="utf-8").splitlines()
        if line.lower().startswith("sitemap:")
    ]
    expected = [base + "sitemap.xml", base + "en/sitemap.xml"]
    problems = [] if named == expected else [Problem(robots, 1, f"names sitemaps {named}, expected {expected}")]
    listed: set[Path] = set()
    for lang, url in zip(language_codes(), expected, strict=False):
        sitemap = built_file(site, base, url)
        if not sitemap or not sitemap.is_file():
            problems.append(Problem(robots, 1, f"{url}: no such sitemap"))
            continue
        for loc in sitemap_urls(sitemap):
            page = built_file(site, base, loc)
            if not page or not page.is_file():
                problems.append(Problem(sitemap, 1, f"lists {loc}, which is no built page"))
            elif page_language(site, page) != lang:
                problems.append(Problem(sitemap, 1, f"lists {loc}, a page of the other language"))
            else:
                listed.add(page)
    for path, _ in html_pages(site):
        if path not in listed and path.name != "404.html":
            problems.append(Problem(source_of(site, path), 1, f"{path.relative_to(site)} is in no sitemap"))
    return problems


def test_every_page_has_absolute_alternates_and_x_default(site):
    problems = check_alternates(site)
    assert not problems, report(problems)


def test_robots_txt_names_a_sitemap_per_language_listing_only_existing_pages(site):
    problems = check_sitemaps(site)
    assert not problems, report(problems)
