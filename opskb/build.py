"""How the tests, the bench and the export run the real MkDocs build of a project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .project import ROOT


def build_site(
    project: Path, site_dir: Path, strict: bool = True, site_url: str | None = None, **extra_env: str
) -> subprocess.CompletedProcess:
    """`mkdocs build` of `project` into `site_dir`. `site_url` (SITE_URL) is the address the site
    will be served at: the hreflang alternates are absolute, and a page served elsewhere would
    fetch from that address."""
    # Copies of the project share the project's diagram cache, so that they do not render every
    # diagram again.
    env = {"DIAGRAM_CACHE": str(ROOT / ".cache" / "diagrams"), **os.environ, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    # The plugins of this very package, also for a copy of the project elsewhere: the editable
    # install in .venv may point at another work tree of the repository.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if site_url:
        env["SITE_URL"] = site_url
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=project)
