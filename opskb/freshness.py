"""The freshness report: `scripts/freshness` (python -m opskb.freshness).

Reads the `baseline:` front matter of every chapter page (docs/<lang>/<chapter>/*.md) and
data/end-of-life.yml, then prints
1. the pages by the age of their last review, oldest first, zh and en side by side;
2. every baseline release line past its end of life without a `kept` reason (to move the page to
   a supported line, or to say why it stays), then those kept with their reason;
3. release lines past their regular support (LTS or limited support only), with the date and its
   source;
4. release lines of a product with dated releases that the data file has no dates for (to add
   them);
5. release lines of products whose vendor publishes no end-of-life dates, with the vendor's
   policy (nothing to add: check the policy);
6. `kept` reasons for a product none of whose listed lines is past its end of life (to remove).
It reports and exits 0; tests/test_page_baseline.py prints the report, and fails a page with a
line of section 2 that has no `kept` reason (`past_end_of_life`).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .markdown import front_matter
from .plugins.content.baselines import END_OF_LIFE, release_lines
from .project import DOCS, chapter_pages, language_codes


def as_date(value) -> dt.date:
    """A date from the data file: YYYY-MM-DD, or YYYY-MM read as the last day of that month."""
    if isinstance(value, dt.date):
        return value
    year, month = (int(part) for part in str(value).split("-")[:2])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def load_products(end_of_life: Path = END_OF_LIFE) -> dict[str, dict]:
    return yaml.safe_load(end_of_life.read_text(encoding="utf-8"))["products"]


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


@dataclass(frozen=True)
class PastEndOfLife:
    """A release line a page lists that is past its end of life on the day of the report."""

    page: str  # relative to the language folder
    language: str
    product: str  # product id
    name: str  # display name
    line: str
    eol: str
    note: str
    source: str
    kept: str | None  # the page's `kept` reason for the product, if any

    def describe(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{self.page}: {self.name} {self.line}: end of life {self.eol}{note}; {self.source}"


def past_end_of_life(docs: Path, today: dt.date, end_of_life: Path = END_OF_LIFE) -> list[PastEndOfLife]:
    """Every listed release line past its end of life, per page and language."""
    products = load_products(end_of_life)
    found = []
    for page, by_lang in sorted(baselines(docs).items()):
        for lang, baseline in by_lang.items():
            if not baseline:
                continue
            versions = baseline.get("versions") if isinstance(baseline.get("versions"), dict) else {}
            kept = baseline.get("kept") if isinstance(baseline.get("kept"), dict) else {}
            for product_id, lines in versions.items():
                product = products.get(product_id)
                if product is None:
                    continue  # an unknown id: reported by the baseline checks
                for line in release_lines(lines):
                    entry = release_entry(product, line)
                    if entry is None or as_date(entry[1]["eol"]) >= today:
                        continue
                    dates = entry[1]
                    found.append(
                        PastEndOfLife(
                            page=page,
                            language=lang,
                            product=product_id,
                            name=product["name"],
                            line=line,
                            eol=str(dates["eol"]),
                            note=dates.get("note", ""),
                            source=dates.get("source", product["source"]),
                            kept=kept.get(product_id) or None,
                        )
                    )
    return found


def report(today: dt.date, docs: Path = DOCS, end_of_life: Path = END_OF_LIFE) -> list[str]:
    products = load_products(end_of_life)
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

    # Past end of life: once per page, product and line (zh and en list the same versions; a
    # disagreement is reported by the baseline parity test).
    findings = past_end_of_life(docs, today, end_of_life)
    past_eol, kept, seen = [], [], set()
    for finding in findings:
        if (finding.page, finding.product, finding.line) in seen:
            continue
        seen.add((finding.page, finding.product, finding.line))
        if finding.kept:
            kept.append(f"  {finding.describe()}\n      kept: {finding.kept}")
        else:
            past_eol.append(f"  {finding.describe()}")
    products_past_eol = {(finding.page, finding.product) for finding in findings}

    past_support, unknown, needless_kept = [], [], []
    undated: dict[tuple[str, str], dict[str, set[str]]] = {}  # (name, policy) -> line -> pages
    for page, by_lang in sorted(pages.items()):
        seen_lines, seen_kept = set(), set()
        for lang in language_codes():
            baseline = by_lang.get(lang) or {}
            kept_reasons = baseline.get("kept") if isinstance(baseline.get("kept"), dict) else {}
            for product_id in kept_reasons:
                if (page, product_id) not in products_past_eol and product_id not in seen_kept:
                    seen_kept.add(product_id)
                    needless_kept.append(
                        f"  {page}: `kept` gives a reason for {product_id}, "
                        "but none of its lines is past its end of life"
                    )
            versions = baseline.get("versions") if isinstance(baseline.get("versions"), dict) else {}
            for product_id, lines in versions.items():
                for line in release_lines(lines):
                    if (product_id, line) in seen_lines:
                        continue
                    seen_lines.add((product_id, line))
                    product = products.get(product_id)
                    if product is None:
                        unknown.append(f"  {page}: unknown product id '{product_id}'")
                        continue
                    name = product["name"]
                    entry = release_entry(product, line)
                    if entry is None:
                        if product.get("policy"):
                            undated.setdefault((name, product["policy"]), {}).setdefault(line, set()).add(page)
                        else:
                            unknown.append(f"  {page}: {name} {line}: no dates in data/end-of-life.yml")
                        continue
                    dates = entry[1]
                    source = dates.get("source", product["source"])
                    note = f" ({dates['note']})" if dates.get("note") else ""
                    eol, support = as_date(dates["eol"]), dates.get("support")
                    if eol >= today and support and as_date(support) < today:
                        past_support.append(
                            f"  {page}: {name} {line}: regular support ended {support}, "
                            f"end of life {dates['eol']}{note}; {source}"
                        )

    out += [
        "",
        f"Baseline versions past their end of life, no `kept` reason ({len(past_eol)}):",
        *(past_eol or ["  none"]),
    ]
    if kept:
        out += ["", f"Kept past their end of life, with a reason ({len(kept)}):", *kept]
    out += [
        "",
        f"Past regular support, in LTS or limited support only ({len(past_support)}):",
        *(past_support or ["  none"]),
    ]
    if unknown:
        out += [
            "",
            f"Release lines without end-of-life data, to add to data/end-of-life.yml ({len(unknown)}):",
            *unknown,
        ]
    if undated:
        out += ["", f"Products whose vendor publishes no end-of-life dates ({len(undated)}):"]
        for (name, policy), lines in sorted(undated.items()):
            listed = ", ".join(f"{line} ({len(on)} page{'s' * (len(on) != 1)})" for line, on in sorted(lines.items()))
            out.append(f"  {name} {listed}: {policy}")
    if needless_kept:
        out += ["", f"`kept` reasons with nothing to keep ({len(needless_kept)}):", *needless_kept]
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
