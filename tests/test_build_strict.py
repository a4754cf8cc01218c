"""The site builds with the real MkDocs in strict mode: links, anchors, nav and files validated."""

from opskb.project import ROOT
from support.built_site import check_build_log
from support.problems import report


def test_strict_build_succeeds_without_warnings(build):
    site, result = build
    problems = check_build_log(result.stderr, ROOT)
    assert not problems, report(problems)
    assert result.returncode == 0, result.stderr[-4000:]


def test_every_page_is_built_in_both_languages(site):
    for lang_root, prefix in ((ROOT / "docs" / "zh", ""), (ROOT / "docs" / "en", "en/")):
        for md in lang_root.rglob("*.md"):
            rel = md.relative_to(lang_root).as_posix()[:-3]
            rel = rel[: -len("index")] if rel.endswith("index") else rel + "/"
            built = site / prefix / rel / "index.html"
            assert built.is_file(), f"{md.relative_to(ROOT)}:1: not built to {built.relative_to(site)}"
