"""Search that answers in the reader's language: page weights, one index per language, and the
vocabulary (synonyms, stop words) the browser rewrites queries with."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin

from ... import pipeline
from ...project import build_languages, page_kind, path_in_language
from .config import SearchConfig
from .per_language import rebase_config, split_index
from .vocabulary import vocabulary_script
from .weights import weigh


class SearchPlugin(BasePlugin[SearchConfig]):
    def on_config(self, config):
        pipeline.check_plugin_order(config)
        self.root = Path(config.config_file_path).resolve().parent
        self.vocabularies(config)  # a malformed list fails the build before anything is built

    def vocabularies(self, config) -> dict[str, str]:
        """{language: the script that ships its vocabulary} for every language of the site."""
        default, others = build_languages(config)
        return {
            lang: vocabulary_script(self.root / self.config.vocabulary.format(lang=lang), lang)
            for lang in [default, *others]
        }

    def on_page_markdown(self, markdown, page, config, files):
        weigh(page.meta, page_kind(path_in_language(page)), self.config.weights)
        return markdown

    def on_post_page(self, output, page, config):
        _, others = build_languages(config)
        language = page.url.split("/", 1)[0]
        return rebase_config(output, language) if language in others else output

    # --- post-build steps (opskb/pipeline.py) ---

    def write_vocabularies(self, config) -> None:
        for lang, script in self.vocabularies(config).items():
            target = Path(config.site_dir) / self.config.vocabulary_script.format(lang=lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(script, encoding="utf-8")

    def split_index(self, config) -> None:
        default, others = build_languages(config)
        split_index(Path(config.site_dir), default, others)
