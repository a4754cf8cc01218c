"""Serve front-end libraries from the site itself instead of a CDN.

Material's offline plugin loads its Web Worker shim (iframe-worker, for search from file://)
from unpkg unless a polyfill is configured: the pinned npm copy (package.json) is copied into
the build here and configured in `on_config`, so no page ever asks another origin. (Diagrams
need no script: hooks/diagrams.py draws them at build time.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"

# site path (under site_dir) -> file in node_modules
VENDOR_FILES = {
    # Web Worker shim for file:// (search in the offline copy; see on_config).
    "assets/vendor/iframe-worker/shim.js": "iframe-worker/shim/index.js",
    "assets/vendor/iframe-worker/LICENSE": "iframe-worker/LICENSE",
}


@event_priority(100)  # before Material's offline plugin, which adds unpkg's shim if none is set
def on_config(config: MkDocsConfig) -> None:
    """In the offline build (scripts/export), use the local iframe-worker shim."""
    offline = next((p for name, p in config.plugins.items() if name.endswith("offline")), None)
    if offline and offline.config.enabled:
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), "assets/vendor/iframe-worker/shim.js"]


def on_post_build(config: MkDocsConfig) -> None:
    for target, source in VENDOR_FILES.items():
        src = NODE_MODULES / source
        if not src.is_file():
            raise PluginError(
                f"{src} is missing: run `npm ci` (scripts/build and scripts/serve do it for you)"
            )
        dest = Path(config.site_dir) / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
