"""The suite tests itself: plant each kind of fault in a copy of the project and check that the
check responsible reports it, naming the file and the line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from opskb.build import build_site
from opskb.localserver import free_port, serve
from opskb.markdown import Document
from opskb.project import ROOT
from support import baseline, built_site, editorial, machine, sources
from support.axe import FULL_RUN, axe_problems, run_axe
from support.examples import run_examples
from support.problems import report
from support.small_project import copy_small_project


@dataclass
class Fault:
    name: str
    file: str  # relative to docs/
    text: str  # appended to the file (a new file when it does not exist)
    checks: tuple[str, ...]  # the checks that must each report it
    expect: str  # a substring of the report
    line_offset: int = 0  # line of `text` where the report must point
    setup: tuple[tuple[str, str], ...] = ()  # other files (relative to docs/) written first, as they are


PLANTED_BASELINE = """---
baseline:
  versions:
    bash: "5.2"
  environment: none
  reviewed: 2026-12
---
"""

FAULTS = [
    Fault("broken link", "zh/about/index.md", "[坏链接](no-such-page.md)\n", ("build", "linkchecker"), "no-such-page"),
    Fault(
        "broken anchor",
        "en/about/index.md",
        "[bad anchor](writing-showcase.md#no-such-section)\n",
        ("build", "anchors"),
        "no-such-section",
    ),
    Fault("missing translation", "zh/about/only-in-chinese.md", "# 只有中文\n", ("parity",), "no en translation"),
    Fault(
        "heading without id",
        "en/about/writing-showcase.md",
        "\n## A heading without an id\n",
        ("headings",),
        "has no explicit {#id}",
        1,
    ),
    # bash reports the unexpected end of file where the block ends: the closing fence.
    Fault(
        "bash syntax error",
        "zh/about/writing-showcase.md",
        "\n```bash\nif true; then\n  echo unfinished\n```\n",
        ("bash",),
        "bash -n",
        4,
    ),
    Fault(
        "shellcheck finding",
        "en/about/writing-showcase.md",
        "\n```bash\nrm -rf $TARGET_DIR/*\n```\n",
        ("shellcheck",),
        "SC2115",
        2,
    ),
    Fault("fence without language", "zh/about/index.md", "\n```\nuname -r\n```\n", ("fences",), "no language", 1),
    Fault(
        "wrong output",
        "en/about/index.md",
        '\n<!-- exec -->\n```bash\necho $((6 * 7))\n```\n\n```text title="Output"\n41\n```\n',
        ("examples",),
        "shown output differs",
        6,
    ),
    Fault(
        "Chinese copywriting",
        "zh/about/index.md",
        "\n使用Nginx的80端口,然后重启。\n",
        ("copywriting",),
        "copywriting",
        1,
    ),
    Fault(
        "CDN URL",
        "en/about/index.md",
        '\n<script src="https://cdn.jsdelivr.net/npm/foo@1/foo.min.js"></script>\n',
        ("third-party",),
        "cdn.jsdelivr.net",
        1,
    ),
    # The class of fault behind "ping was installed by hand": the planted copy's package list
    # (scripts/debian-packages.txt) lacks iputils-ping, and an example calls ping.
    Fault(
        "program not installed by setup",
        "zh/about/index.md",
        "\n<!-- exec -->\n```bash\nsleep 0\nping -c 1 -W 1 127.0.0.1 > /dev/null || true\n```\n",
        ("installed-commands",),
        "scripts/debian-packages.txt does not list",
        4,
    ),
    Fault(
        "inline event handler",
        "en/about/writing-showcase.md",
        '\n<button onclick="alert(1)">Click</button>\n',
        ("csp",),
        "inline 'onclick'",
        1,
    ),
    Fault(
        "low contrast",
        "zh/about/index.md",
        '\n<span style="color: #c8c8c8">对比度不足的提示文字</span>\n',
        ("axe",),
        "color-contrast",
        1,
    ),
    Fault(
        "zh page links into en",
        "zh/about/writing-showcase.md",
        "\n[English version](../../en/about/)\n",
        ("build", "cross-language"),
        "en/about/",
        1,
    ),
    # Chapter pages (planted in a chapter folder: the baseline is required there only).
    Fault(
        "missing baseline",
        "zh/linux/planted-no-baseline.md",
        "# 没有版本基线\n",
        ("baseline",),
        "no `baseline:` front matter",
    ),
    Fault(
        "baseline zh/en disagreement",
        "en/shell/planted-baseline.md",
        PLANTED_BASELINE.replace("2026-12", "2026-11") + "# Planted\n",
        ("baseline-parity",),
        "zh and en must state the same baseline",
        5,
        setup=(("zh/shell/planted-baseline.md", PLANTED_BASELINE + "# 植入\n"),),
    ),
    Fault(
        "unknown product id in baseline",
        "en/docker/planted-bad-product.md",
        PLANTED_BASELINE.replace("bash:", "bashh:") + "# Planted\n",
        ("baseline",),
        "unknown product id 'bashh'",
        3,
    ),
    Fault(
        "notes mention outside About",
        "zh/linux/planted-notes.md",
        "# 植入\n\n原笔记里这一步写错了。\n",
        ("editorial-notes",),
        "mentions the source notes",
        2,
    ),
    Fault(
        "Chinese in English prose",
        "en/linux/planted-chinese.md",
        '# Planted\n\nThe `三过一` rule, <span lang="zh">三过一</span>, is what the 三过一 means.\n',
        ("editorial-chinese",),
        "'三过一'",
        2,
    ),
    Fault(
        "terminology variant",
        "zh/docker/planted-terms.md",
        "# 植入\n\n`Namespace` 与命名空间（namespace）都对，控制面板也对，但网络 namespace 不对。\n",
        ("editorial-terminology",),
        "terminology (Linux namespace): 'namespace'",
        2,
    ),
    Fault(
        "Common pitfall label",
        "en/docker/planted-pitfall.md",
        '# Planted\n\n!!! pitfall "Common pitfall: containers are small VMs"\n\n    They are processes.\n',
        ("editorial-pitfall",),
        "'Common pitfall' label",
        2,
    ),
]
# Reported against the built HTML page, not the Markdown line.
REPORTS_ON_BUILT_PAGE = {"third-party"}


@pytest.fixture(scope="module")
def planted(tmp_path_factory, browser):
    """A copy of the project with every fault planted; the reports of every check on it."""
    project = copy_small_project(tmp_path_factory.mktemp("faulty-project"))
    docs = project / "docs"

    locations: dict[str, tuple[Path, int]] = {}
    for fault in FAULTS:
        for rel, text in fault.setup:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(text, encoding="utf-8")
    for fault in FAULTS:
        path = docs / fault.file
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        if before and not before.endswith("\n"):
            before += "\n"
        path.write_text(before + fault.text, encoding="utf-8")
        locations[fault.name] = (path, len(before.splitlines()) + 1 + (fault.line_offset or 0))

    (project / "scripts").mkdir(exist_ok=True)
    package_list = (ROOT / "scripts" / "debian-packages.txt").read_text(encoding="utf-8")
    (project / "scripts" / "debian-packages.txt").write_text(
        package_list.replace("\niputils-ping ", "\n# "), encoding="utf-8"
    )
    packages = machine.setup_packages(project / "scripts" / "debian-packages.txt")
    assert "iputils-ping" not in packages

    site = project / "site"
    port = free_port()
    build = build_site(project, site, strict=False, site_url=f"http://127.0.0.1:{port}/")
    assert build.returncode == 0, build.stderr[-3000:]
    server, url = serve(site, port)
    try:
        reports = {
            "build": built_site.check_build_log(build.stderr, project),
            "linkchecker": built_site.run_linkchecker([url, f"{url}en/"], site, docs),
            "anchors": built_site.check_anchors(site, docs),
            "parity": sources.check_translation_parity(docs),
            "headings": sources.check_heading_ids(docs),
            "bash": sources.check_bash_syntax(docs),
            "shellcheck": sources.check_shellcheck(docs),
            "fences": sources.check_fence_languages(docs),
            "examples": [
                p for f in FAULTS if "examples" in f.checks for p in run_examples(Document(docs / f.file)).problems
            ],
            "installed-commands": [
                p
                for f in FAULTS
                if "installed-commands" in f.checks
                for p in machine.check_traced_programs(run_examples(Document(docs / f.file)).programs, packages)
            ],
            "copywriting": sources.check_copywriting(docs),
            "third-party": built_site.check_third_party_urls(site, docs),
            "cross-language": built_site.check_cross_language_links(site, docs),
            "baseline": baseline.check_page_baselines(docs),
            "baseline-parity": baseline.check_baseline_parity(docs),
            "editorial-notes": editorial.check_notes_mentions(docs),
            "editorial-chinese": editorial.check_chinese_in_english(docs),
            "editorial-terminology": editorial.check_terminology(docs),
            "editorial-pitfall": editorial.check_pitfall_labels(docs),
            "csp": built_site.check_csp(site, docs),
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
        source = built_site.source_of(site, site / "about" / "index.html", docs)
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
    assert found, f"{check} did not report the {fault.name}:\n" + report(reports[check])
    if check in REPORTS_ON_BUILT_PAGE:
        built = {Path(p.path).name for p in found} | {
            m for p in found for m in re.findall(r"[\w/.-]+\.(?:md|html)", p.message)
        }
        assert built & {path.name, "index.html"}, report(found)
        return
    at_fault = [p for p in found if Path(p.path) == path and p.line == line]
    assert at_fault, f"expected a report at {path}:{line}:\n" + report(found)


def test_diagram_syntax_error_fails_the_build_at_its_line(tmp_path):
    """The diagrams plugin: a diagram Mermaid cannot parse stops the build and names file:line."""
    project = copy_small_project(tmp_path / "project")
    page = project / "docs/zh/about/index.md"
    before = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
    diagram = (
        "\n```mermaid\nsequenceDiagram\n    accTitle: 坏图\n    accDescr: 箭头写错的时序图\n"
        "    客户端 ->>> 服务端: SYN\n```\n"
    )
    page.write_text(before + diagram, encoding="utf-8")
    broken_line = len(before.splitlines()) + 6  # blank, fence, type, accTitle, accDescr, the arrow
    build = build_site(project, tmp_path / "site", strict=False)
    assert build.returncode != 0, "a diagram with a syntax error did not fail the build"
    expected = f"docs/zh/about/index.md:{broken_line}:"
    assert expected in build.stderr, f"expected a report at {expected}:\n{build.stderr[-3000:]}"


@pytest.mark.parametrize(
    "plugin,anchor,where,rule",
    [
        ("opskb/content", "print-site", "after", "'opskb/content' must come first"),
        ("offline", "i18n", "before", "'i18n' must come first"),
    ],
)
def test_a_plugin_out_of_its_place_stops_the_build_naming_the_rule(tmp_path, plugin, anchor, where, rule):
    """opskb/pipeline.py: mkdocs.yml listing the plugins in a wrong order fails the build, naming the rule."""
    project = copy_small_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")

    def entry(name: str, text: str) -> re.Match:
        found = re.search(rf"(?m)^  - {re.escape(name)}(?::\n(?:(?:    .*)?\n)*|\n)", text)
        assert found, f"{name} not found in mkdocs.yml"
        return found

    moved = entry(plugin, text)
    text = text[: moved.start()] + text[moved.end() :]
    target = entry(anchor, text)
    at = target.end() if where == "after" else target.start()
    config.write_text(text[:at] + moved.group(0) + text[at:], encoding="utf-8")
    build = build_site(project, tmp_path / "site", strict=False)
    assert build.returncode != 0, f"moving {plugin} {where} {anchor} did not stop the build"
    assert rule in build.stderr, build.stderr[-3000:]
