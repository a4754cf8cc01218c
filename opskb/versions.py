"""The versions of the tools the project pins, read from package.json and requirements.txt so
that a message or a report never names a version the install does not have."""

from __future__ import annotations

import json
import re

from .project import ROOT


def npm_version(package: str) -> str:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    return {**manifest.get("dependencies", {}), **manifest.get("devDependencies", {})}[package]


def python_version(package: str) -> str:
    pattern = re.compile(rf"^{re.escape(package)}==(?P<version>\S+)", re.I | re.M)
    match = pattern.search((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    if not match:
        raise KeyError(package)
    return match["version"]
