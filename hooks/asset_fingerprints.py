"""Content-hashed file names for the site's own scripts and styles.

Material's own assets carry a hash in their names (`bundle.a5f9d56c.min.js`), so that
deploy/nginx.conf can let browsers keep them for a year: a changed file gets a new name. The
site's own files under `assets/javascripts/` and `assets/stylesheets/` have stable names: the
ones written by hand in `docs/`, and the ones hooks generate (hooks/search_vocabulary.py,
hooks/palette_stylesheet.py). After the whole build this hook renames every such file of the
site that carries no hash yet to `<name>.<first 8 hex digits of its SHA-256>.<ext>` and rewrites
every reference in the built HTML pages. The sources keep their names, so `mkdocs.yml` and the
templates name them as usual.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

# Folders of the site holding its own assets, and their file types. Their subfolders
# (`workers/`, `lunr/`) are Material's.
OWN_ASSETS = {"assets/javascripts": "*.js", "assets/stylesheets": "*.css"}
# Material's names (`bundle.a5f9d56c.min.js`), and ours once renamed.
FINGERPRINTED = re.compile(r".+\.[0-9a-f]{8}(\.min)?\.(js|css)")


def fingerprinted_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return f"{path.stem}.{digest}{path.suffix}"


@event_priority(-300)  # after every language is built and the 404 pages are in place (-200)
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:  # a nested per-language build: not finished yet
        return
    site = Path(config.site_dir)
    renames: dict[str, str] = {}
    for folder, pattern in OWN_ASSETS.items():
        for built in sorted((site / folder).glob(pattern)):
            if FINGERPRINTED.fullmatch(built.name):
                continue
            hashed = built.with_name(fingerprinted_name(built))
            built.replace(hashed)
            renames[f"{folder}/{built.name}"] = f"{folder}/{hashed.name}"
    if not renames:
        return
    # A reference is the asset path after a quote or a slash (`../../assets/...`, `/assets/...`).
    reference = re.compile(r"(?<=[\"'/])(" + "|".join(map(re.escape, renames)) + r")(?=[\"'?#])")
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rewritten = reference.sub(lambda match: renames[match.group(1)], text)
        if rewritten != text:
            page.write_text(rewritten, encoding="utf-8")
