"""Stable ids, levels and tags of the interview questions, and the checks that keep them honest.

A reader's practice progress (docs/assets/javascripts/practice.js) is stored per question id, so
an id must survive rewording and never silently disappear. Each `??? question "…"` line of a
chapter's interview page has, on the line directly above it,

    <!-- question id="tcp-three-way-handshake" level="basic" tags="tcp,handshake" -->

The full id is `<chapter>/<id>`; zh and en pages hold the same ids, levels and tags in the same
order. `data/practice-questions.yml` lists every id ever published (`ids`), ids that changed
(`renamed`: progress moves to the new id) and questions removed on purpose (`retired`);
`data/practice-tags.yml` holds each tag's label per language. `problems()` is every rule broken,
each with its file and line: the content plugin stops the build on them, the tests call it
directly (no build needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...project import language_codes

LEVELS = ("basic", "intermediate", "advanced")
LEVEL_LABELS = {
    "zh": {"basic": "基础", "intermediate": "进阶", "advanced": "高级"},
    "en": {"basic": "Basic", "intermediate": "Intermediate", "advanced": "Advanced"},
}
QUESTION = re.compile(r'^\?\?\? question "(?P<title>.*)"\s*$')
COMMENT = re.compile(r"^\s*<!--\s*question\b(?P<attributes>.*?)-->\s*$")
COMMENT_START = re.compile(r"^\s*<!--\s*question\b")
ATTRIBUTE = re.compile(r'\s*(?P<name>[a-z-]+)="(?P<value>[^"]*)"')
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ATTRIBUTES = ("id", "level", "tags")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Question:
    chapter: str
    id: str
    level: str
    tags: tuple[str, ...]
    title: str
    path: Path
    line: int  # the `??? question` line, 1-based
    valid: bool = True  # False: its comment is missing or wrong (reported); kept so that zh/en still pair

    @property
    def full_id(self) -> str:
        return f"{self.chapter}/{self.id}"


@dataclass
class Registry:
    ids: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    text: str = ""

    def line_of(self, value: str) -> int:
        """The first line of the file naming `value` (1 when it names none)."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if re.search(rf"(?<![\w/-]){re.escape(value)}(?![\w/-])", line):
                return number
        return 1

    def final_id(self, full_id: str) -> str:
        """Where a renamed id's progress ends up, following chains of renames."""
        seen = {full_id}
        while full_id in self.renamed:
            full_id = self.renamed[full_id]
            if full_id in seen:
                break
            seen.add(full_id)
        return full_id


def parse_comment(text: str) -> tuple[dict[str, str], list[str]]:
    """The attributes of a question comment, and what is wrong with it."""
    match = COMMENT.match(text)
    if not match:
        return {}, ['a question comment must be one line: <!-- question id="…" level="…" tags="…" -->']
    rest = match.group("attributes")
    attributes: dict[str, str] = {}
    errors: list[str] = []
    position = 0
    for found in ATTRIBUTE.finditer(rest):
        if rest[position : found.start()].strip():
            break
        if found.group("name") in attributes:
            errors.append(f"attribute {found.group('name')} given twice")
        attributes[found.group("name")] = found.group("value")
        position = found.end()
    if rest[position:].strip():
        errors.append(f'cannot read {rest[position:].strip()!r}: write name="value" pairs')
    errors += [f'unknown attribute "{name}"' for name in attributes if name not in ATTRIBUTES]
    errors += [f'attribute "{name}" is missing' for name in ATTRIBUTES if name not in attributes]
    if "id" in attributes and not KEBAB.fullmatch(attributes["id"]):
        errors.append(f'id "{attributes["id"]}" is not kebab-case (a-z, 0-9, single hyphens)')
    if "level" in attributes and attributes["level"] not in LEVELS:
        errors.append(f'level "{attributes["level"]}" is not one of {", ".join(LEVELS)}')
    if "tags" in attributes:
        tags = attributes["tags"].split(",")
        bad = [tag for tag in tags if not KEBAB.fullmatch(tag)]
        if bad or not tags:
            errors.append(f'tags "{attributes["tags"]}" must be kebab-case tag ids separated by commas, no spaces')
    return attributes, errors


