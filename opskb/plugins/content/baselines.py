"""Show each chapter page's version baseline under its title, in the page's language.

Readers cannot tell which versions a page describes unless it says so, and hand-written notes
drift apart. Every chapter page carries the same `baseline:` front matter in zh and en
(CONTRIBUTING.md): the product versions it was checked against, where its outputs were captured
and the month of its last review. This hook renders it as a small definition list right after
the page's `<h1>`, with labels in the page's language and product names from
`data/end-of-life.yml`.

Why in the content and not a theme partial: the block belongs under the title, which is part of
`page.content`, so a template could only put it above the title or copy Material's whole
`content.html`; and the PDF export (print-site) prints `page.content`, not the theme's page
template, so only content rendered here reaches the PDFs (the content plugin runs before
print-site keeps each page's HTML). The block is kept out of the search
index (`data-search-exclude`): every page would otherwise match "reviewed" and "Debian".

Invalid values (an unknown product id, a month not written YYYY-MM) are logged as warnings, so
the strict build fails on them; a page without `baseline:` is left alone here and reported by
tests/test_page_baseline.py with its file and line, using `problems()` below.
"""

from __future__ import annotations

import html
import logging
import re
from functools import lru_cache
from pathlib import Path

import yaml

from ...project import ROOT

REVIEWED = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
NO_OUTPUT = "none"

LABELS = {
    "zh": {
        "applies": "适用于",
        "environment": "输出采集环境",
        "reviewed": "最近审阅",
        "none": "无（本页没有采集的输出）",
        "title": "本页的版本基线",
    },
    "en": {
        "applies": "Applies to",
        "environment": "Outputs captured on",
        "reviewed": "Last reviewed",
        "none": "none (no captured output on this page)",
        "title": "Version baseline of this page",
    },
}
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

log = logging.getLogger("mkdocs.plugins.opskb.content")

END_OF_LIFE = ROOT / "data" / "end-of-life.yml"


@lru_cache(maxsize=4)
def product_names(end_of_life: Path = END_OF_LIFE) -> dict[str, str]:
    """Product id -> display name, from data/end-of-life.yml."""
    data = yaml.safe_load(end_of_life.read_text(encoding="utf-8"))
    return {product_id: entry["name"] for product_id, entry in data["products"].items()}


def review_month(value: str, language: str) -> str:
    match = REVIEWED.match(value)
    year, month = match["year"], int(match["month"])
    return f"{year} 年 {month} 月" if language == "zh" else f"{MONTHS_EN[month - 1]} {year}"


def problems(baseline, end_of_life: Path = END_OF_LIFE) -> list[str]:
    """What is wrong with a page's `baseline:` value (empty when it is valid)."""
    if not isinstance(baseline, dict):
        return ["`baseline:` must be a mapping with versions, environment and reviewed"]
    found = []
    versions = baseline.get("versions")
    if not isinstance(versions, dict) or not versions:
        found.append("`baseline.versions` must map product ids to release lines")
    else:
        names = product_names(end_of_life)
        for product, lines in versions.items():
            if product not in names:
                found.append(f"unknown product id '{product}' (ids are listed in data/end-of-life.yml)")
            for line in lines if isinstance(lines, list) else [lines]:
                if not isinstance(line, str) or not line.strip():
                    found.append(
                        f"release line {line!r} of '{product}' must be a quoted string, "
                        f'e.g. "1.30" (unquoted YAML turns 1.30 into 1.3)'
                    )
    environment = baseline.get("environment")
    if not isinstance(environment, str) or not environment.strip():
        found.append('`baseline.environment` must be a string ("none" when the page shows no captured output)')
    reviewed = baseline.get("reviewed")
    if not isinstance(reviewed, str) or not REVIEWED.match(reviewed):
        found.append(f"`baseline.reviewed` must be a month written YYYY-MM, not {reviewed!r}")
    return found


def render(baseline: dict, language: str, end_of_life: Path = END_OF_LIFE) -> str:
    """The baseline block of one page, as HTML in `language` (zh or en)."""
    labels = LABELS[language]
    names = product_names(end_of_life)
    applies = " · ".join(
        f"{names.get(product, product)} {' / '.join(lines if isinstance(lines, list) else [lines])}"
        for product, lines in baseline["versions"].items()
    )
    environment = baseline["environment"].strip()
    environment = labels["none"] if environment.lower() == NO_OUTPUT else environment
    reviewed = baseline["reviewed"]
    rows = [
        (labels["applies"], html.escape(applies)),
        (labels["environment"], html.escape(environment)),
        (labels["reviewed"], f'<time datetime="{reviewed}">{review_month(reviewed, language)}</time>'),
    ]
    # No <div> inside: Material's search parser ends an exclusion at the first closing tag of the
    # same name as the excluded element.
    items = "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    # A div with role "note", not an <aside>: a complementary landmark inside <main> is an axe
    # finding (landmark-complementary-is-top-level).
    return (
        f'<div class="opskb-baseline" role="note" aria-label="{labels["title"]}" data-search-exclude>'
        f"<dl>{items}</dl></div>"
    )


def with_baseline(content: str, page, language: str, end_of_life: Path) -> str:
    """The page's HTML with its baseline block after the title; warnings for invalid values."""
    baseline = page.meta.get("baseline")
    if baseline is None:
        return content
    found = problems(baseline, end_of_life)
    if found:
        for problem in found:
            log.warning("%s: baseline front matter: %s", page.file.src_uri, problem)
        return content
    block = render(baseline, language if language in LABELS else "en", end_of_life)
    title_end = content.find("</h1>")
    if title_end < 0:
        return block + content
    title_end += len("</h1>")
    return content[:title_end] + block + content[title_end:]
