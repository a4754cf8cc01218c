"""Checks of the Markdown sources and of mkdocs.yml: heading ids, translation parity, nav titles,
code block languages, shell syntax and ShellCheck, Chinese copywriting."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from opskb.markdown import Document, documents
from opskb.project import VENV_BIN, language_codes, load_mkdocs_yml

from .problems import Problem

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def check_heading_ids(docs_dir: Path) -> list[Problem]:
    """Every heading below the title carries an explicit, unique id."""
    problems = []
    for lang in language_codes():
        for doc in documents(docs_dir, lang).values():
            seen: dict[str, int] = {}
            titles = [h for h in doc.headings if h.level == 1]
            if len(titles) != 1:
                problems.append(Problem(doc.path, 1, f"expected one '# title' heading, found {len(titles)}"))
            for h in doc.headings:
                if h.level == 1:
                    continue
                if not h.id:
                    problems.append(Problem(doc.path, h.line, f"heading '{h.text}' has no explicit {{#id}}"))
                elif h.id in seen:
                    problems.append(Problem(doc.path, h.line, f"id '{h.id}' already used on line {seen[h.id]}"))
                else:
                    seen[h.id] = h.line
    return problems


def check_translation_parity(docs_dir: Path) -> list[Problem]:
    """zh and en hold the same pages with the same structure."""
    zh, en = documents(docs_dir, "zh"), documents(docs_dir, "en")
    problems = []
    for missing, present, lang in ((set(zh) - set(en), zh, "en"), (set(en) - set(zh), en, "zh")):
        for rel in sorted(missing):
            problems.append(Problem(present[rel].path, 1, f"no {lang} translation (docs/{lang}/{rel} is missing)"))
    for rel in sorted(set(zh) & set(en)):
        z, e = zh[rel], en[rel]
        problems += _compare_sequence(
            z,
            e,
            [(h.id, h.line) for h in z.headings if h.level > 1],
            [(h.id, h.line) for h in e.headings if h.level > 1],
            "heading id",
        )
        problems += _compare_sequence(
            z,
            e,
            [(f.lang, f.line) for f in z.fences],
            [(f.lang, f.line) for f in e.fences],
            "code block language",
        )
        for what, zs, es in (
            ("content tabs", z.tabs, e.tabs),
            ("admonitions", z.admonitions, e.admonitions),
        ):
            if len(zs) != len(es):
                problems.append(
                    Problem(
                        e.path,
                        (es or zs)[0].line if (es or zs) else 1,
                        f"{len(es)} {what} here, {len(zs)} in {z.path.relative_to(docs_dir)}",
                    )
                )
        if z.title and e.title and CJK.search(e.title.text):
            problems.append(Problem(e.path, e.title.line, f"English page title is not translated: '{e.title.text}'"))
    return problems


def _compare_sequence(z: Document, e: Document, zs, es, what: str) -> list[Problem]:
    for index, (zi, ei) in enumerate(zip(zs, es, strict=False)):
        if zi[0] != ei[0]:
            return [
                Problem(e.path, ei[1], f"{what} #{index + 1} is '{ei[0]}' but '{zi[0]}' in the zh page (line {zi[1]})")
            ]
    if len(zs) != len(es):
        longer, doc = (zs, z) if len(zs) > len(es) else (es, e)
        extra = longer[min(len(zs), len(es))]
        return [
            Problem(
                doc.path,
                extra[1],
                f"{what} '{extra[0]}' has no counterpart in the other language ({len(zs)} in zh, {len(es)} in en)",
            )
        ]
    return []


def check_nav_translations(config_path: Path) -> list[Problem]:
    """Every nav section title written in Chinese has an English translation."""
    config = load_mkdocs_yml(config_path)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = next(lang.get("nav_translations", {}) for lang in i18n["languages"] if lang["locale"] == "en")
    lines = config_path.read_text(encoding="utf-8").splitlines()
    problems = []

    def walk(items):
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    if CJK.search(title) and title not in translations:
                        line = next(
                            (n + 1 for n, text in enumerate(lines) if text.strip().startswith(f"- {title}:")), 1
                        )
                        problems.append(
                            Problem(config_path, line, f"nav title '{title}' has no en nav_translations entry")
                        )
                    if isinstance(value, list):
                        walk(value)

    walk(config.get("nav", []))
    return problems


KNOWN_LANGS = {"mermaid", "text"}


def _lexer_exists(lang: str) -> bool:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        get_lexer_by_name(lang)
        return True
    except ClassNotFound:
        return False


def check_fence_languages(docs_dir: Path) -> list[Problem]:
    problems = []
    for lang in language_codes():
        for doc in documents(docs_dir, lang).values():
            for f in doc.fences:
                if not f.lang:
                    problems.append(Problem(doc.path, f.line, "code block has no language (use ```bash, ```text, ...)"))
                elif f.lang not in KNOWN_LANGS and not _lexer_exists(f.lang):
                    problems.append(Problem(doc.path, f.line, f"unknown code block language '{f.lang}'"))
    return problems


SHELLCHECK_DISABLE = re.compile(r"^shellcheck\s+disable=(?P<codes>SC\d{4}(?:,SC\d{4})*)\s+reason:\s*(?P<reason>\S.*)$")
# Fragments on a page use variables set in an earlier block or by the reader.
SHELLCHECK_EXCLUDE_ALWAYS = ("SC2154",)


def _shell_fences(docs_dir: Path):
    for lang in language_codes():
        for doc in documents(docs_dir, lang).values():
            for f in doc.fences:
                if f.lang in ("bash", "sh", "shell"):
                    yield doc, f


def check_bash_syntax(docs_dir: Path) -> list[Problem]:
    problems = []
    for doc, f in _shell_fences(docs_dir):
        result = subprocess.run(["bash", "-n"], input=f.text, capture_output=True, text=True)
        if result.returncode != 0:
            for err in result.stderr.strip().splitlines():
                match = re.search(r"line (\d+):", err)
                line = f.body_line(int(match.group(1))) if match else f.line
                problems.append(Problem(doc.path, line, f"bash -n: {err.split(':', 2)[-1].strip()}"))
    return problems


def check_shellcheck(docs_dir: Path) -> list[Problem]:
    problems = []
    shellcheck = str(VENV_BIN / "shellcheck")
    for doc, f in _shell_fences(docs_dir):
        excludes = list(SHELLCHECK_EXCLUDE_ALWAYS)
        for comment in f.comments:
            if comment.startswith("shellcheck"):
                match = SHELLCHECK_DISABLE.match(comment)
                if not match:
                    problems.append(
                        Problem(
                            doc.path,
                            f.line,
                            f"malformed exception '{comment}': write 'shellcheck disable=SCnnnn reason: why'",
                        )
                    )
                    continue
                excludes += match.group("codes").split(",")
        result = subprocess.run(
            [shellcheck, "-s", "bash", "-S", "info", "-f", "json", "-e", ",".join(excludes), "-"],
            input=f.text,
            capture_output=True,
            text=True,
        )
        for item in json.loads(result.stdout or "[]"):
            problems.append(
                Problem(
                    doc.path,
                    f.body_line(item["line"]),
                    f"shellcheck SC{item['code']} ({item['level']}): {item['message']}",
                )
            )
    return problems


def check_copywriting(docs_dir: Path) -> list[Problem]:
    """Chinese copywriting conventions (autocorrect), on dedented prose of the zh pages."""
    import autocorrect_py

    problems = []
    for doc in documents(docs_dir, "zh").values():
        text = "\n".join(doc.prose_lines()) + "\n"
        for item in autocorrect_py.lint_for(text, "md").lines:
            problems.append(Problem(doc.path, item.line, f"copywriting: '{item.old.strip()}' -> '{item.new.strip()}'"))
    return problems
