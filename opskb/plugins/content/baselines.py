"""Show each chapter page's version baseline under its title, in the page's language.

Readers cannot tell which versions a page describes unless it says so, and hand-written notes
drift apart. Every chapter page carries a `baseline:` front matter (CONTRIBUTING.md): the product
versions it was checked against and the month of its last review (the same in zh and en), and
where its outputs were captured (`environment`, translated on zh pages). This hook renders it
right after the page's `<h1>`, with wording in the page's language and product names from
`data/end-of-life.yml`, as one line with details on demand (a 390 px phone showed a third of its
first screen of baseline otherwise):

    <details class="opskb-baseline"><summary>Applies to nginx 1.28 / 1.30 · reviewed December
    2026</summary><p>Outputs captured on Debian 12 (bookworm): nginx 1.22.1</p></details>

A page without captured output (`environment: "none"`) has nothing to disclose: its line is a
plain paragraph, with no environment at all. On paper (the PDF export) the same line prints with
the environment after it (opskb/export/print.css). `kept` (why a listed version past its end of
life stays; for maintainers) is validated here but never shown.

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
KEYS = ("versions", "environment", "reviewed", "kept")

# The line under the title: {applies} is the products with their release lines, {reviewed} the
# review month (a <time> element); the environment, when there is one, is the detail.
LABELS = {
    "zh": {
        "line": "适用于 {applies} · {reviewed}审阅",
        "products": "、",
        "environment": "输出采集环境：",
    },
    "en": {
        "line": "Applies to {applies} · reviewed {reviewed}",
        "products": ", ",
        "environment": "Outputs captured on ",
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
    found = [f"unknown key `baseline.{key}` (the keys are {', '.join(KEYS)})" for key in baseline if key not in KEYS]
    versions = baseline.get("versions")
    if not isinstance(versions, dict) or not versions:
        found.append("`baseline.versions` must map product ids to release lines")
        versions = {}
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
    kept = baseline.get("kept")
    if kept is not None:
        if not isinstance(kept, dict) or not kept:
            found.append("`baseline.kept` must map product ids to the reason their listed version stays")
        else:
            for product, reason in kept.items():
                if product not in versions:
                    found.append(f"`baseline.kept` names '{product}', which `baseline.versions` does not list")
                if not isinstance(reason, str) or not reason.strip():
                    found.append(f"`baseline.kept` of '{product}' must give the reason as a string")
    return found


def release_lines(lines) -> list[str]:
    """A product's release lines as written: one ("1.35") or a list (["1.28", "1.30"])."""
    return [str(line) for line in (lines if isinstance(lines, list) else [lines])]


def captured_environment(baseline: dict) -> str | None:
    """Where the page's outputs were captured; None when it shows no captured output."""
    environment = baseline["environment"].strip()
    return None if environment.lower() == NO_OUTPUT else environment


def render(baseline: dict, language: str, end_of_life: Path = END_OF_LIFE) -> str:
    """The baseline line of one page, as HTML in `language` (zh or en): a <details> whose summary
    names the versions and the review month and whose body is the capture environment, or a
    plain paragraph when the page has no captured output."""
    labels = LABELS[language]
    names = product_names(end_of_life)
    applies = labels["products"].join(
        f"{names.get(product, product)} {' / '.join(release_lines(lines))}"
        for product, lines in baseline["versions"].items()
    )
    reviewed = baseline["reviewed"]
    line = labels["line"].format(
        applies=html.escape(applies),
        reviewed=f'<time datetime="{reviewed}">{review_month(reviewed, language)}</time>',
    )
    # Kept out of the search index. No element inside of the excluded element's own name:
    # Material's search parser ends an exclusion at the first closing tag of that name.
    environment = captured_environment(baseline)
    if environment is None:
        return f'<p class="opskb-baseline" data-search-exclude>{line}</p>'
    return (
        f'<details class="opskb-baseline" data-search-exclude><summary>{line}</summary>'
        f"<p>{labels['environment']}{html.escape(environment)}</p></details>"
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
