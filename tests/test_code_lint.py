"""The project's own code passes its linters: ShellCheck for the shell scripts, Ruff (rules and
formatting, configured in pyproject.toml) for all Python. Each reports with file and line."""

import subprocess

from opskb.project import ROOT, VENV_BIN

SCRIPTS = sorted(p for p in (ROOT / "scripts").iterdir() if p.is_file() and not p.suffix) + [ROOT / ".ci/run"]


def _run(*command: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), capture_output=True, text=True, cwd=cwd)


def test_scripts_pass_shellcheck():
    result = _run(str(VENV_BIN / "shellcheck"), "-x", "-S", "info", "-f", "gcc", *map(str, SCRIPTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_passes_ruff():
    result = _run(str(VENV_BIN / "ruff"), "check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_is_formatted():
    result = _run(str(VENV_BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, "run `.venv/bin/ruff format .`:\n" + result.stdout + result.stderr


def test_ruff_reports_a_planted_finding_with_file_and_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "planted.py").write_text('"""Planted."""\n\nimport os\n', encoding="utf-8")
    result = _run(str(VENV_BIN / "ruff"), "check", "--output-format", "concise", ".", cwd=tmp_path)
    assert result.returncode != 0 and "planted.py:3:8: F401" in result.stdout, result.stdout + result.stderr
