"""Rank the page that explains a thing above the pages that only list or quiz it.

Interview pages repeat every term of their chapter in short answers, the glossary defines every
term in a line, the practice page gathers all interview questions, and chapter index pages list
their pages: without a weight they outrank the chapter page that explains the topic. Material's
search reads a per-page `search.boost` from the page meta; it is set here by the kind of page
(the `weights` option in mkdocs.yml), so that no chapter page needs to carry search settings in
its front matter. A page that sets its own `search.boost` keeps it.
"""

from __future__ import annotations


def weigh(meta: dict, kind: str, weights: dict[str, float]) -> None:
    if kind in weights:
        search = dict(meta.get("search") or {})
        search.setdefault("boost", weights[kind])
        meta["search"] = search
