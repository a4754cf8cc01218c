"""What each page says beyond its Markdown: the glossary's tooltips, the version baseline under
the title, the practice page's questions, names for task-list checkboxes."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ... import pipeline
from ...project import page_language
from .abbreviations import with_abbreviations
from .baselines import with_baseline
from .config import ContentConfig
from .practice import interview_chapters, practice_markdown
from .question_ids import read_practice
from .task_lists import label_task_lists


class ContentPlugin(BasePlugin[ContentConfig]):
    def on_config(self, config):
        pipeline.check_plugin_order(config)
        self.root = Path(config.config_file_path).resolve().parent
        self.practice = None

    def practice_questions(self, config):
        """The interview questions' ids, levels and tags, checked (question_ids.py): a broken rule
        stops the build, naming every file and line, since readers' progress hangs on the ids."""
        if self.practice is None:
            chapters = interview_chapters(config.nav)
            self.practice = read_practice(
                self.root / "docs",
                self.root / self.config.practice_questions,
                self.root / self.config.practice_tags,
                chapters,
            )
            if self.practice.problems:
                shown = "\n".join(f"  {problem}" for problem in self.practice.problems[:40])
                more = len(self.practice.problems) - 40
                raise PluginError(
                    "interview question ids (CONTRIBUTING.md, Interview questions):\n"
                    + shown
                    + (f"\n  … and {more} more" if more > 0 else "")
                )
        return self.practice

    def on_page_markdown(self, markdown, page, config, files):
        language = page_language(page)
        marker = self.config.practice_marker
        if marker not in markdown:
            return with_abbreviations(markdown, self.root / self.config.abbreviations.format(lang=language))
        # The practice page gets no glossary tooltips: it shows one question at a time, and Material
        # mounting a tooltip on each of its ~230 terms was a quarter of its start-up work
        # (design/performance.md, "The practice page"). Each answer links to its section instead.
        # The practice page sits at the root of its language folder (docs/<lang>/practice.md).
        language_dir = Path(page.file.abs_src_path).parent
        chapters = interview_chapters(config.nav)
        practice = self.practice_questions(config)
        return markdown.replace(marker, practice_markdown(language_dir, chapters, practice, language))

    def on_page_content(self, html, page, config, files):
        html = with_baseline(html, page, page_language(page), self.root / self.config.end_of_life)
        return label_task_lists(html)
