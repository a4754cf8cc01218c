"""Append the page language's glossary to every page, so abbreviations get tooltips.

pymdownx.snippets' `auto_append` is global, but the glossary must be in the page's own
language: `includes/abbreviations.<lang>.md` is appended to each page of that language.
The `abbr` extension never touches code, so terms inside code stay plain.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

INCLUDES = Path(__file__).resolve().parent.parent / "includes"


def page_language(page: Page) -> str:
    """The language folder a page comes from (`zh` or `en`)."""
    return getattr(page.file, "locale", None) or page.file.src_uri.split("/", 1)[0]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    glossary = INCLUDES / f"abbreviations.{page_language(page)}.md"
    if not glossary.is_file():
        return markdown
    return f"{markdown}\n\n{glossary.read_text(encoding='utf-8')}"
