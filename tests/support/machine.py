"""Which programs the project calls, and whether a fresh machine would have them.

A command that works here only because someone installed its package by hand passes every test
on this machine and fails on the next one (CI runs where the change was made, so it cannot see
this). A program counts as provided when it comes from:
- a Debian package that `scripts/setup` installs (`scripts/debian-packages.txt`);
- a Debian package of priority `required`, which every Debian image has, even a minimal one;
- the project's own `.venv` or `node_modules` (installed by `scripts/setup`);
- the fallbacks `scripts/setup` installs when the command is absent (Python 3.11, Node.js/npm).

Three ways of finding the commands, each as exact as its source allows:
- executed examples: the programs they really run, traced with strace (so nested scripts,
  `nsenter … ping` and heredoc scripts count, and builtins and functions never do);
- project shell scripts: the words in command position, read by a small lexer (shell_lexer.py);
- Python (the package and the tests): `subprocess` calls whose program is a string literal, and
  `shutil.which("…")`.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

from opskb.project import ROOT

from .problems import Problem
from .shell_lexer import shell_command_words

PACKAGE_LIST = ROOT / "scripts" / "debian-packages.txt"

# What scripts/setup installs itself when the command is missing (see setup_system).
SETUP_FALLBACKS = {"python3": "python3", "python3.11": "python3", "node": "nodejs", "npm": "npm"}


def setup_packages(path: Path = PACKAGE_LIST) -> set[str]:
    """The Debian packages scripts/setup installs, from its package list."""
    packages = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            packages.add(words[0])
    return packages


@functools.cache
def _installed_dependencies() -> dict[str, set[str]]:
    """Installed package -> the installed packages it depends on (Depends and Pre-Depends)."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\t${Pre-Depends}, ${Depends}\n"], capture_output=True, text=True, check=True
    )
    installed = {line.split("\t", 1)[0] for line in result.stdout.splitlines()}
    graph: dict[str, set[str]] = {}
    for line in result.stdout.splitlines():
        package, _, depends = line.partition("\t")
        names = set()
        for clause in depends.split(","):
            # "a (>= 1) | b:any": any installed alternative satisfies the clause
            for alternative in clause.split("|"):
                name = alternative.strip().split(" ")[0].split(":")[0]
                if name in installed:
                    names.add(name)
        graph[package] = names
    return graph


@functools.cache
def with_dependencies(packages: frozenset[str]) -> frozenset[str]:
    """`packages` and everything apt installs with them (the installed dependency closure)."""
    graph, closure, todo = _installed_dependencies(), set(), list(packages)
    while todo:
        package = todo.pop()
        if package not in closure:
            closure.add(package)
            todo.extend(graph.get(package, ()))
    return frozenset(closure)


@functools.cache
def package_of(path: str) -> str | None:
    """The Debian package that owns `path` (following symlinks and the merged-/usr aliases)."""
    candidates = [path, os.path.realpath(path)]
    for candidate in list(candidates):
        # Debian 12 merged /bin into /usr/bin, but dpkg's database keeps the old paths.
        for old, new in (
            ("/usr/bin/", "/bin/"),
            ("/usr/sbin/", "/sbin/"),
            ("/bin/", "/usr/bin/"),
            ("/sbin/", "/usr/sbin/"),
        ):
            if candidate.startswith(old):
                candidates.append(new + candidate[len(old) :])
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            # "package[:arch][, other]: /path"; diversions start with "diversion by".
            for line in result.stdout.splitlines():
                if not line.startswith("diversion"):
                    return line.split(":", 1)[0].split(",")[0].strip()
    return None


