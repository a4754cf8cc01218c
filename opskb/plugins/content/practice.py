"""Fill the interview practice page with every chapter's interview questions at build time.

The questions live in each chapter's `interview.md`; copying them by hand into the practice page
would drift. The page holds a marker; the content plugin replaces it with all questions, grouped by
chapter in nav order, as the same `??? question` blocks, each in a wrapper whose data attributes
docs/assets/javascripts/practice.js uses: the question's stable id (`<chapter>/<id>`, from the
comment above it, question_ids.py), the id the first version of the page derived from its title
(`data-legacy-id`, so that marks stored under it carry over), its level and tags. A line above the
answer names the level and tags in the page's language, for the plain list and the PDF. The
wrapper of all questions carries the renamed ids (`data-renamed`: progress moves), the tag and
level labels and the old storage key. Relative links in the answers are rewritten to resolve from
the practice page, so strict validation still checks them. Without JavaScript the page is the
plain list.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from pathlib import Path

from .question_ids import LEVEL_LABELS, QUESTION, Practice

# Inline link targets: `](target)`; external, absolute and other-scheme targets stay as they are.
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
NOT_RELATIVE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/)", re.I)


def interview_chapters(nav) -> list[str]:
    """Chapter folders that have an interview page, in nav order."""
    chapters = []
    for item in nav or []:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                chapters += interview_chapters(value)
            elif isinstance(value, str) and value.endswith("/interview.md"):
                chapters.append(value.rsplit("/", 1)[0])
    return chapters


def chapter_title(index: Path) -> str:
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return index.parent.name


def rewrite_links(text: str, chapter: str) -> str:
    """`boot.md#x` in `linux/interview.md` becomes `linux/boot.md#x` (relative to the practice page)."""

    def fix(match: re.Match) -> str:
        target = match.group("target")
        if NOT_RELATIVE.match(target):
            return match.group(0)
        if target.startswith("#"):
            target = "interview.md" + target
        return f"]({posixpath.normpath(posixpath.join(chapter, target))})"

    return LINK.sub(fix, text)


def questions(interview: Path) -> list[tuple[str, list[str]]]:
    """(title, body lines) of every `??? question` block: its body is the indented lines after it."""
    found: list[tuple[str, list[str]]] = []
    body: list[str] | None = None
    for line in interview.read_text(encoding="utf-8").splitlines():
        match = QUESTION.match(line)
        if match:
            body = []
            found.append((match.group("title"), body))
        elif body is not None and (line.startswith("    ") or not line.strip()):
            body.append(line)
        else:
            body = None
    return found


def attribute(value: str) -> str:
    return html.escape(value, quote=True)


def legacy_id(chapter: str, title: str) -> str:
    """The id the first practice page gave a question: its chapter and a digest of its title."""
    return f"{chapter}/{hashlib.sha1(title.encode('utf-8')).hexdigest()[:10]}"


def json_attribute(value) -> str:
    return attribute(json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


def practice_markdown(language_dir: Path, chapters: list[str], practice: Practice, language: str) -> str:
    separator = "、" if language == "zh" else ", "
    used_tags = {tag for chapter in chapters for q in practice.questions[language].get(chapter, []) for tag in q.tags}
    tag_labels = {tag: practice.tags[tag][language] for tag in sorted(used_tags) if tag in practice.tags}
    renamed = {old: practice.registry.final_id(old) for old in practice.registry.renamed}
    parts = [
        f'<div class="opskb-practice" data-renamed="{json_attribute(renamed)}" '
        f'data-legacy="ops-kb.practice.{language}" data-tag-labels="{json_attribute(tag_labels)}" '
        f'data-level-labels="{json_attribute(LEVEL_LABELS[language])}" markdown>',
        "",
    ]
    for chapter in chapters:
        interview = language_dir / chapter / "interview.md"
        if not interview.is_file():
            continue
        title = chapter_title(language_dir / chapter / "index.md")
        parts += [
            f'<section class="opskb-practice-chapter" data-chapter="{attribute(chapter)}" '
            f'data-chapter-title="{attribute(title)}" markdown>',
            "",
            f"### {title} {{#{chapter}}}",
            "",
        ]
        # Both read the page with the same QUESTION pattern, so they pair one to one.
        known = practice.questions[language].get(chapter, [])
        for (question, body), meta in zip(questions(interview), known, strict=True):
            labels = separator.join(tag_labels.get(tag, tag) for tag in meta.tags)
            parts += [
                # The chapters' interview pages are already in the search index: keep these out.
                # (An empty value: Material's search plugin deletes `data-search-*="…"` with a value
                # from the page's HTML once it has indexed it; Markdown writes a valueless
                # attribute as `name="name"`.)
                f'<div class="opskb-practice-question" data-id="{attribute(meta.full_id)}" '
                f'data-legacy-id="{attribute(legacy_id(chapter, question))}" data-level="{attribute(meta.level)}" '
                f'data-tags="{attribute(" ".join(meta.tags))}" data-search-exclude="" markdown>',
                "",
                f'<p class="opskb-practice-meta">{attribute(LEVEL_LABELS[language][meta.level])} · '
                f"{attribute(labels)}</p>",
                "",
                f'??? question "{question}"',
                rewrite_links("\n".join(body).rstrip(), chapter),
                "",
                "</div>",
                "",
            ]
        parts += ["</section>", ""]
    parts += ["</div>", ""]
    return "\n".join(parts)
