"""A small copy of the project (the About section in both languages) for tests that plant a
fault or count builds: it builds in seconds instead of the whole site's minute."""

from __future__ import annotations

import shutil
from pathlib import Path

from opskb.project import ROOT

COPIED = ["overrides", "scripts", "includes", "data", "docs/assets", "docs/zh/about", "docs/en/about"]


def copy_small_project(project: Path) -> Path:
    """Copy the About section and everything it builds with into `project`; returns `project`."""
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    # Only the About section is copied; nav is generated from the files.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", encoding="utf-8")
    (project / "docs/zh/index.md").write_text("# 首页\n\n[关于](about/index.md)\n", encoding="utf-8")
    (project / "docs/en/index.md").write_text("# Home\n\n[About](about/index.md)\n", encoding="utf-8")
    return project
