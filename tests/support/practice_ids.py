"""Every interview question of one language as the build reads it (the `<!-- question … -->`
comments, opskb/plugins/content/question_ids.py), for tests that compare built pages with their
source. The rules themselves are checked in tests/unit/test_practice_ids.py, on the build's own
check: a second reading of the same rules would be one more copy to keep in step."""

from __future__ import annotations

from pathlib import Path

from opskb.plugins.content.question_ids import Question, read_page


def questions(docs_dir: Path, language: str) -> list[Question]:
    """Every question of one language, chapter by chapter (folder order), in page order."""
    return [
        question
        for page in sorted((docs_dir / language).glob("*/interview.md"))
        for question in read_page(page, page.parent.name)[0]
    ]
