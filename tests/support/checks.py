"""The checks behind the test suite.

Each check takes a docs or site directory and returns a list of `Problem`s naming the file and
line. The tests run them on the real site and expect none; tests/test_fault_injection.py runs
them on a copy with planted faults and expects each fault to be reported, so that no check can
silently pass.
"""

from __future__ import annotations

import csv
import functools
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

from .markdown import Document, documents

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
VENV_BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Problem:
    path: Path | str
    line: int
    message: str

    def __str__(self) -> str:
        path = Path(self.path)
        try:
            path = path.relative_to(ROOT)
        except ValueError:
            pass
        return f"{path}:{self.line}: {self.message}"


def line_containing(path: Path, *needles: str) -> int | None:
    """The first line of a Markdown source that holds one of `needles` (1-based), if any."""
    if path.suffix != ".md" or not path.is_file():
        return None
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if any(needle and needle in text for needle in needles):
            return n
    return None


def report(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# --- Markdown sources -------------------------------------------------------------------------

def check_heading_ids(docs_dir: Path) -> list[Problem]:
    """Every heading below the title carries an explicit, unique id."""
    problems = []
    for lang in LANGUAGES:
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
            z, e, [(h.id, h.line) for h in z.headings if h.level > 1],
            [(h.id, h.line) for h in e.headings if h.level > 1], "heading id",
        )
        problems += _compare_sequence(
            z, e, [(f.lang, f.line) for f in z.fences], [(f.lang, f.line) for f in e.fences], "code block language",
        )
        for what, zs, es in (
            ("content tabs", z.tabs, e.tabs),
            ("admonitions", z.admonitions, e.admonitions),
        ):
            if len(zs) != len(es):
                problems.append(Problem(e.path, (es or zs)[0].line if (es or zs) else 1,
                                        f"{len(es)} {what} here, {len(zs)} in {z.path.relative_to(docs_dir)}"))
        if z.title and e.title and CJK.search(e.title.text):
            problems.append(Problem(e.path, e.title.line, f"English page title is not translated: '{e.title.text}'"))
    return problems


def _compare_sequence(z: Document, e: Document, zs, es, what: str) -> list[Problem]:
    for index, (zi, ei) in enumerate(zip(zs, es)):
        if zi[0] != ei[0]:
            return [Problem(e.path, ei[1], f"{what} #{index + 1} is '{ei[0]}' but '{zi[0]}' in the zh page "
                                           f"(line {zi[1]})")]
    if len(zs) != len(es):
        longer, doc = (zs, z) if len(zs) > len(es) else (es, e)
        extra = longer[min(len(zs), len(es))]
        return [Problem(doc.path, extra[1], f"{what} '{extra[0]}' has no counterpart in the other language "
                                            f"({len(zs)} in zh, {len(es)} in en)")]
    return []


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !ENV and !!python tags."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_mkdocs_yml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def check_nav_translations(config_path: Path) -> list[Problem]:
    """Every nav section title written in Chinese has an English translation."""
    config = load_mkdocs_yml(config_path)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = next(l.get("nav_translations", {}) for l in i18n["languages"] if l["locale"] == "en")
    lines = config_path.read_text(encoding="utf-8").splitlines()
    problems = []

    def walk(items):
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    if CJK.search(title) and title not in translations:
                        line = next((n + 1 for n, l in enumerate(lines) if l.strip().startswith(f"- {title}:")), 1)
                        problems.append(Problem(config_path, line, f"nav title '{title}' has no en nav_translations entry"))
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
    for lang in LANGUAGES:
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
    for lang in LANGUAGES:
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
                    problems.append(Problem(doc.path, f.line, f"malformed exception '{comment}': write "
                                                              "'shellcheck disable=SCnnnn reason: why'"))
                    continue
                excludes += match.group("codes").split(",")
        result = subprocess.run(
            [shellcheck, "-s", "bash", "-S", "info", "-f", "json", "-e", ",".join(excludes), "-"],
            input=f.text, capture_output=True, text=True,
        )
        for item in json.loads(result.stdout or "[]"):
            problems.append(Problem(doc.path, f.body_line(item["line"]),
                                    f"shellcheck SC{item['code']} ({item['level']}): {item['message']}"))
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


# --- Building -----------------------------------------------------------------------------------

