"""Editorial checks of the Markdown sources (CONTRIBUTING.md, "Reader-first writing").

- the source notes the site was made from are mentioned on the About pages only;
- English prose holds no Chinese, except in code and in elements marked `lang="zh"`;
- one term per concept, from `data/terminology.yml`;
- no "Common pitfall" label: a wrong belief is labelled "Misconception: …";
- a lead-in ending in a colon is followed by what it announces (a list, table, code, box, tabs,
  HTML block, image or an indented block), not by a paragraph;
- English: no present tense with "since <version or date>" ("is deprecated since 1.35"); no
  sentence chaining three or more semicolons;
- no heading id naming "notes" (`{#notes}`, `{#release-notes}`);
- Chinese: a space between a Chinese character and a link whose text starts with a Latin letter
  or a digit (“详见 [ARP](…)”).

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


# --- 5. Lead-ins are followed by what they announce --------------------------------------------

# What a lead-in may announce, by the first characters of the next line that is not blank: a list,
# a table, a fence, an admonition or details box, content tabs, an HTML block, an image.
ANNOUNCED = re.compile(r"(?:[-*+][ \t]|\d+[.)][ \t]|\||`{3}|~{3}|!!!|\?\?\?|===|<|!\[)")
# Lines that are not prose: headings, table rows, box and tab headers, HTML, blockquotes.
NOT_PROSE = re.compile(r"(?:#{1,6}[ \t]|\||!!!|\?\?\?|===|<|>|\*\[)")
COLON_END = re.compile(r"[:：][*_]*$")
HTML_COMMENT_LINE = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def check_lead_ins(docs_dir: Path) -> list[Problem]:
    """A prose line ending in ":" or "：" is followed, after blank lines and HTML comments, by what
    it announces: a list, table, fenced code, admonition or details box, content tabs, an HTML
    block, an image or diagram, or a block indented deeper than the lead-in. A paragraph (or a
    heading, or the end of the page) after it leaves the reader asking where the announced thing
    is: move a caution before the lead-in, or after the block it announces."""
    problems = []
    for lang in language_codes():
        for doc in documents(docs_dir, lang).values():
            lines = doc.lines
            fence_lines: set[int] = set()
            for fence in doc.fences:
                fence_lines.update(range(fence.line - 1, fence.line + len(fence.body) + 1))
            comment_lines, in_comment = set(), False
            for index, line in enumerate(lines):
                if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
                    in_comment = True
                if in_comment or HTML_COMMENT_LINE.match(line):
                    comment_lines.add(index)
                    in_comment = in_comment and "-->" not in line
            skip = fence_lines | comment_lines | set(range(front_matter_end(lines)))
            for index, line in enumerate(lines):
                text = line.strip()
                if index in skip or not text or NOT_PROSE.match(text) or not COLON_END.search(text):
                    continue
                after = lines[index + 1].strip() if index + 1 < len(lines) else ""
                if after and index + 1 not in skip and not ANNOUNCED.match(after) and not after.startswith("#"):
                    continue  # a hard-wrapped paragraph goes on: the colon is inside its sentence
                following = next(
                    (j for j in range(index + 1, len(lines)) if lines[j].strip() and j not in comment_lines),
                    None,
                )
                if following is not None:
                    next_text = lines[following].strip()
                    # A fence, a block it announces, or a block indented deeper (a nested list or
                    # code under a list item, an indented code block).
                    if (
                        following in fence_lines
                        or ANNOUNCED.match(next_text)
                        or _indent(lines[following]) > _indent(line)
                    ):
                        continue
                    what = f"line {following + 1} is {'a heading' if next_text.startswith('#') else 'a paragraph'}"
                else:
                    what = "the page ends"
                problems.append(
                    Problem(
                        doc.path,
                        index + 1,
                        f"lead-in ending in a colon, but {what}: follow it with what it announces "
                        "(list, table, code, box, tabs), or end the sentence with a full stop",
                    )
                )
    return problems


# --- 6. English tense with "since" -----------------------------------------------------------------

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "since" + a version or a date: since 1.35, since v2, since Linux 4.12, since MySQL 8.0.22,
# since version 3, since March 2026, since 2019. Not "since" meaning "because".
SINCE_VERSION = re.compile(
    rf"\bsince\s+(?:(?:{MONTHS})\s+\d|(?:(?:[A-Z][\w.+-]*|version|release|kernel)\s+){{0,2}}v?\d)"
)
# A present tense before it in the same clause: "is deprecated", "are enabled", "defaults to 1",
# "remains", "supports".
# ("the default since 1.11.3" is a noun phrase, and fine.)
PRESENT = re.compile(
    r"\b(?:is|are|isn't|aren't|defaults? to|remains?|stays?|exists?|supports?|requires?|ships?|uses?|"
    r"enables?|works?|applies|apply|lives?|means?|allows?|accepts?|returns?|behaves?|contains?)\b"
)
PERFECT_OR_PAST = re.compile(r"\b(?:has|have|had|been|was|were|did|became)\b")
CLAUSE_BREAK = re.compile(r"[.!?;:,–—]\s|\(|\)")


def _english_prose(doc: Document, *, tables: bool) -> list[tuple[int, str]]:
    """(line number, text) of the English prose lines: code, comments, link targets removed;
    table rows dropped unless `tables`."""
    found = []
    for number, text in enumerate(reader_lines(doc), 1):
        if not text.strip() or text.lstrip().startswith("#") or (not tables and text.lstrip().startswith("|")):
            continue
        found.append((number, HTML_TAG.sub(" ", text)))
    return found


def check_since_tense(docs_dir: Path) -> list[Problem]:
    """English prose: no present tense with "since <version/date>" ("is deprecated since 1.35",
    "defaults to 1 since 5.7.7"); write "has been deprecated since 1.35", "has defaulted to 1
    since 5.7.7", or "is deprecated as of 1.35"."""
    problems = []
    for doc in documents(docs_dir, "en").values():
        for number, text in _english_prose(doc, tables=True):
            for match in SINCE_VERSION.finditer(text):
                clause = CLAUSE_BREAK.split(text[: match.start()])[-1]
                verbs = list(PRESENT.finditer(clause))
                verb = verbs[-1] if verbs else None
                if (
                    verb
                    and not PERFECT_OR_PAST.search(clause[verb.start() :])
                    and not PERFECT_OR_PAST.search(clause[max(0, verb.start() - 12) : verb.start()])
                ):
                    phrase = (clause[verb.start() :] + match.group(0)).strip()
                    problems.append(
                        Problem(
                            doc.path,
                            number,
                            f"present tense with since: '{phrase}': write 'has been … since' "
                            "(or 'is … as of'), or put the version in a clause of its own",
                        )
                    )
    return problems


