"""Everything the project runs is installed by scripts/setup on a fresh machine.

A program installed by hand where a change was written lets every test pass there, and CI runs
on that same machine; the next machine fails. These tests find the programs that the executed
examples, the project scripts and the Python code (the package and the tests) call, and require each
to come from scripts/debian-packages.txt, from a package every Debian image has, or from the
project's .venv and node_modules (tests/support/machine.py says how).
"""

from __future__ import annotations

import pytest

from opskb.markdown import Document
from opskb.project import ROOT
from support import machine
from support.examples import EXAMPLE_PAGES, run_examples
from support.problems import report
from support.shell_lexer import shell_command_words

PACKAGES = machine.setup_packages()
SHELL_SCRIPTS = sorted(
    p
    for p in [*(ROOT / "scripts").iterdir(), ROOT / ".ci" / "run"]
    if p.is_file() and p.read_text(encoding="utf-8", errors="replace").startswith("#!/usr/bin/env bash")
)
PYTHON_FILES = sorted(p for d in ("tests", "opskb") for p in (ROOT / d).rglob("*.py"))
# Functions that scripts/setup defines for the scripts that source it.
SETUP_FUNCTIONS = shell_command_words((ROOT / "scripts" / "setup").read_text(encoding="utf-8"))[1]


@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_executed_examples_use_only_installed_programs(page, example_runs):
    run = example_runs[page]
    if run.skipped:
        pytest.skip(run.skipped)
    assert run.programs, f"docs/{page}: no program was traced (is strace installed?)"
    problems = machine.check_traced_programs(run.programs, PACKAGES)
    assert not problems, report(problems)


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_project_scripts_use_only_installed_programs(script):
    problems = machine.check_shell_script(script, PACKAGES, SETUP_FUNCTIONS)
    assert not problems, report(problems)


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_code_uses_only_installed_programs(path):
    problems = machine.check_python_file(path, PACKAGES)
    assert not problems, report(problems)


def test_readme_names_the_package_list():
    """The list lives in one file; the README points at it instead of keeping a copy."""
    assert "scripts/debian-packages.txt" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_lexer_finds_commands_and_skips_builtins_and_functions():
    script = (
        "#!/usr/bin/env bash\n"
        "greet() { printf 'hi %s\\n' \"$1\"; }\n"  # a function, and a builtin
        "greet you; cd . && type greet >/dev/null\n"
        "x=$(hostname) LANG=C sort <<'EOF' | uniq\n"  # command substitution, assignment
        "ping -c 1 in-a-heredoc\n"  # heredoc body: data, not commands
        "EOF\n"
        "if [[ -n $x ]]; then timeout 5 nslookup example.org; fi  # nslookup after a prefix\n"
    )
    words, functions = shell_command_words(script)
    names = [w for _, w in words if w not in machine.bash_builtins() and w not in functions]
    assert functions == {"greet"}
    assert names == ["hostname", "sort", "uniq", "timeout", "nslookup"], names
    assert dict((w, line) for line, w in words)["nslookup"] == 7


def test_a_planted_example_calling_an_unlisted_program_is_reported(tmp_path):
    """The class of fault this file exists for: a `ping` that only this machine has. The
    fault-injection test plants the same in a whole project copy; this one also checks that a
    builtin- and function-only example is not reported."""
    page = tmp_path / "page.md"
    page.write_text(
        "# Planted\n\n"
        "<!-- exec -->\n```bash\ngreet() { printf 'hi\\n'; }\ngreet; cd . ; type greet > /dev/null\n```\n\n"
        "<!-- exec -->\n```bash\nsleep 0 && ping -c 1 -W 1 127.0.0.1 > /dev/null || true\n```\n",
        encoding="utf-8",
    )
    run = run_examples(Document(page))
    problems = machine.check_traced_programs(run.programs, PACKAGES - {"iputils-ping"})
    assert [(p.line, "`ping`" in p.message) for p in problems] == [(11, True)], report(problems)
