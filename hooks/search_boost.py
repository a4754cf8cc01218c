"""Rank the page that explains a thing above the pages that only list or quiz it.

Interview pages repeat every term of their chapter in short answers, the glossary defines every
term in a line, the practice page gathers all interview questions, and chapter index pages list
their pages: without a weight they outrank the chapter page that explains the topic. Material's
search reads a per-page `search.boost` from the page meta; this hook sets it by the kind of
page, so that no chapter page needs to carry search settings in its front matter. A page that
sets its own `search.boost` keeps it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# Page kinds by path inside the language folder, and their weight (1 = a chapter page).
BOOSTS = {
    "interview": 0.4,  # <chapter>/interview.md: short answers that link to the chapter pages
    "overview": 0.3,  # <chapter>/index.md and the home page: lists of pages
    "glossary": 0.3,  # one line per term, links to the chapter pages
    "practice": 0.2,  # every interview question again
    "site": 0.3,  # about, download: not about operations at all
}


def page_kind(path: str) -> str | None:
    """The kind of a page from its path inside the language folder (`docker/interview.md`)."""
    name = path.rsplit("/", 1)[-1]
    if path in ("glossary.md",):
        return "glossary"
    if path in ("practice.md",):
        return "practice"
    if path == "download.md" or path.startswith("about/"):
        return "site"
    if name == "interview.md":
        return "interview"
    if name == "index.md":
        return "overview"
    return None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    path = page.file.src_uri.split("/", 1)[1] if "/" in page.file.src_uri else page.file.src_uri
    kind = page_kind(path)
    if kind:
        search = dict(page.meta.get("search") or {})
        search.setdefault("boost", BOOSTS[kind])
        page.meta["search"] = search
    return markdown
