"""Give each language its own 404 page.

mkdocs-static-i18n builds every language into the same site directory, so the root
`404.html` is overwritten by the last language built and no `<lang>/404.html` exists.
Each language's page is kept as it is written, then put in place after the whole build:
the default language's at the root, the others' at `<lang>/404.html`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority

_pages: dict[str, bytes] = {}


@event_priority(50)  # before mkdocs-static-i18n starts the next language's build
def _keep_this_language(config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    page = Path(config.site_dir) / "404.html"
    if page.is_file():
        _pages[i18n.current_language] = page.read_bytes()


@event_priority(-200)  # after every language has been built
def _put_in_place(config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    if i18n.building:
        return
    site = Path(config.site_dir)
    for lang in i18n.config.languages:
        if lang.locale not in _pages:
            continue
        target = site / "404.html" if lang.default else site / lang.locale / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_pages[lang.locale])
    _pages.clear()


on_post_build = CombinedEvent(_keep_this_language, _put_in_place)
