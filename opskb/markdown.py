"""A small reader for the Markdown dialect of this site (Material + pymdown-extensions).

It finds what the checks need — headings with their ids, fenced blocks with their language,
attributes and the HTML comments right above them, content tabs and admonitions — with line
numbers, including fences nested in admonitions and tabs (indented by four spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*)$")
HEADING = re.compile(r"^[ \t]*(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*$")
HEADING_ID = re.compile(r"[ \t]*\{[^}]*#(?P<id>[A-Za-z0-9_-]+)[^}]*\}$")
TAB = re.compile(r'^[ \t]*===\+?[ \t]+"(?P<label>[^"]*)"')
ADMONITION = re.compile(r'^[ \t]*(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?')
COMMENT = re.compile(r"^[ \t]*<!--(?P<body>.*?)-->[ \t]*$")
TITLE_ATTR = re.compile(r'title="(?P<title>[^"]*)"')

OUTPUT_TITLES = {"输出", "Output"}
# `<!-- exec -->`; `<!-- exec needs="userns root" -->` for an example that needs more than a user;
# `<!-- exec server="redis" -->` for one that talks to a server the test starts (tests/support/servers.py).
EXEC_MARKER = re.compile(r'^exec(?P<attributes>(?:\s+\w+="[\w .-]*")*)$')
EXEC_ATTRIBUTE = re.compile(r'(?P<name>\w+)="(?P<value>[\w .-]*)"')


@dataclass
class Fence:
    path: Path
    line: int  # 1-based line of the opening fence
    indent: str
    lang: str
    info: str
    body: list[str]  # lines of the block, without the fence's indentation
    comments: list[str] = field(default_factory=list)  # HTML comments right above, nearest last

    @property
    def text(self) -> str:
        return "\n".join(self.body) + ("\n" if self.body else "")

    @property
    def title(self) -> str | None:
        match = TITLE_ATTR.search(self.info)
        return match.group("title") if match else None

    @property
    def is_output(self) -> bool:
        return self.lang == "text" and self.title in OUTPUT_TITLES

    @property
    def executed(self) -> bool:
        return any(EXEC_MARKER.match(c.strip()) for c in self.comments)

    def _exec_attribute(self, name: str) -> list[str]:
        for comment in self.comments:
            match = EXEC_MARKER.match(comment.strip())
            if match:
                values = dict(EXEC_ATTRIBUTE.findall(match.group("attributes")))
                return values.get(name, "").split()
        return []

    @property
    def exec_attributes(self) -> set[str]:
        """The attribute names of the exec marker, to reject unknown ones."""
        for comment in self.comments:
            match = EXEC_MARKER.match(comment.strip())
            if match:
                return {name for name, _ in EXEC_ATTRIBUTE.findall(match.group("attributes"))}
        return set()

    @property
    def needs(self) -> list[str]:
        """What an executed example needs from the machine: `<!-- exec needs="userns" -->`."""
        return self._exec_attribute("needs")

    @property
    def servers(self) -> list[str]:
        """The servers an executed example talks to: `<!-- exec server="redis" -->`."""
        return self._exec_attribute("server")

    def body_line(self, index: int) -> int:
        """The file line of the body's line `index` (1-based)."""
        return self.line + index


@dataclass
class Heading:
    line: int
    level: int
    text: str
    id: str | None


@dataclass
class Marker:
    line: int
    kind: str
    label: str | None = None


