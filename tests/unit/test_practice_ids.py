"""The practice questions' ids, levels and tags: the real interview pages and registry pass; each
planted fault in a small project is reported at its file and line; rewording a question keeps its
id (and its card on the practice page). The check is the one the build stops on
(opskb/plugins/content/question_ids.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from opskb.plugins.content import question_ids
from opskb.plugins.content.practice import practice_markdown
from opskb.project import ROOT
from support.practice_ids import questions
from support.problems import report


def check(root: Path) -> list:
    """The build's check (the content plugin stops the build on any of these)."""
    data = root / "data"
    return question_ids.read_practice(
        root / "docs", data / "practice-questions.yml", data / "practice-tags.yml"
    ).problems


ZH = """# 面试题

## TCP 连接 {#tcp}

<!-- question id="handshake" level="basic" tags="tcp,handshake" -->
??? question "说一下 TCP 三次握手的过程"
    答案。

<!-- question id="time-wait" level="advanced" tags="tcp" -->
??? question "TIME_WAIT 为什么要等 2MSL？"
    答案。
"""

EN = """# Interview questions

## TCP connections {#tcp}

<!-- question id="handshake" level="basic" tags="tcp,handshake" -->
??? question "Walk through the TCP three-way handshake"
    Answer.

<!-- question id="time-wait" level="advanced" tags="tcp" -->
??? question "Why does TIME_WAIT last 2MSL?"
    Answer.
"""

REGISTRY = """ids:
  - network/handshake
  - network/time-wait
renamed: {}
retired: {}
"""

TAGS = """tcp: {zh: "TCP 连接", en: "TCP connections"}
handshake: {zh: "握手", en: "Handshake"}
"""

# Lines of the files above (1-based).
HANDSHAKE_COMMENT = 5
TIME_WAIT_COMMENT = 9


