"""Append the page language's glossary to every page, so abbreviations get tooltips.

pymdownx.snippets' `auto_append` is global, but the glossary must be in the page's own language:
`includes/abbreviations.<lang>.md` is appended to each page of that language. The `abbr`
extension never touches code, so terms inside code stay plain.
"""

from __future__ import annotations

from pathlib import Path


def with_abbreviations(markdown: str, glossary: Path) -> str:
    if not glossary.is_file():
        return markdown
    return f"{markdown}\n\n{glossary.read_text(encoding='utf-8')}"