@functools.cache
def priority_of(package: str) -> str:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Priority}", package], capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def why_missing(program: str, packages: set[str], path: str | None = None) -> str | None:
    """None when a fresh machine has `program` after scripts/setup; otherwise the reason."""
    name = Path(program).name
    if name in SETUP_FALLBACKS:
        return None
    path = path or shutil.which(program, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if path is None:
        return f"`{name}` is not installed on this machine, and scripts/setup does not install it"
    resolved = os.path.realpath(path)
    if any(resolved.startswith(str(ROOT / d) + os.sep) for d in (".venv", "node_modules")) or any(
        path.startswith(str(ROOT / d) + os.sep) for d in (".venv", "node_modules")
    ):
        return None
    package = package_of(path)
    if package is None:
        return (
            f"`{name}` ({path}) belongs to no Debian package: it was installed by hand here, "
            "and a fresh machine will not have it"
        )
    if package in with_dependencies(frozenset(packages)) or priority_of(package) == "required":
        return None
    return (
        f"`{name}` comes from the Debian package {package} (priority {priority_of(package)}), which a minimal "
        f"Debian image does not ship and scripts/debian-packages.txt does not list"
    )


# --- executed examples: the programs they really run ----------------------------------------

EXECVE = re.compile(r'^\d+\s+execve\("(?P<path>[^"]+)", \[(?P<argv>.*?)\](?:, 0x[0-9a-f]+ /\* \d+ vars \*/)?\) = 0')


EXECVE_FAILED = re.compile(r'^\d+\s+execve\("(?P<path>[^"]+)", .* = -1 ENOENT')
NOT_FOUND = re.compile(r"^(?:\S+: )?(?:line \d+: )?(?P<name>[\w.+-]+): (?:command )?not found$", re.M)


def traced_programs(strace_log: str, stderr: str = "") -> list[str]:
    """The programs a traced run executed, in order, without repeats; a program it looked for
    and did not find (in every directory of PATH, or bash's "command not found") by bare name."""
    ran: dict[str, None] = {}
    looked_for: dict[str, None] = {}
    for line in strace_log.splitlines():
        if match := EXECVE.match(line):
            ran.setdefault(match.group("path"))
        elif match := EXECVE_FAILED.match(line):
            looked_for.setdefault(Path(match.group("path")).name)
    found = {Path(p).name for p in ran}
    missing = [name for name in looked_for if name not in found]
    missing += [m.group("name") for m in NOT_FOUND.finditer(stderr) if m.group("name") not in found]
    return list(ran) + list(dict.fromkeys(missing))


def line_of_program(fence, program: str) -> int:
    """The page line where `fence` names `program` (its first mention), else the fence's line."""
    name = re.escape(Path(program).name)
    for index, text in enumerate(fence.body, 1):
        if re.search(rf"(^|[\s;|&(`'\"/]){name}($|[\s;|&)`'\"])", text):
            return fence.body_line(index)
    return fence.line


def check_traced_programs(programs, packages: set[str]) -> list[Problem]:
    """For the (block, program) pairs an example run traced: each program is provided."""
    problems, seen = [], set()
    for fence, program in programs:
        if (fence.line, program) in seen:
            continue
        seen.add((fence.line, program))
        if ("/" in program and not program.startswith("/")) or "/ops-kb-example-" in program:
            continue  # a script the example wrote into its own working directory
        reason = why_missing(program, packages, path=program if "/" in program else None)
        if reason:
            problems.append(Problem(fence.path, line_of_program(fence, program), reason))
    return problems


@functools.cache
def bash_builtins() -> frozenset[str]:
    result = subprocess.run(["bash", "-c", "compgen -b; compgen -k"], capture_output=True, text=True, check=True)
    return frozenset(result.stdout.split())


def check_shell_script(path: Path, packages: set[str], functions: set[str] = frozenset()) -> list[Problem]:
    """Every external command of a project shell script is provided on a fresh machine."""
    commands, defined = shell_command_words(path.read_text(encoding="utf-8"))
    problems = []
    for line, word in commands:
        if "$" in word or "`" in word or word in bash_builtins() or word in defined or word in functions:
            continue
        word = word.strip("'\"")
        if "/" in word and not word.startswith("/"):  # the project's own script
            continue
        reason = why_missing(word, packages)
        if reason:
            problems.append(Problem(path, line, reason))
    return problems


# --- Python: subprocess calls and shutil.which ---------------------------------------------

SUBPROCESS_CALLS = {"run", "Popen", "call", "check_call", "check_output"}


def python_commands(path: Path) -> list[tuple[int, str]]:
    """(line, program) for each subprocess call with a literal program, and each shutil.which()."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0]
        if name in SUBPROCESS_CALLS and isinstance(first, (ast.List, ast.Tuple)) and first.elts:
            first = first.elts[0]
        elif name != "which":
            continue
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value.split()[0]))
    return found


def check_python_file(path: Path, packages: set[str]) -> list[Problem]:
    problems = []
    for line, program in python_commands(path):
        reason = why_missing(program, packages)
        if reason:
            problems.append(Problem(path, line, reason))
    return problems