def write(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    write(
        tmp_path,
        {
            "docs/zh/network/interview.md": ZH,
            "docs/en/network/interview.md": EN,
            "data/practice-questions.yml": REGISTRY,
            "data/practice-tags.yml": TAGS,
        },
    )
    return tmp_path


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_pages_and_registry_pass():
    found = check(ROOT)
    assert not found, f"{len(found)} problems with the practice question ids:\n" + report(found)


def test_the_real_pages_hold_every_question_with_an_id():
    for language in ("zh", "en"):
        counted = sum(
            path.read_text(encoding="utf-8").count('??? question "')
            for path in (ROOT / "docs" / language).glob("*/interview.md")
        )
        assert len(questions(ROOT / "docs", language)) == counted > 0


def test_the_small_project_passes(project):
    assert check(project) == []
    assert [q.full_id for q in questions(project / "docs", "zh")] == ["network/handshake", "network/time-wait"]
    first = questions(project / "docs", "en")[0]
    assert (first.level, first.tags, first.line) == (
        "basic",
        ("tcp", "handshake"),
        HANDSHAKE_COMMENT + 1,
    )  # the `??? question` line


def test_rewording_a_question_keeps_its_id(project):
    before = [(q.full_id, q.title) for q in questions(project / "docs", "en")]
    edit(
        project, "docs/en/network/interview.md", "Walk through the TCP three-way handshake", "Describe TCP's handshake"
    )
    edit(project, "docs/zh/network/interview.md", "说一下 TCP 三次握手的过程", "描述 TCP 的三次握手")
    after = [(q.full_id, q.title) for q in questions(project / "docs", "en")]
    assert [i for i, _ in after] == [i for i, _ in before]
    assert after[0][1] != before[0][1]
    assert check(project) == []


def test_a_renamed_or_retired_id_passes(project):
    for language in ("zh", "en"):
        edit(project, f"docs/{language}/network/interview.md", 'id="handshake"', 'id="three-way-handshake"')
    write(
        project,
        {
            "data/practice-questions.yml": "ids:\n  - network/handshake\n  - network/three-way-handshake\n"
            "  - network/time-wait\nrenamed:\n  network/handshake: network/three-way-handshake\nretired: {}\n"
        },
    )
    assert check(project) == []
    for language in ("zh", "en"):
        edit(project, f"docs/{language}/network/interview.md", 'id="time-wait"', 'id="time-wait-2msl"')
    write(
        project,
        {
            "data/practice-questions.yml": "ids:\n  - network/handshake\n  - network/three-way-handshake\n"
            "  - network/time-wait\n  - network/time-wait-2msl\n"
            "renamed:\n  network/handshake: network/three-way-handshake\n"
            "retired:\n  network/time-wait: split into two questions\n"
        },
    )
    assert check(project) == []


@dataclass
class Fault:
    name: str
    plant: Callable[[Path], None]
    file: str
    lines: tuple[int, ...]  # where the report may point (a rename: its ids entry or its renamed entry)
    expect: str


def both(old: str, new: str) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        for language in ("zh", "en"):
            edit(project, f"docs/{language}/network/interview.md", old, new)

    return plant


def en_only(old: str, new: str) -> Callable[[Path], None]:
    return lambda project: edit(project, "docs/en/network/interview.md", old, new)


def steps(*plants: Callable[[Path], None]) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        for step in plants:
            step(project)

    return plant


def registry(text: str) -> Callable[[Path], None]:
    return lambda project: write(project, {"data/practice-questions.yml": text})


EN_PAGE = "docs/en/network/interview.md"
ZH_PAGE = "docs/zh/network/interview.md"
REGISTRY_FILE = "data/practice-questions.yml"

FAULTS = [
    # An id changed in the pages (and the new one registered), the old one neither renamed nor
    # retired: readers' progress on it would be lost. Reported where the old id is listed.
    Fault(
        "id removed without a rename",
        steps(
            both('id="handshake"', 'id="tcp-handshake"'),
            registry("ids:\n  - network/handshake\n  - network/tcp-handshake\n  - network/time-wait\n"),
        ),
        REGISTRY_FILE,
        (2,),
        "network/handshake",
    ),
    Fault(
        "question removed without retiring it",
        both(
            '<!-- question id="time-wait" level="advanced" tags="tcp" -->\n??? question',
            "!!! note",
        ),
        REGISTRY_FILE,
        (3,),
        "network/time-wait",
    ),
    Fault(
        "rename to an id no page has",
        steps(
            both('id="handshake"', 'id="tcp-handshake"'),
            registry(
                "ids:\n  - network/handshake\n  - network/tcp-handshake\n  - network/time-wait\n"
                "renamed:\n  network/handshake: network/three-way-handshake\n"
            ),
        ),
        REGISTRY_FILE,
        (2, 6),
        "network/three-way-handshake",
    ),
    Fault(
        "id in the pages but not in the registry",
        both('id="time-wait"', 'id="time-wait-2msl"'),
        ZH_PAGE,
        (TIME_WAIT_COMMENT,),
        "network/time-wait-2msl",
    ),
    Fault(
        "id used twice in a chapter",
        both('id="time-wait"', 'id="handshake"'),
        ZH_PAGE,
        (TIME_WAIT_COMMENT,),
        "already used",
    ),
    Fault("id not kebab-case", both('id="time-wait"', 'id="Time_Wait"'), ZH_PAGE, (TIME_WAIT_COMMENT,), "Time_Wait"),
    Fault("unknown level", both('level="advanced"', 'level="expert"'), EN_PAGE, (TIME_WAIT_COMMENT,), "expert"),
    Fault("no tag", both('tags="tcp" -->', 'tags="" -->'), EN_PAGE, (TIME_WAIT_COMMENT,), "tag"),
    Fault("tag not kebab-case", both('tags="tcp" -->', 'tags="TCP" -->'), EN_PAGE, (TIME_WAIT_COMMENT,), "TCP"),
    Fault(
        "tag without labels",
        both('tags="tcp" -->', 'tags="tcp,time-wait" -->'),
        ZH_PAGE,
        (TIME_WAIT_COMMENT,),
        "time-wait",
    ),
    Fault(
        "tag with one language's label only",
        lambda project: write(
            project,
            {
                "data/practice-tags.yml": TAGS.replace(
                    'handshake: {zh: "握手", en: "Handshake"}', 'handshake: {zh: "握手"}'
                )
            },
        ),
        EN_PAGE,
        (HANDSHAKE_COMMENT,),
        "handshake",
    ),
    Fault(
        "zh and en disagree on the level",
        en_only('level="advanced"', 'level="intermediate"'),
        EN_PAGE,
        (TIME_WAIT_COMMENT,),
        "level",
    ),
    Fault(
        "zh and en disagree on the tags",
        en_only('tags="tcp,handshake"', 'tags="tcp"'),
        EN_PAGE,
        (HANDSHAKE_COMMENT,),
        "tags",
    ),
    Fault(
        "zh and en disagree on the order",
        steps(
            en_only('id="handshake" level="basic" tags="tcp,handshake"', 'id="PLACEHOLDER"'),
            en_only('id="time-wait" level="advanced" tags="tcp"', 'id="handshake" level="basic" tags="tcp,handshake"'),
            en_only('id="PLACEHOLDER"', 'id="time-wait" level="advanced" tags="tcp"'),
        ),
        EN_PAGE,
        (HANDSHAKE_COMMENT,),
        "time-wait",
    ),
    Fault(
        "a question without a comment",
        en_only('<!-- question id="time-wait" level="advanced" tags="tcp" -->\n', ""),
        EN_PAGE,
        (TIME_WAIT_COMMENT,),
        "comment",
    ),
    Fault(
        "a comment not directly above its question",
        both('tags="tcp" -->\n??? question', 'tags="tcp" -->\n\n??? question'),
        EN_PAGE,
        (TIME_WAIT_COMMENT,),
        "directly above",
    ),
    Fault(
        "a malformed comment (an unknown attribute)",
        both(
            '<!-- question id="time-wait" level="advanced" tags="tcp" -->',
            '<!-- question id="time-wait" lvl="advanced" tags="tcp" -->',
        ),
        ZH_PAGE,
        (TIME_WAIT_COMMENT,),
        "lvl",
    ),
    Fault(
        "a malformed comment (single quotes)",
        both(
            '<!-- question id="time-wait" level="advanced" tags="tcp" -->',
            "<!-- question id='time-wait' level='advanced' tags='tcp' -->",
        ),
        ZH_PAGE,
        (TIME_WAIT_COMMENT,),
        "id='time-wait'",
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.name)
def test_planted_fault_is_reported_at_its_file_and_line(project, fault):
    fault.plant(project)
    found = check(project)
    expected = [f"{fault.file}:{line}:" for line in fault.lines]
    named = [str(p).replace(str(project) + "/", "") for p in found]
    assert any(line.startswith(tuple(expected)) and fault.expect in line for line in named), (
        f"{fault.name}: expected a problem at {' or '.join(expected)} mentioning {fault.expect!r}; got:\n"
        + "\n".join(named)
    )


def built_ids(project: Path, language: str) -> list[tuple[str, str]]:
    """(data-id, data-legacy-id) of each question as the content plugin writes the practice page."""
    data = project / "data"
    practice = question_ids.read_practice(project / "docs", data / "practice-questions.yml", data / "practice-tags.yml")
    (project / "docs" / language / "network" / "index.md").write_text("# Network\n", encoding="utf-8")
    markdown = practice_markdown(project / "docs" / language, ["network"], practice, language)
    return re.findall(r'data-id="([^"]+)" data-legacy-id="([^"]+)"', markdown)


def test_rewording_keeps_the_card_on_the_built_page(project):
    """The card is stored under data-id: rewording changes the old title digest, not the id."""
    before = built_ids(project, "en")
    edit(
        project, "docs/en/network/interview.md", "Walk through the TCP three-way handshake", "Describe TCP's handshake"
    )
    after = built_ids(project, "en")
    assert [i for i, _ in after] == [i for i, _ in before] == ["network/handshake", "network/time-wait"]
    assert after[0][1] != before[0][1] and after[1] == before[1]
