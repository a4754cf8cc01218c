"""Checks of the chapter pages' `baseline:` front matter (CONTRIBUTING.md, "Version baseline").

Every page in the ten chapter folders states, in identical front matter in zh and en, the
product versions it was checked against, where its outputs were captured and the month of its
last review. The rules for a valid value live in hooks/page_baseline.py, which renders it, so
that the build and the tests cannot disagree.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

import yaml

from .checks import ROOT, Problem

# The chapters are the language folders' sub-folders, except the About section.
NOT_CHAPTERS = {"about"}
FRONT_MATTER_KEY = re.compile(r"^(?P<indent> *)(?P<key>[\w-]+):")

# The report of scripts/freshness, printed at the end of the test run by tests/conftest.py.
FRESHNESS_REPORT: list[str] = []


@lru_cache(maxsize=1)
def page_baseline_hook():
    """hooks/page_baseline.py as a module (hooks are loaded by MkDocs from a path, not a package)."""
    spec = importlib.util.spec_from_file_location("page_baseline", ROOT / "hooks" / "page_baseline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chapter_pages(docs_dir: Path, lang: str) -> list[Path]:
    root = docs_dir / lang
    return sorted(p for p in root.glob("*/*.md") if p.parent.name not in NOT_CHAPTERS)


def front_matter(path: Path) -> tuple[dict | None, dict[str, int]]:
    """(front matter, line of each key by dotted name) of a page; (None, {}) without front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        return None, {}
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, {}
    key_lines: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    for number in range(1, end):
        match = FRONT_MATTER_KEY.match(lines[number])
        if not match:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
        key_lines.setdefault(".".join(key for _, key in stack), number + 1)
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {"_error": str(error), "_line": (mark.line + 2) if mark else 1}, key_lines
    return data if isinstance(data, dict) else {}, key_lines


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
    hook = page_baseline_hook()
    problems = []
    for lang in ("zh", "en"):
        for path in chapter_pages(docs_dir, lang):
            data, key_lines = front_matter(path)
            if data and "_error" in data:
                problems.append(Problem(path, data["_line"], f"front matter is not valid YAML: {data['_error']}"))
                continue
            if not data or "baseline" not in data:
                problems.append(Problem(path, 1, "no `baseline:` front matter (versions, environment, reviewed; "
                                                 "see CONTRIBUTING.md)"))
                continue
            for problem in hook.problems(data["baseline"]):
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
                problems.append(Problem(
                    en_path, en_lines.get(f"baseline.{key}", en_lines.get("baseline", 1)),
                    f"baseline.{key} is {en_baseline.get(key)!r} here but {zh_baseline.get(key)!r} in "
                    f"{zh_path.relative_to(docs_dir)}: zh and en must state the same baseline"))
    return problems
