"""The freshness report: `scripts/freshness` (python -m opskb.freshness).

Reads the `baseline:` front matter of every chapter page (docs/<lang>/<chapter>/*.md) and
data/end-of-life.yml, then prints
1. the pages by the age of their last review, oldest first, zh and en side by side;
2. every baseline release line past its end of life, or past its regular support (LTS or
   limited support only), with the date and its source;
3. release lines the data file has no dates for (to add them, or to check the page).
It reports and exits 0; the tests print the report without asserting on dates.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import sys
from pathlib import Path

import yaml

from .markdown import front_matter
from .plugins.content.baselines import END_OF_LIFE
from .project import DOCS, chapter_pages, language_codes


def as_date(value) -> dt.date:
    """A date from the data file: YYYY-MM-DD, or YYYY-MM read as the last day of that month."""
    if isinstance(value, dt.date):
        return value
    year, month = (int(part) for part in str(value).split("-")[:2])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def baselines(docs: Path) -> dict[str, dict[str, dict | None]]:
    """page (relative to the language folder) -> language -> its baseline (None when missing)."""
    pages: dict[str, dict[str, dict | None]] = {}
    for lang in language_codes():
        root = docs / lang
        for path in chapter_pages(docs, lang):
            data, _ = front_matter(path)
            baseline = (data or {}).get("baseline")
            pages.setdefault(path.relative_to(root).as_posix(), {})[lang] = (
                baseline if isinstance(baseline, dict) else None
            )
    return pages


def months_between(reviewed: str, today: dt.date) -> int | None:
    try:
        year, month = (int(part) for part in reviewed.split("-"))
    except (AttributeError, ValueError):
        return None
    return (today.year - year) * 12 + today.month - month


def release_entry(product: dict, line: str) -> tuple[str, dict] | None:
    """The data file's entry for a release line: exact, else the longest dotted prefix (1.28.3 -> 1.28)."""
    releases = product.get("releases") or {}
    parts = str(line).split(".")
    for size in range(len(parts), 0, -1):
        key = ".".join(parts[:size])
        if key in releases:
            return key, releases[key]
    return None


def report(today: dt.date, docs: Path = DOCS) -> list[str]:
    products = yaml.safe_load(END_OF_LIFE.read_text(encoding="utf-8"))["products"]
    pages = baselines(docs)
    out = [f"Freshness of the chapter pages on {today.isoformat()} (scripts/freshness)", ""]

    out += ["Pages by last review, oldest first:", f"  {'zh':<9} {'en':<9} {'age':>8}  page"]

    def age_key(item):
        """Pages without a review month first, then the oldest review."""
        ages = [months_between((b or {}).get("reviewed"), today) for b in item[1].values()]
        known = [a for a in ages if a is not None]
        return (-max(known) if known else -(10**6), item[0])

    for page, by_lang in sorted(pages.items(), key=age_key):
        reviewed = {lang: str((by_lang.get(lang) or {}).get("reviewed", "missing")) for lang in language_codes()}
        ages = [months_between(reviewed[lang], today) for lang in language_codes()]
        known = [a for a in ages if a is not None]
        age = f"{max(known)} mo" if known else "-"
        flag = "" if reviewed["zh"] == reviewed["en"] else "   <- zh and en differ"
        out.append(f"  {reviewed['zh']:<9} {reviewed['en']:<9} {age:>8}  {page}{flag}")

    past_eol, past_support, unknown = [], [], []
    for page, by_lang in sorted(pages.items()):
        seen = set()
        for lang in language_codes():
            versions = (by_lang.get(lang) or {}).get("versions") or {}
            for product_id, lines in versions.items():
                for line in lines if isinstance(lines, list) else [lines]:
                    if (product_id, str(line)) in seen:
                        continue
                    seen.add((product_id, str(line)))
                    product = products.get(product_id)
                    if product is None:
                        unknown.append(f"  {page}: unknown product id '{product_id}'")
                        continue
                    name = product["name"]
                    entry = release_entry(product, line)
                    if entry is None:
                        if product.get("releases"):
                            unknown.append(f"  {page}: {name} {line}: no dates in data/end-of-life.yml")
                        continue
                    key, dates = entry
                    source = dates.get("source", product["source"])
                    eol = as_date(dates["eol"])
                    note = f" ({dates['note']})" if dates.get("note") else ""
                    if eol < today:
                        past_eol.append(f"  {page}: {name} {line}: end of life {dates['eol']}{note}; {source}")
                    elif dates.get("support") and as_date(dates["support"]) < today:
                        past_support.append(
                            f"  {page}: {name} {line}: regular support ended {dates['support']}, "
                            f"end of life {dates['eol']}{note}; {source}"
                        )

    out += ["", f"Baseline versions past their end of life ({len(past_eol)}):", *(past_eol or ["  none"])]
    out += [
        "",
        f"Past regular support, in LTS or limited support only ({len(past_support)}):",
        *(past_support or ["  none"]),
    ]
    if unknown:
        out += ["", f"Release lines without end-of-life data ({len(unknown)}):", *unknown]
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        help="the date to measure ages and ends of life against (YYYY-MM-DD)",
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="the docs folder (default: docs/)")
    args = parser.parse_args(argv)
    print("\n".join(report(args.today, args.docs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