def read_page(path: Path, chapter: str) -> tuple[list[Question], list[Problem]]:
    """The questions of one interview page with their ids, and the comments that are wrong."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Question] = []
    problems: list[Problem] = []
    for index, line in enumerate(lines):
        if COMMENT_START.match(line):
            if index + 1 >= len(lines) or not QUESTION.match(lines[index + 1]):
                problems.append(Problem(path, index + 1, "question comment not directly above a ??? question line"))
            continue
        match = QUESTION.match(line)
        if not match:
            continue
        above = lines[index - 1] if index else ""
        if COMMENT_START.match(above):
            attributes, errors = parse_comment(above)
            problems += [Problem(path, index, error) for error in errors]
        else:
            attributes, errors = {}, ["missing"]
            problems.append(
                Problem(
                    path,
                    index + 1,
                    'no <!-- question id="…" level="…" tags="…" --> comment on the line directly above this question',
                )
            )
        found.append(
            Question(
                chapter=chapter,
                id=attributes.get("id", ""),
                level=attributes.get("level", ""),
                tags=tuple(attributes.get("tags", "").split(",")),
                title=match.group("title"),
                path=path,
                line=index + 1,
                valid=not errors,
            )
        )
    return found, problems


def load_registry(path: Path) -> tuple[Registry, list[Problem]]:
    if not path.is_file():
        return Registry(path=path), [Problem(path, 1, "the question id registry is missing")]
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return Registry(path=path, text=text), [Problem(path, mark.line + 1 if mark else 1, f"not YAML: {error}")]
    registry = Registry(path=path, text=text)
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return registry, [Problem(path, 1, "expected a mapping with ids, renamed and retired")]
    ids, renamed, retired = data.get("ids") or [], data.get("renamed") or {}, data.get("retired") or {}
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        problems.append(Problem(path, registry.line_of("ids"), "ids must be a list of <chapter>/<id> strings"))
        ids = []
    for name, value in (("renamed", renamed), ("retired", retired)):
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            problems.append(Problem(path, registry.line_of(name), f"{name} must map <chapter>/<id> to a string"))
    registry.ids = ids
    registry.renamed = renamed if isinstance(renamed, dict) else {}
    registry.retired = retired if isinstance(retired, dict) else {}
    seen: set[str] = set()
    for full_id in ids:
        if full_id in seen:
            problems.append(Problem(path, registry.line_of(full_id), f"{full_id} is listed twice in ids"))
        seen.add(full_id)
        chapter, _, short = full_id.partition("/")
        if not (KEBAB.fullmatch(chapter) and KEBAB.fullmatch(short)):
            problems.append(Problem(path, registry.line_of(full_id), f"{full_id} is not <chapter>/<kebab-case id>"))
    if ids != sorted(ids):
        out_of_order = next(b for a, b in zip(ids, ids[1:], strict=False) if b < a)
        message = f"ids must be sorted: {out_of_order} is out of order"
        problems.append(Problem(path, registry.line_of(out_of_order), message))
    return registry, problems


def load_tags(path: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    if not path.is_file():
        return {}, [Problem(path, 1, "the tag labels file is missing")]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        return {}, [Problem(path, 1, "expected a mapping: tag-id: {zh: …, en: …}")]
    return data, []


@dataclass
class Practice:
    """Everything the practice page needs: the questions per chapter (per language), the registry
    and the tag labels."""

    questions: dict[str, dict[str, list[Question]]]  # language -> chapter -> questions
    registry: Registry
    tags: dict[str, dict[str, str]]
    problems: list[Problem]


def interview_page(docs: Path, language: str, chapter: str) -> Path:
    return docs / language / chapter / "interview.md"


def read_practice(docs: Path, registry_path: Path, tags_path: Path, chapters: list[str] | None = None) -> Practice:
    """Read and check everything. `chapters`: the chapters to check (the nav's, in a build);
    None means every chapter folder with an interview page, and then an id of the registry whose
    chapter has no interview page at all must be renamed or retired too."""
    every_chapter = chapters is None
    languages = language_codes()
    if chapters is None:
        chapters = sorted({p.parent.name for lang in languages for p in (docs / lang).glob("*/interview.md")})
    problems: list[Problem] = []
    questions: dict[str, dict[str, list[Question]]] = {lang: {} for lang in languages}
    for chapter in chapters:
        for lang in languages:
            page = interview_page(docs, lang, chapter)
            if not page.is_file():
                problems.append(Problem(page, 1, "missing: every language needs the chapter's interview page"))
                questions[lang][chapter] = []
                continue
            found, page_problems = read_page(page, chapter)
            questions[lang][chapter] = found
            problems += page_problems
            seen: dict[str, Question] = {}
            for question in found:
                if not question.valid:
                    continue
                if question.id in seen:
                    message = f'id "{question.id}" already used at line {seen[question.id].line - 1}'
                    problems.append(Problem(page, question.line - 1, message))
                seen[question.id] = question
        default = questions[languages[0]][chapter]
        for lang in languages[1:]:
            problems += language_problems(default, questions[lang][chapter])

    registry, registry_problems = load_registry(registry_path)
    tags, tag_problems = load_tags(tags_path)
    problems += registry_problems + tag_problems
    problems += registry_problems_against_pages(registry, questions, chapters, every_chapter)
    for lang in languages:
        for chapter in chapters:
            for question in questions[lang][chapter]:
                for tag in question.tags if question.valid else ():
                    labels = tags.get(tag)
                    if not isinstance(labels, dict) or not all(
                        isinstance(labels.get(lng), str) and labels[lng].strip() for lng in languages
                    ):
                        problems.append(
                            Problem(
                                question.path,
                                question.line - 1,
                                f'tag "{tag}" needs a label in each of {", ".join(languages)} in {tags_path.name}',
                            )
                        )
    return Practice(questions=questions, registry=registry, tags=tags, problems=problems)


def language_problems(default: list[Question], other: list[Question]) -> list[Problem]:
    """A translation holds the default language's ids in the same order, with the same level and
    tags; a problem is reported on the translation's line."""
    problems = []

    def value(question: Question, what: str) -> str:
        return ",".join(question.tags) if what == "tags" else getattr(question, what)

    for dq, oq in zip(default, other, strict=False):
        if not (dq.valid and oq.valid):
            continue
        for what in ("id", "level", "tags"):
            if value(dq, what) != value(oq, what):
                message = (
                    f"{what} {value(oq, what)} differs from {value(dq, what)} at {dq.path}:{dq.line - 1}: "
                    "the languages' questions pair by position"
                )
                problems.append(Problem(oq.path, oq.line - 1, message))
    if len(default) != len(other):
        longer = default if len(default) > len(other) else other
        extra = longer[min(len(default), len(other))]
        problems.append(
            Problem(
                extra.path,
                extra.line,
                f"{default[0].path if default else 'the default page'} has {len(default)} questions, "
                f"{other[0].path if other else 'its translation'} {len(other)}: this one has no counterpart",
            )
        )
    return problems


def registry_problems_against_pages(
    registry: Registry, questions: dict[str, dict[str, list[Question]]], chapters: list[str], every_chapter: bool
) -> list[Problem]:
    path = registry.path or Path("data/practice-questions.yml")
    problems: list[Problem] = []
    every_question = [q for by_chapter in questions.values() for chapter in chapters for q in by_chapter[chapter]]
    in_pages = {q.full_id for q in every_question if q.valid}
    listed = set(registry.ids)
    for question in every_question:
        if question.valid and question.full_id not in listed:
            problems.append(
                Problem(
                    question.path,
                    question.line - 1,
                    f"{question.full_id} is not in {path.name} ids: add it (a new question), or if it replaces "
                    "an id, list the old one under renamed",
                )
            )
    for full_id in registry.ids:
        chapter = full_id.partition("/")[0]
        if full_id in in_pages or (chapter not in chapters and not every_chapter):
            continue
        if full_id in registry.retired:
            continue
        if full_id in registry.renamed:
            target = registry.final_id(full_id)
            if target not in in_pages:
                message = f"{full_id} is renamed to {target}, which no interview page holds"
                problems.append(Problem(path, registry.line_of(full_id), message))
            continue
        problems.append(
            Problem(
                path,
                registry.line_of(full_id),
                f"{full_id} is in no interview page: readers' progress on it would be lost; list it under renamed "
                "(old-id: new-id) or retired (id: reason)",
            )
        )
    for name, entries in (("renamed", registry.renamed), ("retired", registry.retired)):
        for old in entries:
            if old in in_pages:
                problems.append(
                    Problem(path, registry.line_of(old), f"{old} is {name} but an interview page still holds it")
                )
            if old not in listed:
                problems.append(
                    Problem(path, registry.line_of(old), f"{name} id {old} is not in ids (it was published)")
                )
    return problems
