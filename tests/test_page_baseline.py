"""Every chapter page states its version baseline: valid front matter with known
product ids and a YYYY-MM review month, the same in zh and en, rendered under the page title in
the page's language; scripts/freshness runs and its report is printed at the end of the run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from opskb.build import build_site
from opskb.markdown import front_matter
from opskb.plugins.content import baselines
from opskb.project import DOCS, ROOT, chapter_pages, language_codes
from support import baseline
from support.problems import report

PAGES = [p.relative_to(DOCS).as_posix() for lang in language_codes() for p in chapter_pages(DOCS, lang)]


@pytest.fixture(scope="module")
def baseline_problems():
    return baseline.check_page_baselines(DOCS)


@pytest.fixture(scope="module")
def parity_problems():
    return baseline.check_baseline_parity(DOCS)


def test_there_are_chapter_pages():
    assert len(PAGES) >= 2 * 60, f"only {len(PAGES)} chapter pages found"


@pytest.mark.parametrize("page", PAGES)
def test_chapter_page_has_valid_baseline(page, baseline_problems):
    problems = [p for p in baseline_problems if str(p).startswith(f"docs/{page}:")]
    assert not problems, report(problems)


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("en/")])
def test_zh_and_en_state_the_same_baseline(page, parity_problems):
    problems = [p for p in parity_problems if str(p).startswith(f"docs/{page}:")]
    assert not problems, report(problems)


# --- Rendering ------------------------------------------------------------------------------------

FIXTURE_BASELINE = """---
baseline:
  versions:
    kubernetes: "1.35"
    nginx: ["1.28", "1.30"]
    docker-engine: "29"
  environment: "Debian 12 (bookworm): nginx 1.22.1"
  reviewed: 2026-12
---
"""
FIXTURE_NO_OUTPUT = FIXTURE_BASELINE.replace('"Debian 12 (bookworm): nginx 1.22.1"', "none")
EXPECTED = {
    "zh": ["适用于", "输出采集环境", "最近审阅", "2026 年 12 月"],
    "en": ["Applies to", "Outputs captured on", "Last reviewed", "December 2026"],
}
BLOCK = re.compile(
    r'</h1>\s*<div class="opskb-baseline"[^>]*data-search-exclude[^>]*>(?P<block><dl>.*?</dl>)</div>', re.S
)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    """A small copy of the project whose linux chapter has pages with a baseline, built strictly."""
    project = tmp_path_factory.mktemp("baseline-project")
    for name in ("overrides", "scripts", "includes", "data", "docs/assets"):
        shutil.copytree(ROOT / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", encoding="utf-8")
    pages = {
        "zh/index.md": "# 首页\n\n[Linux](linux/index.md)\n",
        "en/index.md": "# Home\n\n[Linux](linux/index.md)\n",
        "zh/linux/index.md": FIXTURE_BASELINE + "# Linux 系统管理\n\n[启动](boot.md)\n",
        "en/linux/index.md": FIXTURE_BASELINE + "# Linux administration\n\n[Boot](boot.md)\n",
        "zh/linux/boot.md": FIXTURE_NO_OUTPUT + "# 启动流程\n\n正文。\n",
        "en/linux/boot.md": FIXTURE_NO_OUTPUT + "# The boot sequence\n\nText.\n",
    }
    for rel, text in pages.items():
        path = project / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site = project / "site"
    result = build_site(project, site, strict=True)
    assert result.returncode == 0, f"the fixture site does not build strictly:\n{result.stderr[-3000:]}"
    return site


@pytest.mark.parametrize("lang,prefix", [("zh", ""), ("en", "en/")])
def test_baseline_renders_under_the_title_in_the_page_language(fixture_site, lang, prefix):
    html = (fixture_site / prefix / "linux" / "index.html").read_text(encoding="utf-8")
    match = BLOCK.search(html)
    assert match, f"{prefix}linux/index.html: no baseline block right after the <h1>"
    block = match["block"]
    for text in EXPECTED[lang]:
        assert text in block, f"{prefix}linux/index.html: {text!r} missing from the baseline block:\n{block}"
    other = "en" if lang == "zh" else "zh"
    for text in EXPECTED[other]:
        assert text not in block, f"{prefix}linux/index.html: the {other} label {text!r} in a {lang} page"
    # Display names from data/end-of-life.yml, every release line, the environment as written.
    for text in (
        "Kubernetes 1.35",
        "nginx 1.28 / 1.30",
        "Docker Engine 29",
        "Debian 12 (bookworm): nginx 1.22.1",
        '<time datetime="2026-12">',
    ):
        assert text in block, f"{prefix}linux/index.html: {text!r} missing from the baseline block:\n{block}"


@pytest.mark.parametrize(
    "lang,prefix,text",
    [("zh", "", "无（本页没有采集的输出）"), ("en", "en/", "none (no captured output on this page)")],
)
def test_baseline_without_captured_output_says_so(fixture_site, lang, prefix, text):
    html = (fixture_site / prefix / "linux" / "boot" / "index.html").read_text(encoding="utf-8")
    match = BLOCK.search(html)
    assert match and text in match["block"], f"{prefix}linux/boot/index.html: expected {text!r} in the baseline block"


def test_baseline_is_kept_out_of_the_search_index(fixture_site):
    index = (fixture_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Outputs captured on" not in index


def test_built_chapter_pages_show_their_baseline(site):
    """On the real site, every chapter page with a valid baseline shows it (pages without one
    are reported by test_chapter_page_has_valid_baseline)."""
    missing = []
    for page in PAGES:
        data, _ = front_matter(DOCS / page)
        if not data or not isinstance(data.get("baseline"), dict) or baselines.problems(data["baseline"]):
            continue
        lang, rel = page.split("/", 1)
        built = site / ("" if lang == "zh" else "en") / (rel[:-3].removesuffix("index")) / "index.html"
        match = BLOCK.search(built.read_text(encoding="utf-8"))
        if not match or EXPECTED[lang][0] not in match["block"]:
            missing.append(f"docs/{page}:1: the built page {built.relative_to(site)} shows no {lang} baseline")
    assert not missing, "\n".join(missing)


# --- scripts/freshness ------------------------------------------------------------------------------


def test_freshness_report_runs():
    """The report is printed at the end of the run (tests/conftest.py); dates are not asserted."""
    # The command itself (it sources scripts/setup like the others), not only its Python part.
    result = subprocess.run(
        [str(ROOT / "scripts" / "freshness")], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Pages by last review" in result.stdout and "past their end of life" in result.stdout, result.stdout
    baseline.FRESHNESS_REPORT[:] = result.stdout.splitlines()


def test_freshness_flags_versions_past_end_of_life(tmp_path):
    for lang in ("zh", "en"):
        page = tmp_path / lang / "linux" / "boot.md"
        page.parent.mkdir(parents=True)
        page.write_text(
            '---\nbaseline:\n  versions:\n    centos: "7"\n    debian: "12"\n  environment: none\n'
            "  reviewed: 2025-01\n---\n# Boot\n",
            encoding="utf-8",
        )
    result = subprocess.run(
        [sys.executable, "-m", "opskb.freshness", "--docs", str(tmp_path), "--today", "2026-12-04"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "linux/boot.md: CentOS 7: end of life 2024-06-30" in result.stdout, result.stdout
    assert "Debian 12: regular support ended 2026-06-10" in result.stdout, result.stdout
    assert re.search(r"2025-01\s+2025-01\s+23 mo\s+linux/boot.md", result.stdout), result.stdout
