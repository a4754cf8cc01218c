"""Run the `<!-- exec -->` examples of a page and compare them with the output the page shows.

Each block runs under strace, so that the programs it really executes (nested scripts and
`nsenter … ping` included) are known to tests/test_installed_commands.py without running the
examples a second time.

An example that talks to a server names it, `<!-- exec server="redis" -->`: the test starts the
real server from Debian's package for the page (support/servers.py).

An example that needs more than an ordinary user says so on the page next to the block and in
its marker, `<!-- exec needs="userns" -->`. When the machine cannot give it that, the page's
examples are skipped with the reason, never silently.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from opskb.markdown import Document, Fence
from opskb.project import DOCS, VENV_BIN

from .machine import traced_programs
from .problems import Problem
from .servers import ServerError, running

# Per block. The Ansible playbooks take about 9 s under strace on 2 idle cores.
TIMEOUT = 45


def _has_examples(path: Path) -> bool:
    return any(fence.executed for fence in Document(path).fences)


# Pages with at least one executed example, relative to docs/ ("zh/docker/networking.md").
EXAMPLE_PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if _has_examples(p))


def _user_namespaces() -> str | None:
    if shutil.which("unshare") is None:
        return "`unshare` (util-linux) is not installed"
    result = subprocess.run(["unshare", "--user", "--map-root-user", "--net", "true"], capture_output=True, text=True)
    if result.returncode != 0:
        return f"unprivileged user and network namespaces are not available here: {result.stderr.strip()}"
    return None


# What an example may need, and a check that returns why this machine cannot provide it (or None).
NEEDS = {
    "userns": _user_namespaces,
    "root": lambda: None if os.geteuid() == 0 else "the tests do not run as root",
}


@dataclass
class ExampleRun:
    """What running one page's examples found."""

    problems: list[Problem] = field(default_factory=list)
    programs: list[tuple[Fence, str]] = field(default_factory=list)  # (block, program it executed)
    skipped: str | None = None  # why the page's examples could not run here


def _normalise(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").splitlines()]


def unmet_needs(doc: Document) -> str | None:
    """Why this machine cannot run the page's examples, or None."""
    for fence in doc.fences:
        if not fence.executed:
            continue
        for need in fence.needs:
            if need not in NEEDS:
                return f"{doc.path}:{fence.line}: unknown need {need!r} (known: {', '.join(NEEDS)})"
            reason = NEEDS[need]()
            if reason:
                return f"{doc.path}:{fence.line} needs {need}: {reason}"
    return None


def run_examples(doc: Document, trace: bool = True) -> ExampleRun:
    """Every exec'd block of `doc`, in order, in one fresh directory."""
    run = ExampleRun()
    run.skipped = unmet_needs(doc)
    if run.skipped:
        return run
    for fence in doc.fences:
        unknown = fence.exec_attributes - {"needs", "server"} if fence.executed else set()
        if unknown:
            run.problems.append(
                Problem(doc.path, fence.line, f"unknown exec attribute(s): {', '.join(sorted(unknown))}")
            )
    strace = shutil.which("strace") if trace else None
    if trace and strace is None:
        run.problems.append(Problem(doc.path, 1, "strace is not installed: run scripts/setup"))
    with (
        tempfile.TemporaryDirectory(prefix="ops-kb-example-") as workdir,
        tempfile.TemporaryDirectory(prefix="ops-kb-trace-") as tracedir,
    ):
        try:
            with running(doc, Path(workdir)):
                _run_blocks(doc, run, workdir, tracedir, strace)
        except ServerError as error:
            run.problems.append(Problem(doc.path, 1, str(error)))
    return run


def _run_blocks(doc: Document, run: ExampleRun, workdir: str, tracedir: str, strace: str | None) -> None:
    env = {
        # Last: the programs pip installs (ansible), after the system's own.
        "PATH": f"/usr/local/bin:/usr/bin:/bin:{VENV_BIN}",
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
            run.problems.append(Problem(doc.path, fence.line, f"<!-- exec --> on a '{fence.lang}' block"))
            continue
        script = Path(workdir) / ".example.sh"
        script.write_text(fence.text, encoding="utf-8")
        log = Path(tracedir) / f"{fence.line}.strace"
        command = ["bash", str(script)]
        if strace:
            command = [strace, "-f", "-qq", "-e", "trace=execve", "-o", str(log), *command]
        try:
            result = subprocess.run(
                command,
                cwd=workdir,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            run.problems.append(Problem(doc.path, fence.line, f"example did not finish in {TIMEOUT} s"))
            continue
        finally:
            script.unlink(missing_ok=True)
        if log.exists():
            run.programs += [
                (fence, p) for p in traced_programs(log.read_text(encoding="utf-8", errors="replace"), result.stderr)
            ]
        if result.returncode != 0:
            run.problems.append(
                Problem(
                    doc.path, fence.line, f"example exited with {result.returncode}: {result.stderr.strip()[-800:]}"
                )
            )
            continue
        shown = doc.output_of(fence)
        if shown is None:
            continue
        expected, actual = _normalise(shown.text), _normalise(result.stdout)
        if expected != actual:
            diff = "\n".join(difflib.unified_diff(expected, actual, "shown on the page", "printed", lineterm=""))
            run.problems.append(
                Problem(doc.path, shown.line, f"shown output differs from what the example prints:\n{diff}")
            )
