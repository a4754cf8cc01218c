"""Give each language its own 404 page.

mkdocs-static-i18n builds every language into the same site directory, so the root `404.html`
is overwritten by the last language built and no `<lang>/404.html` exists. Each language's page
is kept as it is written, then put in place after the whole build: the default language's at
the root, the others' at `<lang>/404.html`.
"""

from __future__ import annotations

from pathlib import Path


def place(site: Path, pages: dict[str, bytes], default: str) -> None:
    for language, page in pages.items():
        target = site / "404.html" if language == default else site / language / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page)
