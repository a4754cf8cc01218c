"""Content-hashed file names for the site's own scripts and styles.

Material's own assets carry a hash in their names (`bundle.a5f9d56c.min.js`), so that
deploy/nginx.conf can let browsers keep them for a year: a changed file gets a new name. The
site's own files (the `fingerprint` option: folders and file patterns) have stable names: the
ones written by hand in `docs/`, and the generated ones (search vocabularies, the palette
stylesheet). After the whole build every such file that carries no hash yet is renamed to
`<name>.<first 8 hex digits of its SHA-256>.<ext>`, and every reference in the built pages is
rewritten. The sources keep their names, so `mkdocs.yml` and the templates name them as usual.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

# Material's names (`bundle.a5f9d56c.min.js`), and ours once renamed.
FINGERPRINTED = re.compile(r".+\.[0-9a-f]{8}(\.min)?\.(js|css)")


def fingerprinted_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return f"{path.stem}.{digest}{path.suffix}"


def fingerprint(site: Path, own_assets: dict[str, str]) -> dict[str, str]:
    """Rename the own assets that have no hash yet; {old site path: new site path}."""
    renames: dict[str, str] = {}
    for folder, pattern in own_assets.items():
        for built in sorted((site / folder).glob(pattern)):
            if FINGERPRINTED.fullmatch(built.name):
                continue
            hashed = built.with_name(fingerprinted_name(built))
            built.replace(hashed)
            renames[f"{folder}/{built.name}"] = f"{folder}/{hashed.name}"
    return renames


def reference_rewriter(renames: dict[str, str]):
    """A function that points a page's references at the renamed files."""
    if not renames:
        return lambda text: text
    # A reference is the asset path after a quote or a slash (`../../assets/...`, `/assets/...`).
    reference = re.compile(r"(?<=[\"'/])(" + "|".join(map(re.escape, renames)) + r")(?=[\"'?#])")
    return lambda text: reference.sub(lambda match: renames[match.group(1)], text)
