"""The project's own shell scripts pass ShellCheck."""

import subprocess

from support.checks import ROOT, VENV_BIN

SCRIPTS = sorted(p for p in (ROOT / "scripts").iterdir() if p.is_file() and not p.suffix) + [ROOT / ".ci/run"]


def test_scripts_pass_shellcheck():
    result = subprocess.run(
        [str(VENV_BIN / "shellcheck"), "-x", "-S", "info", "-f", "gcc", *map(str, SCRIPTS)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
