"""What each language needs beyond mkdocs-static-i18n: absolute hreflang alternates, a sitemap per
language, a 404 page per language."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from mkdocs.plugins import BasePlugin

from ... import pipeline
from ...project import build_languages, is_export_build
from .config import LanguagesConfig
from .hreflang import make_absolute
from .not_found import place
from .sitemaps import write_sitemaps


class LanguagesPlugin(BasePlugin[LanguagesConfig]):
    def __init__(self):
        self.not_found_pages: dict[str, bytes] = {}

    def on_config(self, config):
        pipeline.check_plugin_order(config)

    @pipeline.priority(pipeline.AFTER_LANGUAGE_ALTERNATES)
    def on_page_context(self, context, page, config, nav):
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        if not alternates or is_export_build(config):
            return context
        return make_absolute(config, context, alternates, build_languages(config)[0])

    def on_template_context(self, context, template_name, config):
        # The 404 page is rendered after all pages, when `extra.alternate` still holds the last
        # page's links: it gets the language roots instead.
        if template_name != "404.html" or is_export_build(config):
            return context
        roots = getattr(config.plugins["i18n"], "extra_alternate", None)
        if not roots:
            return context
        return make_absolute(config, context, deepcopy(roots), build_languages(config)[0])

    @pipeline.priority(pipeline.BEFORE_NEXT_LANGUAGE)
    def on_post_build(self, config):
        page = Path(config.site_dir) / "404.html"
        if page.is_file():
            self.not_found_pages[config.plugins["i18n"].current_language] = page.read_bytes()

    # --- post-build steps (opskb/pipeline.py) ---

    def place_not_found_pages(self, config) -> None:
        place(Path(config.site_dir), self.not_found_pages, build_languages(config)[0])
        self.not_found_pages.clear()

    def write_sitemaps(self, config) -> None:
        if is_export_build(config):  # not published
            return
        default, others = build_languages(config)
        write_sitemaps(Path(config.site_dir), config.site_url, default, others)