# --- 7. English sentences chaining semicolons ----------------------------------------------------

# Inline code is blanked in reader_lines(), so a sentence may start with a space: any full stop
# before a space ends one (an abbreviation such as "e.g." splits a sentence: fewer findings).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
GAP = re.compile(r"\s{2,}")  # where inline code was
HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def check_semicolon_chains(docs_dir: Path) -> list[Problem]:
    """English prose (code and tables aside): no sentence of three or more clauses chained with
    semicolons. Split it into sentences, or make it a list."""
    problems = []
    for doc in documents(docs_dir, "en").values():
        for number, text in _english_prose(doc, tables=False):
            for sentence in SENTENCE_END.split(HTML_ENTITY.sub(" ", text)):
                if sentence.count(";") >= 3:
                    problems.append(
                        Problem(
                            doc.path,
                            number,
                            f"{sentence.count(';')} semicolons in one sentence "
                            f"('{GAP.sub(' … ', sentence.strip())[:60]}…'): "
                            "split it into sentences, or make it a list",
                        )
                    )
    return problems


# --- 8. Heading ids -------------------------------------------------------------------------------

NOTES_ID = re.compile(r"(?:^|[-_])notes?(?:[-_]|$)")


def check_notes_heading_ids(docs_dir: Path) -> list[Problem]:
    """No heading id names "notes" outside about/: `{#notes}` recalls the source notes in every
    link to the section; name what the section says (`{#caveats}`, `{#version-differences}`)."""
    problems = []
    for lang in language_codes():
        for rel, doc in documents(docs_dir, lang).items():
            if is_about(rel):
                continue
            for heading in doc.headings:
                if heading.id and NOTES_ID.search(heading.id):
                    problems.append(
                        Problem(
                            doc.path,
                            heading.line,
                            f"heading id '{heading.id}' names notes: name what the section says, "
                            "the same id in zh and en",
                        )
                    )
    return problems


# --- 9. A space before a Latin-led link in Chinese --------------------------------------------------

# A Chinese character right before a link whose text starts with a Latin letter or a digit:
# 详见[ARP](…). reader_lines() keeps the link text in brackets (the target is removed).
CJK_BEFORE_LATIN_LINK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]\[(?=[A-Za-z0-9])")


def check_zh_link_spacing(docs_dir: Path) -> list[Problem]:
    """Chinese prose: a space between a Chinese character and a link whose text starts with a
    Latin letter or a digit, as between any Chinese and Latin text (autocorrect does not see
    across the link's bracket)."""
    problems = []
    for doc in documents(docs_dir, "zh").values():
        for number, text in enumerate(reader_lines(doc), 1):
            for match in CJK_BEFORE_LATIN_LINK.finditer(text):
                snippet = text[max(0, match.start() - 4) : match.end() + 12]
                problems.append(
                    Problem(
                        doc.path,
                        number,
                        f"no space before a link whose text starts with a Latin letter: '{snippet}…': "
                        f"write '{match.group(0)[0]} [' (详见 [ARP](…))",
                    )
                )
    return problems


CHECKS = {
    "notes-mentions": check_notes_mentions,
    "chinese-in-english": check_chinese_in_english,
    "terminology": check_terminology,
    "pitfall-labels": check_pitfall_labels,
    "lead-ins": check_lead_ins,
    "since-tense": check_since_tense,
    "semicolon-chains": check_semicolon_chains,
    "notes-heading-ids": check_notes_heading_ids,
    "zh-link-spacing": check_zh_link_spacing,
}
