"""Editorial checks of the Markdown sources (CONTRIBUTING.md, "Reader-first writing").

- the source notes the site was made from are mentioned on the About pages only;
- English prose holds no Chinese, except in code and in elements marked `lang="zh"`;
- one term per concept, from `data/terminology.yml`;
- no "Common pitfall" label: a wrong belief is labelled "Misconception: …".

Each check returns `Problem`s with the file and line; tests/test_editorial.py runs them on the
real pages, tests/test_fault_injection.py on planted faults.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from opskb.markdown import Document, documents, front_matter_end
from opskb.project import ROOT, language_codes

from .problems import Problem

TERMINOLOGY = ROOT / "data" / "terminology.yml"

# --- Turning a page into the prose a reader sees ---------------------------------------------

INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")
LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
BARE_URL = re.compile(r"<?https?://[^\s>)]+>?")
ATTR_LIST = re.compile(r"\{[:#.][^}]*\}|\{\s*[\w-]+=[^}]*\}")
# An element whose language is marked, on one line: <span lang="zh">三过一</span>, or a link or
# span written with attr_list: [三过一](url){ lang="zh" }.
MARKED_ZH_ELEMENT = re.compile(r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\blang=\"zh[^\"]*\"[^>]*>.*?</(?P=tag)>", re.I)
MARKED_ZH_ATTR = re.compile(r"\[[^\]]*\](?:\([^)]*\))?\{[^}]*\blang=\"?zh[^}]*\}")
HTML_TAG = re.compile(r"</?[a-z][a-z0-9-]*\b[^>]*>", re.I)
CJK_TEXT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def reader_lines(doc: Document) -> list[str]:
    """The page as a reader sees its text: one entry per source line (line numbers kept), with
    front matter, fenced code, HTML comments and inline code blanked, link targets, bare URLs
    and attribute lists ({#id}, { .class }) removed, indentation stripped."""
    lines = doc.prose_lines()
    for index in range(front_matter_end(doc.lines)):
        lines[index] = ""
    in_comment = False
    for index, line in enumerate(lines):
        out, rest = "", line
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    rest, in_comment = rest[end + 3 :], False
            else:
                start = rest.find("<!--")
                if start < 0:
                    out, rest = out + rest, ""
                else:
                    out, rest, in_comment = out + rest[:start], rest[start + 4 :], True
        out = INLINE_CODE.sub(" ", out)
        out = LINK_TARGET.sub("]", out)
        out = BARE_URL.sub(" ", out)
        out = ATTR_LIST.sub(" ", out)
        lines[index] = out
    return lines


def section_lines(doc: Document, heading_id: str) -> set[int]:
    """1-based lines of the section whose heading has `heading_id` (heading included)."""
    found: set[int] = set()
    headings = doc.headings
    for position, heading in enumerate(headings):
        if heading.id != heading_id:
            continue
        end = next((h.line for h in headings[position + 1 :] if h.level <= heading.level), len(doc.lines) + 1)
        found.update(range(heading.line, end))
    return found


def is_about(rel: str) -> bool:
    return rel.startswith("about/")


# --- 1. The source notes stay on the About pages -----------------------------------------------

NOTES_MENTION = {
    "zh": re.compile(r"笔记"),
    "en": re.compile(r"\b(?:the|original|source|these|our)\s+notes\b", re.I),
}
# (language, page, text on the line) -> why that mention may stay. Keep it short.
NOTES_ALLOWED: dict[tuple[str, str, str], str] = {}


def check_notes_mentions(docs_dir: Path) -> list[Problem]:
    """No page outside about/ mentions "the notes" (笔记): readers never saw them."""
    problems = []
    for lang in language_codes():
        for rel, doc in documents(docs_dir, lang).items():
            if is_about(rel):
                continue
            for number, line in enumerate(doc.lines, 1):
                match = NOTES_MENTION[lang].search(line)
                if match and not any((at, page) == (lang, rel) and text in line for at, page, text in NOTES_ALLOWED):
                    problems.append(
                        Problem(
                            doc.path,
                            number,
                            f"mentions the source notes ('{match.group(0)}'): readers never saw them; "
                            "frame it as a common claim (常见说法是…… / A common claim is …) "
                            "and leave the notes' story to about/index.md",
                        )
                    )
    return problems


# --- 2. No Chinese in English prose ---------------------------------------------------------------


def check_chinese_in_english(docs_dir: Path) -> list[Problem]:
    """English prose holds no CJK characters outside code and elements marked lang="zh"."""
    problems = []
    for doc in documents(docs_dir, "en").values():
        raw_visible = reader_lines(doc)
        for number, line in enumerate(raw_visible, 1):
            text = MARKED_ZH_ATTR.sub(" ", MARKED_ZH_ELEMENT.sub(" ", line))
            match = CJK_TEXT.search(text)
            if match:
                problems.append(
                    Problem(
                        doc.path,
                        number,
                        f"Chinese in English prose: '{match.group(0)}'; translate it, or mark a "
                        f'quoted term: <span lang="zh">{match.group(0)}</span> (code is exempt)',
                    )
                )
    return problems


# --- 3. One term per concept ----------------------------------------------------------------------


@lru_cache(maxsize=4)
def terminology(path: Path = TERMINOLOGY) -> dict[str, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for _lang, rules in data.items():
        for rule in rules:
            rule["_banned"] = [re.compile(pattern) for pattern in rule.get("banned", [])]
            if "first_use" in rule:
                rule["_first_term"] = re.compile(rule["first_use"]["term"])
    return data


def _in_scope(rule: dict, rel: str) -> bool:
    def matches(prefixes):
        return any(rel == prefix or rel.startswith(prefix) for prefix in prefixes)

    return (not rule.get("only") or matches(rule["only"])) and not matches(rule.get("except", []))


def check_terminology(docs_dir: Path, data_file: Path = TERMINOLOGY) -> list[Problem]:
    """Prose (outside code and the references list, whose titles are quoted as published) uses
    the preferred term of every concept in data/terminology.yml."""
    problems = []
    rules_by_lang = terminology(data_file)
    for lang in language_codes():
        for rel, doc in documents(docs_dir, lang).items():
            skip = section_lines(doc, "references")
            lines = [("" if n in skip else HTML_TAG.sub(" ", text)) for n, text in enumerate(reader_lines(doc), 1)]
            for rule in rules_by_lang.get(lang, []):
                if not _in_scope(rule, rel):
                    continue
                advice = f"write {rule['preferred']}" + (f" ({rule['note']})" if rule.get("note") else "")
                for number, text in enumerate(lines, 1):
                    for pattern in rule["_banned"]:
                        for match in pattern.finditer(text):
                            problems.append(
                                Problem(
                                    doc.path, number, f"terminology ({rule['concept']}): '{match.group(0)}': {advice}"
                                )
                            )
                if "first_use" in rule:
                    problems += _check_first_use(doc, lines, rule)
    return problems


def _check_first_use(doc: Document, lines: list[str], rule: dict) -> list[Problem]:
    """The first use of a short term on a page sits inside its introduction, e.g. 真实服务器（RS）."""
    intro = rule["first_use"]["as"]
    for number, text in enumerate(lines, 1):
        match = rule["_first_term"].search(text)
        if not match:
            continue
        start = text.find(intro)
        if start >= 0 and start <= match.start() < start + len(intro):
            return []
        return [
            Problem(
                doc.path,
                number,
                f"terminology ({rule['concept']}): the first '{match.group(0)}' on the page "
                f"must be introduced as '{intro}'",
            )
        ]
    return []


# --- 4. Misconception labels ------------------------------------------------------------------------

COMMON_PITFALL = re.compile(r"common pitfall", re.I)


def check_pitfall_labels(docs_dir: Path) -> list[Problem]:
    """A wrong belief is labelled "Misconception: …" (or its correction), never "Common pitfall"."""
    problems = []
    for doc in documents(docs_dir, "en").values():
        for number, line in enumerate(doc.lines, 1):
            if COMMON_PITFALL.search(line):
                problems.append(
                    Problem(
                        doc.path,
                        number,
                        "'Common pitfall' label: title the box "
                        "'Misconception: <the wrong belief>' or state the correction",
                    )
                )
    return problems


CHECKS = {
    "notes-mentions": check_notes_mentions,
    "chinese-in-english": check_chinese_in_english,
    "terminology": check_terminology,
    "pitfall-labels": check_pitfall_labels,
}
