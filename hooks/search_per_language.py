"""One search index per language.

mkdocs-static-i18n writes a single index for all languages (its issue #271), so a reader on
a Chinese page would get English results too. After the whole build, this hook splits
`search/search_index.json` into one index per language: the default language's stays at
`search/search_index.json`, every other language's goes to `<lang>/search/search_index.json`
with locations made relative to `<lang>/`. When Material's offline plugin has written
`search/search_index.js` (the index as a script, which search reads from file://), each
language gets its own `search_index.js` too. Material's search looks for the index under the
`base` of the page's `__config`, so pages of a non-default language get `base` pointed at
their language root.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _languages(config: MkDocsConfig) -> tuple[str, list[str]]:
    """(default language, other languages) from the i18n plugin's configuration."""
    languages = config.plugins["i18n"].config.languages
    default = next(lang.locale for lang in languages if lang.default)
    return default, [lang.locale for lang in languages if not lang.default]


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    default, others = _languages(config)
    language = page.url.split("/", 1)[0]
    if language not in others:
        return output

    def rebase(match: re.Match) -> str:
        data = json.loads(match.group(2))
        data["base"] = f"{data['base'].rstrip('/')}/{language}/"
        return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

    return CONFIG_SCRIPT.sub(rebase, output, count=1)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:  # a nested per-language build: not finished yet
        return
    site = Path(config.site_dir)
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    default, others = _languages(config)

    buckets: dict[str, list[dict]] = {lang: [] for lang in [default, *others]}
    for doc in index["docs"]:
        prefix = doc["location"].split("/", 1)[0]
        if prefix in others:
            doc = {**doc, "location": doc["location"][len(prefix) + 1 :]}
            buckets[prefix].append(doc)
        else:
            buckets[default].append(doc)

    offline = (site / "search" / "search_index.js").is_file()
    for lang, docs in buckets.items():
        target = index_path if lang == default else site / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({**index, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(data, encoding="utf-8")
        if offline:
            target.with_suffix(".js").write_text(f"var __index = {data}", encoding="utf-8")
