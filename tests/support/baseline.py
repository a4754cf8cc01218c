"""Checks of the chapter pages' `baseline:` front matter (CONTRIBUTING.md, "Version baseline").

Every page in the chapter folders states the product versions it was checked against and the
month of its last review (identical in zh and en), where its outputs were captured
(`environment`: translated on zh pages, "none" in both when there is no captured output) and,
for a listed version past its end of life, why it stays (`kept`, identical in zh and en). The
rules for a valid value live in opskb/plugins/content/baselines.py, which renders it, and the
end-of-life dates in opskb/freshness.py, which reports them, so that the build, the report and
the tests cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from opskb.freshness import past_end_of_life
from opskb.markdown import front_matter
from opskb.plugins.content import baselines
from opskb.plugins.content.baselines import END_OF_LIFE, NO_OUTPUT, product_names
from opskb.project import chapter_pages, language_codes

from .problems import Problem

# The report of scripts/freshness, printed at the end of the test run by tests/conftest.py.
FRESHNESS_REPORT: list[str] = []

# Keys whose value is the same in zh and en; `environment` is translated on zh pages.
SAME_IN_BOTH_LANGUAGES = ("versions", "reviewed", "kept")


def _line_for(problem: str, key_lines: dict[str, int]) -> int:
    """The front matter line a problem of baselines.problems() is about."""
    fallback = key_lines.get("baseline", 1)
    product = re.search(r"'([\w-]+)'", problem)
    key = re.match(r"(?:unknown key )?`baseline\.([\w-]+)`", problem)
    if key:
        name = f"baseline.{key[1]}"
        if product and f"{name}.{product[1]}" in key_lines:
            return key_lines[f"{name}.{product[1]}"]
        return key_lines.get(name, fallback)
    if product and f"baseline.versions.{product[1]}" in key_lines:
        return key_lines[f"baseline.versions.{product[1]}"]
    if "product" in problem or "release line" in problem:
        return key_lines.get("baseline.versions", fallback)
    return fallback


def check_page_baselines(docs_dir: Path) -> list[Problem]:
    """Every chapter page carries a valid `baseline:` front matter."""
    problems = []
    for lang in language_codes():
        for path in chapter_pages(docs_dir, lang):
            data, key_lines = front_matter(path)
            if data and "_error" in data:
                problems.append(Problem(path, data["_line"], f"front matter is not valid YAML: {data['_error']}"))
                continue
            if not data or "baseline" not in data:
                problems.append(
                    Problem(
                        path, 1, "no `baseline:` front matter (versions, environment, reviewed; see CONTRIBUTING.md)"
                    )
                )
                continue
            for problem in baselines.problems(data["baseline"]):
                problems.append(Problem(path, _line_for(problem, key_lines), problem))
    return problems


def _is_none(value) -> bool:
    return isinstance(value, str) and value.strip().lower() == NO_OUTPUT


def check_baseline_parity(docs_dir: Path) -> list[Problem]:
    """zh and en state the same baseline for the same page: the same versions, review month and
    `kept` reasons; `environment` is translated, but "none" on one page is "none" on the other."""
    problems = []
    for zh_path in chapter_pages(docs_dir, "zh"):
        en_path = docs_dir / "en" / zh_path.relative_to(docs_dir / "zh")
        if not en_path.is_file():
            continue  # reported by the translation parity check
        zh, _ = front_matter(zh_path)
        en, en_lines = front_matter(en_path)
        zh_baseline, en_baseline = (zh or {}).get("baseline"), (en or {}).get("baseline")
        if zh_baseline is None or en_baseline is None or zh_baseline == en_baseline:
            continue  # a missing baseline is reported by check_page_baselines
        if not isinstance(zh_baseline, dict) or not isinstance(en_baseline, dict):
            problems.append(Problem(en_path, en_lines.get("baseline", 1), "baseline differs from the zh page"))
            continue
        zh_rel = zh_path.relative_to(docs_dir)
        for key in sorted(set(zh_baseline) | set(en_baseline)):
            line = en_lines.get(f"baseline.{key}", en_lines.get("baseline", 1))
            zh_value, en_value = zh_baseline.get(key), en_baseline.get(key)
            if key == "environment":
                if _is_none(zh_value) != _is_none(en_value):
                    problems.append(
                        Problem(
                            en_path,
                            line,
                            f"baseline.environment is {en_value!r} here but {zh_value!r} in {zh_rel}: "
                            '"none" (no captured output) must be "none" in both languages',
                        )
                    )
            elif zh_value != en_value:
                problems.append(
                    Problem(
                        en_path,
                        line,
                        f"baseline.{key} is {en_value!r} here but {zh_value!r} in {zh_rel}: "
                        f"zh and en must state the same baseline ({', '.join(SAME_IN_BOTH_LANGUAGES)})",
                    )
                )
    return problems


# --- An untranslated capture environment on a zh page ------------------------------------------

# English words that never belong to a product name or a version: their presence in a zh page's
# `environment` means it was left in English ("the unshare examples", "2 vCPU virtual machine").
_ENGLISH = """
a an the and or of on in at to by for from with without into via per see each every only all no
not is are was were be been this that these those example examples machine machines virtual kernel
package packages output outputs captured executed shown page pages device devices network
namespace namespaces container containers host hosts image images one two three
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())
# A Latin word (a version such as 1.22.1, v1.8.9 or 20221126 is not one). Not \w: Python counts
# Chinese characters as word characters.
_WORD = r"(?!v?\d)[A-Za-z][A-Za-z0-9_.+-]*"
LATIN_WORD = re.compile(rf"(?<![A-Za-z0-9_.+-]){_WORD}(?![A-Za-z0-9_.+-])")
# Three Latin words in a row, separated by spaces only.
LATIN_RUN = re.compile(rf"(?<![A-Za-z0-9_.+-]){_WORD}(?: +{_WORD}){{2,}}(?![A-Za-z0-9_.+-])")
# A value made of product names and versions only still reads as English on a zh page: it says
# where the outputs come from in Chinese (软件包, 内核, 虚拟机...), so it holds a Han character.
HAN = re.compile(r"[\u4e00-\u9fff]")