def build_site(project: Path, site_dir: Path, strict: bool = True, site_url: str | None = None,
               **extra_env: str) -> subprocess.CompletedProcess:
    """`mkdocs build`; `site_url` (SITE_URL) is the address the site will be served at: the hreflang
    alternates are absolute, and a page served elsewhere would fetch from that address."""
    # Copies of the project share the project's diagram cache (hooks/diagrams.py), so that
    # they do not render every diagram again.
    env = {"DIAGRAM_CACHE": str(ROOT / ".cache" / "diagrams"), **os.environ, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    if site_url:
        env["SITE_URL"] = site_url
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=project)


BUILD_LINK_WARNING = re.compile(
    r"Doc file '(?P<file>[^']+)' contains (?:an? )?(?:absolute |unrecognized relative )?link '(?P<link>[^']+)'"
)


def check_build_log(log: str, project: Path) -> list[Problem]:
    """MkDocs warnings, mapped to the Markdown line that holds the offending link."""
    messages: list[str] = []
    for line in log.splitlines():
        if line.startswith(("WARNING", "ERROR")):
            messages.append(line.split("-", 1)[-1].strip())
        elif messages and line.startswith((" ", "\t")) and not line.startswith(("INFO", "DEBUG")):
            messages[-1] += "\n" + line.rstrip()  # continuation, e.g. the list of omitted files
    problems: list[Problem] = []
    for message in dict.fromkeys(messages):  # each language build may repeat a warning
        match = BUILD_LINK_WARNING.search(message)
        if match:
            path = project / "docs" / match.group("file")
            problems.append(Problem(path, line_containing(path, match.group("link")) or 1, message))
        else:
            problems.append(Problem(project / "mkdocs.yml", 1, message))
    return problems


# --- Built site ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def _parsed_pages(site_dir: Path) -> tuple:
    return tuple(
        (path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        for path in sorted(site_dir.rglob("*.html"))
    )


def html_pages(site_dir: Path):
    """(path, parsed page) for every built page; parsed once per site."""
    return _parsed_pages(site_dir)


def page_language(site_dir: Path, path: Path) -> str:
    first = path.relative_to(site_dir).parts[0]
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


def source_of(site_dir: Path, path: Path, docs_dir: Path | None = None) -> Path:
    """The Markdown file a built page comes from (best effort; the HTML file otherwise)."""
    docs_dir = docs_dir or ROOT / "docs"
    rel = path.relative_to(site_dir).as_posix()
    lang = page_language(site_dir, path)
    if lang != DEFAULT_LANGUAGE:
        rel = rel[len(lang) + 1:]
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel[:-5]
    for candidate in (f"{stem}.md", f"{stem}/index.md" if stem else "index.md"):
        md = docs_dir / lang / candidate
        if md.is_file():
            return md
    return path


# What a browser loads: these attributes of these elements (anchors are navigations, not loads).
LOADING_ATTRIBUTES = {
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "embed": ["src"], "object": ["data"],
    "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"], "track": ["src"],
    "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"],
}
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                     "apple-touch-icon", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>(?:https?:)?//[^'")\s]+)""")
CDN_HOSTS = re.compile(
    r"(?:https?:)?//(?:[\w-]+\.)*(?:unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|googleapis\.com|gstatic\.com|"
    r"google-analytics\.com|googletagmanager\.com|api\.github\.com|fonts\.[\w.]+|bootcdn\.net|staticfile\.org)[^\s'\"`)]*"
)
# URLs in third-party bundles that the browser never loads on this site, with the reason.
ALLOWED_SCRIPT_URLS = {
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js":
        "Material's fallback, used only when no global `mermaid` exists; overrides/main.html loads the local copy first",
    "https://unpkg.com/resize-observer-polyfill":
        "Material's polyfill, loaded only by browsers without ResizeObserver (none that Material supports)",
    "https://api.github.com/repos/": "repository facts; overrides/partials/source.html removes the component that fetches them",
    "https://api.github.com/users/": "as above",
}