class Document:
    """One Markdown page, parsed once: from its file, or from `text` already read."""

    def __init__(self, path: Path, text: str | None = None):
        self.path = path
        self.lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
        self.fences: list[Fence] = []
        self.headings: list[Heading] = []
        self.tabs: list[Marker] = []
        self.admonitions: list[Marker] = []
        self._parse()

    def _parse(self) -> None:
        lines = self.lines
        i = 0
        while i < len(lines):
            line = lines[i]
            opening = FENCE_OPEN.match(line)
            if opening:
                i = self._read_fence(i, opening)
                continue
            heading = HEADING.match(line)
            if heading:
                text = heading.group("text")
                id_match = HEADING_ID.search(text)
                self.headings.append(
                    Heading(
                        line=i + 1,
                        level=len(heading.group("hashes")),
                        text=HEADING_ID.sub("", text).strip(),
                        id=id_match.group("id") if id_match else None,
                    )
                )
            elif tab := TAB.match(line):
                self.tabs.append(Marker(i + 1, "tab", tab.group("label")))
            elif adm := ADMONITION.match(line):
                self.admonitions.append(Marker(i + 1, adm.group("kind"), adm.group("title")))
            i += 1

    def _read_fence(self, start: int, opening: re.Match) -> int:
        indent, fence, info = opening.group("indent"), opening.group("fence"), opening.group("info")
        info = info.strip()
        lang = info.split()[0] if info and not info.startswith("{") else ""
        if info.startswith("{"):
            # {.lang .class} form
            first = re.search(r"\.([\w+-]+)", info)
            lang = first.group(1) if first else ""
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = start + 1
        while j < len(self.lines) and not closing.match(self.lines[j]):
            raw = self.lines[j]
            body.append(raw[len(indent) :] if raw.startswith(indent) else raw.lstrip())
            j += 1
        self.fences.append(
            Fence(
                path=self.path,
                line=start + 1,
                indent=indent,
                lang=lang,
                info=info,
                body=body,
                comments=self._comments_above(start),
            )
        )
        return j + 1

    def _comments_above(self, index: int) -> list[str]:
        comments: list[str] = []
        k = index - 1
        while k >= 0:
            stripped = self.lines[k].strip()
            if not stripped:
                k -= 1
                continue
            match = COMMENT.match(self.lines[k])
            if not match:
                break
            comments.insert(0, match.group("body").strip())
            k -= 1
        return comments

    @cached_property
    def title(self) -> Heading | None:
        return next((h for h in self.headings if h.level == 1), None)

    def output_of(self, fence: Fence) -> Fence | None:
        """The output block right after `fence` (only blank lines between), if any."""
        index = self.fences.index(fence)
        if index + 1 >= len(self.fences):
            return None
        following = self.fences[index + 1]
        end_of_fence = fence.line + len(fence.body) + 1  # 1-based line of the closing fence
        between = self.lines[end_of_fence : following.line - 1]
        if following.is_output and all(not line.strip() for line in between):
            return following
        return None

    def prose_lines(self) -> list[str]:
        """The page with code blocks blanked and indentation removed, line numbers kept.

        Linters that skip indented text (autocorrect) then also see admonition and tab bodies.
        """
        out = [line.strip() for line in self.lines]
        for fence in self.fences:
            for k in range(fence.line - 1, min(fence.line + len(fence.body) + 1, len(out))):
                out[k] = ""
        return out


def documents(docs_dir: Path, language: str) -> dict[str, Document]:
    """Every page of one language, keyed by its path relative to the language folder."""
    root = docs_dir / language
    return {p.relative_to(root).as_posix(): Document(p) for p in sorted(root.rglob("*.md"))}


# --- front matter -------------------------------------------------------------------------------

FRONT_MATTER_KEY = re.compile(r"^(?P<indent> *)(?P<key>[\w-]+):")


def front_matter_end(lines: list[str]) -> int:
    """Number of lines of the YAML front matter at the top of a page (0 without one)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return 0


def front_matter(path: Path) -> tuple[dict | None, dict[str, int]]:
    """(front matter, line of each key by dotted name) of a page; (None, {}) without front matter.
    Invalid YAML gives {"_error": message, "_line": line}."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = front_matter_end(lines) - 1
    if end < 1:
        return None, {}
    key_lines: dict[str, int] = {}
    stack: list[tuple[int, str]] = []
    for number in range(1, end):
        match = FRONT_MATTER_KEY.match(lines[number])
        if not match:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
        key_lines.setdefault(".".join(key for _, key in stack), number + 1)
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {"_error": str(error), "_line": (mark.line + 2) if mark else 1}, key_lines
    return data if isinstance(data, dict) else {}, key_lines
