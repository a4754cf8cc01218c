"""Run the `<!-- exec -->` examples of a page and compare them with the output the page shows."""

from __future__ import annotations

import difflib
import os
import subprocess
import tempfile
from pathlib import Path

from .checks import Problem
from .markdown import Document

TIMEOUT = 20


def _normalise(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").splitlines()]


def run_examples(doc: Document) -> list[Problem]:
    """Every exec'd block of `doc`, in order, in one fresh directory; problems found."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="ops-kb-example-") as workdir:
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": workdir,
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "TERM": "dumb",
        }
        for fence in doc.fences:
            if not fence.executed:
                continue
            if fence.lang not in ("bash", "sh"):
                problems.append(Problem(doc.path, fence.line, f"<!-- exec --> on a '{fence.lang}' block"))
                continue
            script = Path(workdir) / ".example.sh"
            script.write_text(fence.text, encoding="utf-8")
            try:
                result = subprocess.run(
                    ["bash", str(script)], cwd=workdir, env=env, capture_output=True, text=True,
                    timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                )
            except subprocess.TimeoutExpired:
                problems.append(Problem(doc.path, fence.line, f"example did not finish in {TIMEOUT} s"))
                continue
            finally:
                script.unlink(missing_ok=True)
            if result.returncode != 0:
                problems.append(Problem(doc.path, fence.line,
                                        f"example exited with {result.returncode}: {result.stderr.strip()[-800:]}"))
                continue
            shown = doc.output_of(fence)
            if shown is None:
                continue
            expected, actual = _normalise(shown.text), _normalise(result.stdout)
            if expected != actual:
                diff = "\n".join(difflib.unified_diff(expected, actual, "shown on the page", "printed", lineterm=""))
                problems.append(Problem(doc.path, shown.line, f"shown output differs from what the example prints:\n{diff}"))
    return problems
