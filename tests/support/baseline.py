"""Checks of the chapter pages' `baseline:` front matter (CONTRIBUTING.md, "Version baseline").

Every page in the ten chapter folders states, in identical front matter in zh and en, the
product versions it was checked against, where its outputs were captured and the month of its
last review. The rules for a valid value live in opskb/plugins/content/baselines.py, which
renders it, so that the build and the tests cannot disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

from opskb.markdown import front_matter
from opskb.plugins.content import baselines
from opskb.project import chapter_pages, language_codes

from .problems import Problem

# The report of scripts/freshness, printed at the end of the test run by tests/conftest.py.
FRESHNESS_REPORT: list[str] = []


def _line_for(problem: str, key_lines: dict[str, int]) -> int:
    product = re.search(r"(?:product id|of) '([\w-]+)'", problem)
    if product and f"baseline.versions.{product[1]}" in key_lines:
        return key_lines[f"baseline.versions.{product[1]}"]
    for key in ("reviewed", "environment", "versions"):
        if f"baseline.{key}" in problem or (key == "versions" and ("product" in problem or "release line" in problem)):
            return key_lines.get(f"baseline.{key}", key_lines.get("baseline", 1))
    return key_lines.get("baseline", 1)


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


def check_baseline_parity(docs_dir: Path) -> list[Problem]:
    """zh and en state the same baseline for the same page."""
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
        for key in sorted(set(zh_baseline) | set(en_baseline)):
            if zh_baseline.get(key) != en_baseline.get(key):
                problems.append(
                    Problem(
                        en_path,
                        en_lines.get(f"baseline.{key}", en_lines.get("baseline", 1)),
                        f"baseline.{key} is {en_baseline.get(key)!r} here but {zh_baseline.get(key)!r} in "
                        f"{zh_path.relative_to(docs_dir)}: zh and en must state the same baseline",
                    )
                )
    return problems
