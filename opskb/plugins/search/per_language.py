"""One search index per language.

mkdocs-static-i18n writes a single index for all languages (its issue #271), so a reader on
a Chinese page would get English results too. After the whole build, the index is split:
the default language's part stays at
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

CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def rebase_config(output: str, language: str) -> str:
    """Point a page's `__config.base` at its language root, where its language's index is."""

    def rebase(match: re.Match) -> str:
        data = json.loads(match.group(2))
        data["base"] = f"{data['base'].rstrip('/')}/{language}/"
        return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

    return CONFIG_SCRIPT.sub(rebase, output, count=1)


def split_index(site: Path, default: str, others: list[str]) -> None:
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
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
