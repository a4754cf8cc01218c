"""What each page says beyond its Markdown: the glossary's tooltips, the version baseline under
the title, the practice page's questions, names for task-list checkboxes."""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin

from ... import pipeline
from ...project import page_language
from .abbreviations import with_abbreviations
from .baselines import with_baseline
from .config import ContentConfig
from .practice import interview_chapters, practice_markdown
from .task_lists import label_task_lists


class ContentPlugin(BasePlugin[ContentConfig]):
    def on_config(self, config):
        pipeline.check_plugin_order(config)
        self.root = Path(config.config_file_path).resolve().parent

    def on_page_markdown(self, markdown, page, config, files):
        language = page_language(page)
        markdown = with_abbreviations(markdown, self.root / self.config.abbreviations.format(lang=language))
        marker = self.config.practice_marker
        if marker in markdown:
            # The practice page sits at the root of its language folder (docs/<lang>/practice.md).
            language_dir = Path(page.file.abs_src_path).parent
            markdown = markdown.replace(marker, practice_markdown(language_dir, interview_chapters(config.nav)))
        return markdown

    def on_page_content(self, html, page, config, files):
        html = with_baseline(html, page, page_language(page), self.root / self.config.end_of_life)
        return label_task_lists(html)