def untranslated_english(environment: str, names: tuple[str, ...] = ()) -> str | None:
    """The English left in a zh page's `environment` value, or None. Product names (`names`: the
    display names of data/end-of-life.yml, such as "Red Hat Enterprise Linux") and versions do not
    count."""
    if _is_none(environment):
        return None
    text = environment
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z0-9_-]){re.escape(name)}(?![A-Za-z0-9_-])", " ", text)
    for match in LATIN_WORD.finditer(text):
        if match.group(0).rstrip(".").lower() in ENGLISH_WORDS:
            return match.group(0)
    run = LATIN_RUN.search(text)
    if run:
        return run.group(0)
    return None if HAN.search(environment) else environment


def check_environment_translated(docs_dir: Path, end_of_life: Path = END_OF_LIFE) -> list[Problem]:
    """A zh page's `environment` is written in Chinese: product names and versions as they are
    ("Debian 12（bookworm）软件包：nginx 1.22.1"), no English words left."""
    names = tuple(product_names(end_of_life).values())
    problems = []
    for path in chapter_pages(docs_dir, "zh"):
        data, key_lines = front_matter(path)
        baseline = (data or {}).get("baseline")
        environment = baseline.get("environment") if isinstance(baseline, dict) else None
        if not isinstance(environment, str):
            continue  # reported by check_page_baselines
        english = untranslated_english(environment, names)
        if english:
            problems.append(
                Problem(
                    path,
                    key_lines.get("baseline.environment", key_lines.get("baseline", 1)),
                    f"baseline.environment holds untranslated English ('{english}'): write it in Chinese, "
                    "product names and versions as they are, e.g. 'Debian 12（bookworm）软件包：nginx 1.22.1'",
                )
            )
    return problems


# --- A version past its end of life stays only with a reason ------------------------------------


def check_end_of_life_kept(docs_dir: Path, today: dt.date, end_of_life: Path = END_OF_LIFE) -> list[Problem]:
    """Every release line past its end of life (data/end-of-life.yml, as scripts/freshness reports
    it) has a `kept` reason for its product, or the page moves to a supported line."""
    problems = []
    for finding in past_end_of_life(docs_dir, today, end_of_life):
        if finding.kept:
            continue
        path = docs_dir / finding.language / finding.page
        _, key_lines = front_matter(path)
        problems.append(
            Problem(
                path,
                key_lines.get(f"baseline.versions.{finding.product}", key_lines.get("baseline", 1)),
                f"{finding.name} {finding.line} is past its end of life ({finding.eol}; {finding.source}): "
                f"move the page to a supported line it really describes, or say why it stays in "
                f"`baseline.kept.{finding.product}` (identical in zh and en)",
            )
        )
    return problems