def _is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def check_third_party_urls(site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """No built HTML, CSS or JS makes the browser load anything from another origin."""
    problems = []
    for path, soup in html_pages(site_dir):
        for tag in soup.find_all(True):
            attributes = list(LOADING_ATTRIBUTES.get(tag.name, []))
            if tag.name == "link" and LOADING_LINK_RELS & set(tag.get("rel") or []):
                attributes.append("href")
            for attribute in attributes:
                value = tag.get(attribute)
                if not value:
                    continue
                urls = [part.split()[0] for part in value.split(",")] if "srcset" in attribute else [value]
                for url in urls:
                    if _is_external(url):
                        problems.append(Problem(path, tag.sourceline or 1,
                                                f"<{tag.name} {attribute}=\"{url}\"> loads from another origin "
                                                f"(source: {source_of(site_dir, path, docs_dir)})"))
            if tag.get("style"):
                for match in CSS_URL.finditer(tag["style"]):
                    problems.append(Problem(path, tag.sourceline or 1, f"inline style loads {match.group('url')}"))
        for style in soup.find_all("style"):
            for match in CSS_URL.finditer(style.get_text()):
                problems.append(Problem(path, style.sourceline or 1, f"<style> loads {match.group('url')}"))
    for path in sorted(site_dir.rglob("*.css")):
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for match in CSS_URL.finditer(line):
                problems.append(Problem(path, n, f"stylesheet loads {match.group('url')}"))
    for path in sorted(site_dir.rglob("*.js")):
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for match in CDN_HOSTS.finditer(line):
                url = match.group(0)
                if not any(url.startswith(allowed) for allowed in ALLOWED_SCRIPT_URLS):
                    problems.append(Problem(path, n, f"script refers to CDN/third-party URL {url}"))
    return problems


def internal_links(site_dir: Path):
    """(page, tag, resolved site-relative path) for every internal <a href> of every page."""
    for path, soup in html_pages(site_dir):
        page_url = "http://site/" + path.relative_to(site_dir).as_posix()
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href.startswith(("mailto:", "javascript:", "data:")):
                continue
            resolved = urljoin(page_url, href)
            parts = urlsplit(resolved)
            if parts.netloc != "site":
                continue
            yield path, a, parts.path


LISTED_EXTERNAL_LINKS: dict[str, list[str]] = {}


def external_links(site_dir: Path, own_url: str = "") -> dict[str, list[str]]:
    """Every external link target -> the built pages that link to it. Links to `own_url` (the
    site's own absolute address, site_url: the language switcher's links) are not external."""
    found: dict[str, list[str]] = {}
    for path, soup in html_pages(site_dir):
        for a in soup.find_all("a", href=True):
            if _is_external(a["href"]) and not (own_url and a["href"].startswith(own_url)):
                found.setdefault(a["href"], []).append(path.relative_to(site_dir).as_posix())
    return found


def check_external_links(site_dir: Path, own_url: str = "") -> list[Problem]:
    """External links are https; links to the site's own address (`own_url`) are not external."""
    problems = []
    for path, soup in html_pages(site_dir):
        for a in soup.find_all("a", href=True):
            if a["href"].startswith(("http://", "//")) and not (own_url and a["href"].startswith(own_url)):
                source = source_of(site_dir, path)
                problems.append(Problem(source, line_containing(source, a["href"]) or a.sourceline or 1,
                                        f"external link is not https: {a['href']} (in {path.relative_to(site_dir)})"))
    return problems


def check_cross_language_links(site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """zh pages never link into /en/ and en pages never into zh, except the language switcher."""
    problems = []
    others = [l for l in LANGUAGES if l != DEFAULT_LANGUAGE]
    for path, a, target in internal_links(site_dir):
        if "md-select__link" in (a.get("class") or []) and a.get("hreflang"):
            continue  # the language switcher
        lang = page_language(site_dir, path)
        first = target.lstrip("/").split("/", 1)[0]
        target_lang = first if first in others else DEFAULT_LANGUAGE
        if target.startswith(("/assets/", "/search/")) or target in ("/sitemap.xml",):
            continue
        if target_lang != lang:
            source = source_of(site_dir, path, docs_dir)
            line = line_containing(source, a["href"], target.strip("/")) or a.sourceline or 1
            problems.append(Problem(source, line, f"{lang} page links into {target_lang}: {a['href']} "
                                                  f"(built page {path.relative_to(site_dir)})"))
    return problems


ELEMENT_ID = re.compile(r"""\s(?:id|name)=["']?([^"'\s>]+)""")
ANCHOR_HREF = re.compile(r"""<a\s[^>]*?href=["']([^"']*#[^"']*)["']""")


def check_anchors(site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """Every internal link with a #fragment points at an element that exists on its target page.

    LinkChecker's AnchorCheck fetches and parses a page again for every distinct anchor (its
    cache key keeps the fragment), which took minutes on this site; this reads each page once.
    """
    ids: dict[str, set[str]] = {}
    texts: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        texts[rel] = path.read_text(encoding="utf-8")
        ids[rel] = {html.unescape(i) for i in ELEMENT_ID.findall(texts[rel])}
    problems = []
    for rel, text in texts.items():
        page_url = "http://site/" + rel
        for match in ANCHOR_HREF.finditer(text):
            href = html.unescape(match.group(1))
            parts = urlsplit(urljoin(page_url, href))
            if parts.netloc != "site" or not parts.fragment:
                continue
            target = parts.path.lstrip("/")
            target = target + "index.html" if target.endswith("/") or not target else target
            if target not in ids:
                continue  # a missing page is reported by the link check
            fragment = unquote(parts.fragment)
            if fragment not in ids[target]:
                source = source_of(site_dir, site_dir / rel, docs_dir)
                line = line_containing(source, f"#{fragment}") or text.count("\n", 0, match.start()) + 1
                problems.append(Problem(source, line, f"anchor #{fragment} not found on {target} "
                                                      f"(link {href!r} in built page {rel})"))
    return problems


def run_linkchecker(start_urls: list[str], site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """LinkChecker over the site served at `start_urls`: every internal URL answers."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "linkcheckerrc"
        # The server is local: no politeness delay (it also sends the `LinkChecker` header).
        config.write_text("[checking]\nthreads=4\nmaxrequestspersecond=1000\n"
                          "[filtering]\ncheckextern=0\n", encoding="utf-8")
        os.chmod(tmp, 0o755)  # LinkChecker drops root privileges to `nobody`
        os.chmod(config, 0o644)
        result = subprocess.run(
            [str(VENV_BIN / "linkchecker"), "-f", str(config), "--no-status", "-o", "csv", *start_urls],
            capture_output=True, text=True, cwd=tmp,
        )
        if result.returncode not in (0, 1):  # 1 means "found errors"; anything else is a failed run
            return [Problem(start_urls[0], 0, f"linkchecker failed ({result.returncode}): {result.stderr[-2000:]}")]
        rows = [line for line in result.stdout.splitlines() if not line.startswith("#")]
        problems = []
        for row in csv.DictReader(rows, delimiter=";"):
            valid = row.get("valid", "").strip().lower() in ("true", "1")
            if valid:
                continue
            parent = row.get("parentname") or ""
            page = site_dir / urlsplit(parent).path.lstrip("/")
            if page.is_dir() or parent.endswith("/"):
                page = page / "index.html"
            # The Markdown line holding the link when it is found, else the built page's HTML line.
            markdown = source_of(site_dir, page, docs_dir) if page.is_file() else page
            md_line = line_containing(markdown, row.get("urlname") or "")
            source, line = (markdown, md_line) if md_line else (page, int(row.get("line") or 0))
            problems.append(Problem(source, line,
                                    f"broken link {row.get('urlname')} -> {row.get('result')}"
                                    + f" (on {parent})"))
        return problems


# --- Content-Security-Policy (deploy/nginx.conf, hooks/csp_hashes.py) ------------------------------

INLINE_HANDLER = re.compile(r"""<[a-z][^>]*?\s(on[a-z]+)\s*=|\s(?:href|src|action|formaction)\s*=\s*["']?\s*(javascript):""",
                            re.I)


def check_csp(site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """Every inline script of every built page is allowed by a hash in the build's csp.conf, and no
    page has what a hash cannot allow: inline event handlers (onclick=…) and javascript: URLs."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from csp_hashes import SCRIPT, inline_script_hashes

    conf = site_dir / "csp.conf"
    if not conf.is_file():
        return [Problem(conf, 1, "no csp.conf: hooks/csp_hashes.py did not run")]
    allowed = set(re.findall(r"'sha256-[^']+'", conf.read_text(encoding="utf-8")))
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        source = source_of(site_dir, path, docs_dir)
        for digest in inline_script_hashes(text):
            if digest not in allowed:
                problems.append(Problem(source, 1, f"{path.relative_to(site_dir)}: inline script {digest} "
                                                   "is not allowed by csp.conf"))
        for match in INLINE_HANDLER.finditer(SCRIPT.sub("", text)):
            what = match.group(1) or match.group(2)
            problems.append(Problem(source, line_containing(source, f"{what}=", f"{what}:") or 1,
                                    f"{path.relative_to(site_dir)}: inline '{what}' cannot be allowed by a CSP hash"))
    return problems


def check_parser_blocking_scripts(site_dir: Path) -> list[Problem]:
    """No built page loads a script file that stops the HTML parser: every `<script src>` is
    `defer` or `async` (overrides/main.html), so the browser can paint before any script runs."""
    tag = re.compile(r"<script\b[^>]*\bsrc\s*=[^>]*>", re.I)
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in tag.finditer(text):
            if not re.search(r"\s(defer|async)(\s|=|>|/)", match.group(0), re.I):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(Problem(path, line, f"script blocks the parser (no defer or async): {match.group(0)}"))
    return problems
