"""The suite tests itself: plant each kind of fault in a copy of the project and check that the
check responsible reports it, naming the file and the line."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import free_port, serve
from support import checks
from support.axe import FULL_RUN, axe_problems, run_axe
from support.examples import run_examples
from support.markdown import Document

COPIED = ["overrides", "hooks", "includes", "docs/assets", "docs/zh/about", "docs/en/about"]


@dataclass
class Fault:
    name: str
    file: str  # relative to docs/
    text: str  # appended to the file (a new file when it does not exist)
    checks: tuple[str, ...]  # the checks that must each report it
    expect: str  # a substring of the report
    line_offset: int = 0  # line of `text` where the report must point


FAULTS = [
    Fault("broken link", "zh/about/index.md", "[坏链接](no-such-page.md)\n", ("build", "linkchecker"), "no-such-page"),
    Fault("broken anchor", "en/about/index.md", "[bad anchor](writing-showcase.md#no-such-section)\n",
          ("build", "anchors"), "no-such-section"),
    Fault("missing translation", "zh/about/only-in-chinese.md", "# 只有中文\n", ("parity",), "no en translation"),
    Fault("heading without id", "en/about/writing-showcase.md", "\n## A heading without an id\n",
          ("headings",), "has no explicit {#id}", 1),
    # bash reports the unexpected end of file where the block ends: the closing fence.
    Fault("bash syntax error", "zh/about/writing-showcase.md", "\n```bash\nif true; then\n  echo unfinished\n```\n",
          ("bash",), "bash -n", 4),
    Fault("shellcheck finding", "en/about/writing-showcase.md", "\n```bash\nrm -rf $TARGET_DIR/*\n```\n",
          ("shellcheck",), "SC2115", 2),
    Fault("fence without language", "zh/about/index.md", "\n```\nuname -r\n```\n", ("fences",), "no language", 1),
    Fault("wrong output", "en/about/index.md",
          '\n<!-- exec -->\n```bash\necho $((6 * 7))\n```\n\n```text title="Output"\n41\n```\n',
          ("examples",), "shown output differs", 6),
    Fault("Chinese copywriting", "zh/about/index.md", "\n使用Nginx的80端口,然后重启。\n", ("copywriting",),
          "copywriting", 1),
    Fault("CDN URL", "en/about/index.md", '\n<script src="https://cdn.jsdelivr.net/npm/foo@1/foo.min.js"></script>\n',
          ("third-party",), "cdn.jsdelivr.net", 1),
    Fault("inline event handler", "en/about/writing-showcase.md", '\n<button onclick="alert(1)">Click</button>\n',
          ("csp",), "inline 'onclick'", 1),
    Fault("low contrast", "zh/about/index.md", '\n<span style="color: #c8c8c8">对比度不足的提示文字</span>\n',
          ("axe",), "color-contrast", 1),
    Fault("zh page links into en", "zh/about/writing-showcase.md", "\n[English version](../../en/about/)\n",
          ("build", "cross-language"), "en/about/", 1),
]
# Reported against the built HTML page, not the Markdown line.
REPORTS_ON_BUILT_PAGE = {"third-party"}


@pytest.fixture(scope="module")
def planted(tmp_path_factory, browser):
    """A copy of the project with every fault planted; the reports of every check on it."""
    project = tmp_path_factory.mktemp("faulty-project")
    for name in COPIED:
        source = checks.ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / name)
    (project / "node_modules").symlink_to(checks.ROOT / "node_modules")
    docs = project / "docs"
    # Only the About section is copied, to keep this build small; nav is generated from files.
    config = (checks.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", encoding="utf-8")
    (docs / "zh/index.md").write_text("# 首页\n\n[关于](about/index.md)\n", encoding="utf-8")
    (docs / "en/index.md").write_text("# Home\n\n[About](about/index.md)\n", encoding="utf-8")

    locations: dict[str, tuple[Path, int]] = {}
    for fault in FAULTS:
        path = docs / fault.file
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        if before and not before.endswith("\n"):
            before += "\n"
        path.write_text(before + fault.text, encoding="utf-8")
        locations[fault.name] = (path, len(before.splitlines()) + 1 + (fault.line_offset or 0))

    site = project / "site"
    port = free_port()
    build = checks.build_site(project, site, strict=False, site_url=f"http://127.0.0.1:{port}/")
    assert build.returncode == 0, build.stderr[-3000:]
    server, url = serve(site, port)
    try:
        reports = {
            "build": checks.check_build_log(build.stderr, project),
            "linkchecker": checks.run_linkchecker([url, f"{url}en/"], site, docs),
            "anchors": checks.check_anchors(site, docs),
            "parity": checks.check_translation_parity(docs),
            "headings": checks.check_heading_ids(docs),
            "bash": checks.check_bash_syntax(docs),
            "shellcheck": checks.check_shellcheck(docs),
            "fences": checks.check_fence_languages(docs),
            "examples": [p for f in FAULTS if "examples" in f.checks for p in run_examples(Document(docs / f.file))],
            "copywriting": checks.check_copywriting(docs),
            "third-party": checks.check_third_party_urls(site, docs),
            "cross-language": checks.check_cross_language_links(site, docs),
            "csp": checks.check_csp(site, docs),
            "axe": planted_axe(browser, url, site, docs),
        }
    finally:
        server.shutdown()
    return reports, locations, project


def planted_axe(browser, url: str, site: Path, docs: Path) -> list:
    """axe-core on the page with the planted accessibility fault, in the light scheme."""
    page = browser.new_page()
    try:
        page.goto(url + "about/")
        source = checks.source_of(site, site / "about" / "index.html", docs)
        return axe_problems(run_axe(page, FULL_RUN), "/about/", "light", source)
    finally:
        page.close()


@pytest.mark.parametrize(
    "fault,check", [(f, c) for f in FAULTS for c in f.checks], ids=[f"{f.name}-{c}" for f in FAULTS for c in f.checks]
)
def test_planted_fault_is_reported(fault, check, planted):
    reports, locations, project = planted
    path, line = locations[fault.name]
    found = [p for p in reports[check] if fault.expect in p.message]
    assert found, f"{check} did not report the {fault.name}:\n" + checks.report(reports[check])
    if check in REPORTS_ON_BUILT_PAGE:
        built = {Path(p.path).name for p in found} | {m for p in found for m in re.findall(r"[\w/.-]+\.(?:md|html)", p.message)}
        assert built & {path.name, "index.html"}, checks.report(found)
        return
    at_fault = [p for p in found if Path(p.path) == path and p.line == line]
    assert at_fault, f"expected a report at {path}:{line}:\n" + checks.report(found)
