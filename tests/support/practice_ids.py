"""The practice questions' ids, levels and tags (CONTRIBUTING.md, "Interview questions"), read and
checked the way a reviewer would, from the written rules alone:

- the line directly above each `??? question "…"` of an interview page is
  `<!-- question id="tcp-three-way-handshake" level="basic" tags="tcp,handshake" -->`: a kebab-case
  id unique in its chapter (the full id is `<chapter>/<id>`), a level (basic, intermediate,
  advanced), one or more kebab-case tags;
- the zh and en interview pages hold the same ids in the same order, with the same level and tags;
- every tag has a zh and an en label in `data/practice-tags.yml`;
- `data/practice-questions.yml` lists every id ever published (`ids`, sorted); an id that left the
  pages is in `renamed` (its new id present) or `retired` (with a reason), so that no reader's
  progress is lost silently.

`questions()` reads the pages for the tests of the built practice page; `problems()` is the check,
each problem naming the file and line. tests/unit/test_practice_ids.py runs it on the real pages
and on planted faults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem

LEVELS = ("basic", "intermediate", "advanced")
LANGUAGES = ("zh", "en")
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
QUESTION = re.compile(r'^\?\?\? question "(?P<title>.*)"\s*$')
# The three attributes, double-quoted, each once (in any order: the contract's order is id, level, tags).
COMMENT = re.compile(r'^<!-- question(?P<attributes>(?: [a-z]+="[^"]*")+) -->$')
ATTRIBUTE = re.compile(r' (?P<name>[a-z]+)="(?P<value>[^"]*)"')
# Anything that looks like it was meant to be a question comment (checked for its form).
COMMENT_LIKE = re.compile(r"^\s*<!--\s*question\b")


@dataclass(frozen=True)
class Question:
    chapter: str
    id: str  # inside the chapter; the full id is chapter/id
    level: str
    tags: tuple[str, ...]
    title: str
    path: Path
    line: int  # the comment's line (1-based)

    @property
    def full_id(self) -> str:
        return f"{self.chapter}/{self.id}"


def interview_pages(docs_dir: Path, language: str) -> list[Path]:
    return sorted((docs_dir / language).glob("*/interview.md"))


def comment_attributes(line: str) -> dict[str, str] | None:
    """id, level and tags of a well-formed question comment; None for anything else."""
    match = COMMENT.match(line)
    if not match:
        return None
    pairs = [(m.group("name"), m.group("value")) for m in ATTRIBUTE.finditer(match.group("attributes"))]
    attributes = dict(pairs)
    if len(pairs) != 3 or set(attributes) != {"id", "level", "tags"}:
        return None
    return attributes


def read_page(path: Path) -> tuple[list[Question], list[Problem]]:
    """The questions of one interview page, and what is wrong with their comments."""
    chapter = path.parent.name
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Question] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        number = index + 1
        above = lines[index - 1] if index else ""
        question = QUESTION.match(line)
        if COMMENT_LIKE.match(line):
            if not comment_attributes(line):
                problems.append(
                    Problem(
                        path,
                        number,
                        'malformed question comment: write <!-- question id="…" level="…" tags="…" --> '
                        f"on its own line: {line.strip()}",
                    )
                )
            elif index + 1 >= len(lines) or not QUESTION.match(lines[index + 1]):
                problems.append(Problem(path, number, 'question comment not directly above a ??? question "…" line'))
            continue
        if not question:
            continue
        comment = comment_attributes(above)
        if not comment:
            if not COMMENT_LIKE.match(above):
                problems.append(
                    Problem(path, number, 'question without a <!-- question id="…" … --> comment directly above it')
                )
            continue
        qid, level, tags = comment["id"], comment["level"], comment["tags"]
        tag_list = tuple(tags.split(",")) if tags else ()
        bad = []
        if not KEBAB.fullmatch(qid):
            bad.append(f"id {qid!r} is not kebab-case")
        if level not in LEVELS:
            bad.append(f"level {level!r} is not one of {', '.join(LEVELS)}")
        if not tag_list:
            bad.append("no tag")
        bad += [f"tag {tag!r} is not kebab-case" for tag in tag_list if not KEBAB.fullmatch(tag)]
        if qid in seen:
            bad.append(f"id {qid!r} already used on line {seen[qid]} of this chapter")
        for message in bad:
            problems.append(Problem(path, number - 1, message))
        seen.setdefault(qid, number - 1)
        found.append(Question(chapter, qid, level, tag_list, question.group("title"), path, number - 1))
    return found, problems


def questions(docs_dir: Path, language: str) -> list[Question]:
    """Every question of one language, chapter by chapter (folder order), in page order."""
    return [q for page in interview_pages(docs_dir, language) for q in read_page(page)[0]]


def _line_of(path: Path, needle: str) -> int:
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in text:
            return number
    return 1


def problems(root: Path) -> list[Problem]:
    """Every problem of the question comments and the id registry of the project at `root`."""
    docs_dir = root / "docs"
    registry_path = root / "data" / "practice-questions.yml"
    tags_path = root / "data" / "practice-tags.yml"
    found: list[Problem] = []
    by_language: dict[str, dict[str, list[Question]]] = {}
    for language in LANGUAGES:
        chapters: dict[str, list[Question]] = {}
        for page in interview_pages(docs_dir, language):
            page_questions, page_problems = read_page(page)
            chapters[page.parent.name] = page_questions
            found += page_problems
        by_language[language] = chapters

    # zh and en: the same chapters, ids in the same order, the same level and tags.
    zh, en = by_language["zh"], by_language["en"]
    for chapter in sorted(set(zh) | set(en)):
        if chapter not in en or chapter not in zh:
            have, lacking = ("zh", "en") if chapter in zh else ("en", "zh")
            page = docs_dir / have / chapter / "interview.md"
            found.append(Problem(page, 1, f"no {lacking} interview page for chapter {chapter}"))
            continue
        for position, (zq, eq) in enumerate(zip(zh[chapter], en[chapter], strict=False), 1):
            where = f"question {position} of {chapter} (zh {zq.path.name}:{zq.line})"
            if zq.id != eq.id:
                found.append(Problem(eq.path, eq.line, f"{where}: en id {eq.id!r}, zh id {zq.id!r}"))
            elif zq.level != eq.level:
                found.append(Problem(eq.path, eq.line, f"{where}: en level {eq.level!r}, zh level {zq.level!r}"))
            elif zq.tags != eq.tags:
                found.append(
                    Problem(eq.path, eq.line, f"{where}: en tags {','.join(eq.tags)!r}, zh tags {','.join(zq.tags)!r}")
                )
        if len(zh[chapter]) != len(en[chapter]):
            longer = zh[chapter] if len(zh[chapter]) > len(en[chapter]) else en[chapter]
            extra = longer[min(len(zh[chapter]), len(en[chapter]))]
            found.append(
                Problem(
                    extra.path,
                    extra.line,
                    f"{chapter}: {len(zh[chapter])} questions in zh, {len(en[chapter])} in en; "
                    f"{extra.full_id!r} has no counterpart",
                )
            )

    # Tags: a zh and an en label each.
    labels = yaml.safe_load(tags_path.read_text(encoding="utf-8")) if tags_path.is_file() else None
    labels = labels if isinstance(labels, dict) else {}
    for language in LANGUAGES:
        for chapter_questions in by_language[language].values():
            for q in chapter_questions:
                for tag in q.tags:
                    entry = labels.get(tag)
                    missing = [
                        code
                        for code in LANGUAGES
                        if not (isinstance(entry, dict) and isinstance(entry.get(code), str) and entry[code].strip())
                    ]
                    if missing:
                        found.append(
                            Problem(
                                q.path,
                                q.line,
                                f"tag {tag!r} has no {' and '.join(missing)} label in data/practice-tags.yml",
                            )
                        )

    # The registry: every published id, and what became of those that left the pages.
    if not registry_path.is_file():
        return [*found, Problem(registry_path, 1, "data/practice-questions.yml is missing")]
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8")) or {}
    ids = registry.get("ids") or []
    renamed = registry.get("renamed") or {}
    retired = registry.get("retired") or {}
    present: dict[str, Question] = {}
    for language in LANGUAGES:
        for chapter_questions in by_language[language].values():
            for q in chapter_questions:
                present.setdefault(q.full_id, q)
    for full_id, q in sorted(present.items()):
        if full_id not in ids:
            found.append(
                Problem(q.path, q.line, f"{full_id} is not in the ids of data/practice-questions.yml (add it there)")
            )
    for number, full_id in enumerate(ids):
        if ids.count(full_id) > 1 and ids.index(full_id) != number:
            found.append(Problem(registry_path, _line_of(registry_path, f"- {full_id}"), f"{full_id} listed twice"))
    if ids != sorted(ids):
        first = next(b for a, b in zip(ids, ids[1:], strict=False) if b < a)
        found.append(Problem(registry_path, _line_of(registry_path, f"- {first}"), f"ids are not sorted at {first}"))
    for full_id in ids:
        if full_id in present:
            continue
        line = _line_of(registry_path, f"- {full_id}")
        chapter = full_id.split("/", 1)[0]
        if full_id in renamed:
            target = renamed[full_id]
            if target not in present:
                found.append(
                    Problem(
                        registry_path,
                        _line_of(registry_path, f"{full_id}:"),
                        f"{full_id} is renamed to {target}, which is in no interview page",
                    )
                )
        elif full_id not in retired:
            found.append(
                Problem(
                    registry_path,
                    line,
                    f"{full_id} was published but is no longer in docs/zh/{chapter}/interview.md or "
                    f"docs/en/{chapter}/interview.md: a reader's progress on it would be lost; add it to "
                    "renamed (old: new) or retired (id: reason)",
                )
            )
    for old, reason in retired.items():
        if old not in ids:
            found.append(Problem(registry_path, _line_of(registry_path, f"{old}:"), f"retired {old} is not in ids"))
        if not (isinstance(reason, str) and reason.strip()):
            found.append(Problem(registry_path, _line_of(registry_path, f"{old}:"), f"retired {old} gives no reason"))
    for old in renamed:
        if old not in ids:
            found.append(Problem(registry_path, _line_of(registry_path, f"{old}:"), f"renamed {old} is not in ids"))
    return found
