"""Every chapter page states its version baseline: valid front matter with known product ids
and a YYYY-MM review month; the same versions, review month and `kept` reasons in zh and en, the
capture environment translated on zh pages; no listed version past its end of life without a
`kept` reason; rendered under the page title in the page's language as one line with the
environment on demand. scripts/freshness runs and its report is printed at the end of the run."""

from __future__ import annotations

import datetime as dt
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


@pytest.fixture(scope="module")
def environment_problems():
    return baseline.check_environment_translated(DOCS)


@pytest.fixture(scope="module")
def end_of_life_problems():
    return baseline.check_end_of_life_kept(DOCS, dt.date.today())


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


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("zh/")])
def test_zh_capture_environment_is_translated(page, environment_problems):
    problems = [p for p in environment_problems if str(p).startswith(f"docs/{page}:")]
    assert not problems, report(problems)


@pytest.mark.parametrize("page", PAGES)
def test_versions_past_end_of_life_stay_only_with_a_reason(page, end_of_life_problems):
    """Measured against today: a page that passed yesterday fails on the day a version it lists
    reaches its end of life (data/end-of-life.yml), until the page moves on or says why not."""
    problems = [p for p in end_of_life_problems if str(p).startswith(f"docs/{page}:")]
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
ENVIRONMENT = {"en": "Debian 12 (bookworm): nginx 1.22.1", "zh": "Debian 12（bookworm）软件包：nginx 1.22.1"}
FIXTURE_ZH = FIXTURE_BASELINE.replace(ENVIRONMENT["en"], ENVIRONMENT["zh"])
FIXTURE_NO_OUTPUT = FIXTURE_BASELINE.replace(f'"{ENVIRONMENT["en"]}"', "none")
# The line every page shows, and the environment's label (pages with captured output only).
EXPECTED = {"zh": ["适用于", "审阅", "2026 年 12 月"], "en": ["Applies to", "reviewed", "December 2026"]}
ENVIRONMENT_LABEL = {"zh": "输出采集环境", "en": "Outputs captured on"}
# One line after the title: a <details> (the environment on demand) or, without captured output,
# a paragraph.
BLOCK = re.compile(
    r'</h1>\s*<(?P<tag>details|p) class="opskb-baseline"[^>]*data-search-exclude[^>]*>(?P<block>.*?)</(?P=tag)>',
    re.S,
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
        "zh/linux/index.md": FIXTURE_ZH + "# Linux 系统管理\n\n[启动](boot.md)\n",
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
    assert match, f"{prefix}linux/index.html: no baseline line right after the <h1>"
    assert match["tag"] == "details", f"{prefix}linux/index.html: the environment is not behind a <details>"
    block = match["block"]
    summary = re.search(r"<summary>(.*?)</summary>", block, re.S)
    assert summary, f"{prefix}linux/index.html: no <summary> in the baseline block:\n{block}"
    for text in EXPECTED[lang]:
        assert text in summary[1], f"{prefix}linux/index.html: {text!r} missing from the baseline line:\n{block}"
    other = "en" if lang == "zh" else "zh"
    for text in [*EXPECTED[other], ENVIRONMENT_LABEL[other]]:
        assert text not in block, f"{prefix}linux/index.html: the {other} wording {text!r} in a {lang} page"
    # Display names from data/end-of-life.yml, every release line; the environment as the page's
    # language writes it, after the summary.
    for text in ("Kubernetes 1.35", "nginx 1.28 / 1.30", "Docker Engine 29", '<time datetime="2026-12">'):
        assert text in summary[1], f"{prefix}linux/index.html: {text!r} missing from the baseline line:\n{block}"
    details = block[summary.end() :]
    for text in (ENVIRONMENT_LABEL[lang], ENVIRONMENT[lang]):
        assert text in details, f"{prefix}linux/index.html: {text!r} missing from the baseline details:\n{block}"


@pytest.mark.parametrize("lang,prefix", [("zh", ""), ("en", "en/")])
def test_baseline_without_captured_output_has_no_environment(fixture_site, lang, prefix):
    html = (fixture_site / prefix / "linux" / "boot" / "index.html").read_text(encoding="utf-8")
    match = BLOCK.search(html)
    assert match, f"{prefix}linux/boot/index.html: no baseline line right after the <h1>"
    assert match["tag"] == "p", f"{prefix}linux/boot/index.html: nothing to disclose, yet a <{match['tag']}>"
    for text in (ENVIRONMENT_LABEL[lang], "none", "无"):
        assert text not in match["block"], f"{prefix}linux/boot/index.html: {text!r} in the baseline line"
    assert EXPECTED[lang][0] in match["block"], match["block"]


def test_baseline_is_kept_out_of_the_search_index(fixture_site):
    for prefix, lang in (("", "zh"), ("en/", "en")):
        index = (fixture_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8")
        for text in (EXPECTED[lang][0], ENVIRONMENT_LABEL[lang]):
            assert text not in index, f"{prefix}search/search_index.json: {text!r} from the baseline is indexed"


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
