"""Facts about the project that the plugins, the tools and the tests share, each defined once.

The languages, the default language and the site titles are read from `mkdocs.yml` (the i18n
plugin's `languages`), so that adding a language or renaming the site is one edit there; what a
chapter is, and what kind of page a path is, are defined here and nowhere else.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"
# The programs installed beside the running Python (.venv/bin: mkdocs, shellcheck, linkchecker, …).
VENV_BIN = Path(sys.executable).parent

# Language folders' sub-folders that are not chapters.
NOT_CHAPTERS = frozenset({"about"})


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its `!ENV` and `!!python` tags (their values read as None)."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_mkdocs_yml(path: Path = MKDOCS_YML) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader)


@dataclass(frozen=True)
class Language:
    code: str
    default: bool
    site_name: str
    site_description: str

    @property
    def prefix(self) -> str:
        """Where the language is served, relative to the site root: "" or "en/"."""
        return "" if self.default else f"{self.code}/"


def _plugin_config(config: dict, name: str) -> dict:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return {}


@lru_cache(maxsize=4)
def languages(path: Path = MKDOCS_YML) -> tuple[Language, ...]:
    """The site's languages from mkdocs.yml, the default one first."""
    config = load_mkdocs_yml(path)
    found = []
    for entry in _plugin_config(config, "i18n").get("languages", []):
        found.append(
            Language(
                code=entry["locale"],
                default=bool(entry.get("default")),
                site_name=entry.get("site_name", config["site_name"]),
                site_description=entry.get("site_description", config.get("site_description", "")),
            )
        )
    return tuple(sorted(found, key=lambda language: not language.default))


def language_codes(path: Path = MKDOCS_YML) -> tuple[str, ...]:
    return tuple(language.code for language in languages(path))


def default_language(path: Path = MKDOCS_YML) -> Language:
    return languages(path)[0]


# --- what a page is ---------------------------------------------------------------------------


def chapters(docs_dir: Path, language: str) -> list[str]:
    """The chapter folders of one language: its sub-folders holding pages, except About."""
    root = docs_dir / language
    return sorted({p.parent.name for p in root.glob("*/*.md")} - NOT_CHAPTERS)


def chapter_pages(docs_dir: Path, language: str) -> list[Path]:
    """Every page of every chapter of one language (index, content and interview pages)."""
    root = docs_dir / language
    return sorted(page for chapter in chapters(docs_dir, language) for page in (root / chapter).glob("*.md"))


def page_kind(path: str) -> str:
    """The kind of a page from its path inside its language folder (`docker/interview.md`):
    interview, overview (a chapter index or the home page), glossary, practice, site (about,
    download) or chapter (a page that explains a topic)."""
    name = path.rsplit("/", 1)[-1]
    if path == "glossary.md":
        return "glossary"
    if path == "practice.md":
        return "practice"
    if path == "download.md" or path.startswith("about/"):
        return "site"
    if name == "interview.md":
        return "interview"
    if name == "index.md":
        return "overview"
    return "chapter"


# --- the running build ------------------------------------------------------------------------


def build_languages(config) -> tuple[str, list[str]]:
    """(default language, the others) of a running build, from the i18n plugin's configuration."""
    configured = config.plugins["i18n"].config.languages
    default = next(lang.locale for lang in configured if lang.default)
    return default, [lang.locale for lang in configured if not lang.default]


def is_export_build(config) -> bool:
    """An offline copy or a print page (scripts/export): not served by nginx, not published."""
    return any(
        (name.endswith("offline") or name == "print-site") and plugin.config.get("enabled", True)
        for name, plugin in config.plugins.items()
    )


def is_nested_build(config) -> bool:
    """mkdocs-static-i18n builds each further language inside the first build's `on_post_build`:
    work that needs the whole site waits for the outer build."""
    return bool(config.plugins["i18n"].building)


def page_language(page) -> str:
    """The language folder a page comes from."""
    return getattr(page.file, "locale", None) or page.file.src_uri.split("/", 1)[0]


def path_in_language(page) -> str:
    """A page's path inside its language folder (`docker/interview.md`)."""
    uri = page.file.src_uri
    return uri.split("/", 1)[1] if "/" in uri else uri
