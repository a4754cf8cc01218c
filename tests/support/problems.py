"""What every check returns: problems naming the file and line, and how a test reports them.

Each check takes a docs or site directory and returns a list of `Problem`s. The tests run them on
the real site and expect none; tests/test_fault_injection.py runs them on a copy with planted
faults and expects each fault to be reported, so that no check can silently pass.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from opskb.project import ROOT


@dataclass(frozen=True)
class Problem:
    path: Path | str
    line: int
    message: str

    def __str__(self) -> str:
        path = Path(self.path)
        with contextlib.suppress(ValueError):
            path = path.relative_to(ROOT)
        return f"{path}:{self.line}: {self.message}"


def line_containing(path: Path, *needles: str) -> int | None:
    """The first line of a Markdown source that holds one of `needles` (1-based), if any."""
    if path.suffix != ".md" or not path.is_file():
        return None
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if any(needle and needle in text for needle in needles):
            return n
    return None


def report(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)
