"""Serve front-end libraries from the site itself instead of a CDN.

Material's offline plugin loads its Web Worker shim (iframe-worker, for search from file://)
from unpkg unless a polyfill is configured: the pinned npm copy (package.json) is copied into
the build and configured as the polyfill, so no page ever asks another origin. The practice
page's scheduler (ts-fsrs's UMD build) is copied the same way. (Diagrams need no script: the
diagrams plugin draws them at build time.) The files are the `vendor` option.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

from ...project import ROOT

NODE_MODULES = ROOT / "node_modules"


def copy_vendor_files(site: Path, files: dict[str, str]) -> None:
    for target, source in files.items():
        src = NODE_MODULES / source
        if not src.is_file():
            raise PluginError(f"{src} is missing: run `npm ci` (scripts/build and scripts/serve do it for you)")
        dest = site / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
