"""Checks of the built site and of its build log: links and anchors, requests to other origins,
the CSP, scripts that block the parser."""

from __future__ import annotations

import csv
import functools
import html
import os
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from opskb.plugins.publish.csp import SCRIPT, inline_script_hashes
from opskb.project import ROOT, VENV_BIN, default_language, language_codes

from .problems import Problem, line_containing

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
    default = default_language().code
    return first if first in language_codes() and first != default else default


def source_of(site_dir: Path, path: Path, docs_dir: Path | None = None) -> Path:
    """The Markdown file a built page comes from (best effort; the HTML file otherwise)."""
    docs_dir = docs_dir or ROOT / "docs"
    rel = path.relative_to(site_dir).as_posix()
    lang = page_language(site_dir, path)
    if lang != default_language().code:
        rel = rel[len(lang) + 1 :]
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel[:-5]
    for candidate in (f"{stem}.md", f"{stem}/index.md" if stem else "index.md"):
        md = docs_dir / lang / candidate
        if md.is_file():
            return md
    return path


# What a browser loads: these attributes of these elements (anchors are navigations, not loads).
LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>(?:https?:)?//[^'")\s]+)""")
CDN_HOSTS = re.compile(
    r"(?:https?:)?//(?:[\w-]+\.)*(?:unpkg\.com|jsdelivr\.net|cdnjs\.cloudflare\.com|googleapis\.com|gstatic\.com|"
    r"google-analytics\.com|googletagmanager\.com|api\.github\.com|fonts\.[\w.]+|bootcdn\.net|staticfile\.org)[^\s'\"`)]*"
)
# URLs in third-party bundles that the browser never loads on this site, with the reason.
ALLOWED_SCRIPT_URLS = {
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": (
        "Material's fallback for a page with a `.mermaid` block; the build draws every diagram, so no page has one"
    ),
    "https://unpkg.com/resize-observer-polyfill": (
        "Material's polyfill, loaded only by browsers without ResizeObserver (none that Material supports)"
    ),
    "https://api.github.com/repos/": (
        "repository facts; overrides/partials/source.html removes the component that fetches them"
    ),
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
                        problems.append(
                            Problem(
                                path,
                                tag.sourceline or 1,
                                f'<{tag.name} {attribute}="{url}"> loads from another origin '
                                f"(source: {source_of(site_dir, path, docs_dir)})",
                            )
                        )
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
                problems.append(
                    Problem(
                        source,
                        line_containing(source, a["href"]) or a.sourceline or 1,
                        f"external link is not https: {a['href']} (in {path.relative_to(site_dir)})",
                    )
                )
    return problems


def check_cross_language_links(site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """zh pages never link into /en/ and en pages never into zh, except the language switcher."""
    problems = []
    others = [code for code in language_codes() if code != default_language().code]
    for path, a, target in internal_links(site_dir):
        if "md-select__link" in (a.get("class") or []) and a.get("hreflang"):
            continue  # the language switcher
        lang = page_language(site_dir, path)
        first = target.lstrip("/").split("/", 1)[0]
        target_lang = first if first in others else default_language().code
        if target.startswith(("/assets/", "/search/")) or target in ("/sitemap.xml",):
            continue
        if target_lang != lang:
            source = source_of(site_dir, path, docs_dir)
            line = line_containing(source, a["href"], target.strip("/")) or a.sourceline or 1
            problems.append(
                Problem(
                    source,
                    line,
                    f"{lang} page links into {target_lang}: {a['href']} (built page {path.relative_to(site_dir)})",
                )
            )
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
                problems.append(
                    Problem(
                        source, line, f"anchor #{fragment} not found on {target} (link {href!r} in built page {rel})"
                    )
                )
    return problems


def run_linkchecker(start_urls: list[str], site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """LinkChecker over the site served at `start_urls`: every internal URL answers."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "linkcheckerrc"
        # The server is local: no politeness delay (it also sends the `LinkChecker` header).
        config.write_text(
            "[checking]\nthreads=4\nmaxrequestspersecond=1000\n[filtering]\ncheckextern=0\n", encoding="utf-8"
        )
        os.chmod(tmp, 0o755)  # LinkChecker drops root privileges to `nobody`
        os.chmod(config, 0o644)
        result = subprocess.run(
            [str(VENV_BIN / "linkchecker"), "-f", str(config), "--no-status", "-o", "csv", *start_urls],
            capture_output=True,
            text=True,
            cwd=tmp,
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
            problems.append(
                Problem(source, line, f"broken link {row.get('urlname')} -> {row.get('result')}" + f" (on {parent})")
            )
        return problems


# --- Content-Security-Policy (deploy/nginx.conf, the opskb/publish plugin) ---------------------------

INLINE_HANDLER = re.compile(
    r"""<[a-z][^>]*?\s(on[a-z]+)\s*=|\s(?:href|src|action|formaction)\s*=\s*["']?\s*(javascript):""", re.I
)


def check_csp(site_dir: Path, docs_dir: Path | None = None) -> list[Problem]:
    """Every inline script of every built page is allowed by a hash in the build's csp.conf, and no
    page has what a hash cannot allow: inline event handlers (onclick=…) and javascript: URLs."""
    conf = site_dir / "csp.conf"
    if not conf.is_file():
        return [Problem(conf, 1, "no csp.conf: the opskb/publish plugin did not run")]
    allowed = set(re.findall(r"'sha256-[^']+'", conf.read_text(encoding="utf-8")))
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        source = source_of(site_dir, path, docs_dir)
        for digest in inline_script_hashes(text):
            if digest not in allowed:
                problems.append(
                    Problem(
                        source, 1, f"{path.relative_to(site_dir)}: inline script {digest} is not allowed by csp.conf"
                    )
                )
        for match in INLINE_HANDLER.finditer(SCRIPT.sub("", text)):
            what = match.group(1) or match.group(2)
            problems.append(
                Problem(
                    source,
                    line_containing(source, f"{what}=", f"{what}:") or 1,
                    f"{path.relative_to(site_dir)}: inline '{what}' cannot be allowed by a CSP hash",
                )
            )
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
