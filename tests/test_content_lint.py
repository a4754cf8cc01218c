"""Writing rules: Chinese copywriting, a language on every fence, shell blocks that parse and
pass ShellCheck (exceptions written beside the block with their reason)."""

import pytest

from opskb.project import ROOT
from support.problems import report
from support.sources import check_bash_syntax, check_copywriting, check_fence_languages, check_shellcheck

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
CHECKS = {
    "copywriting": check_copywriting,
    "fence-language": check_fence_languages,
    "bash-syntax": check_bash_syntax,
    "shellcheck": check_shellcheck,
}


@pytest.fixture(scope="module")
def problems_by_check():
    return {name: check(DOCS) for name, check in CHECKS.items()}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("page", PAGES)
def test_page_follows_writing_rules(page, check, problems_by_check):
    problems = [p for p in problems_by_check[check] if str(p).startswith(f"docs/{page}:")]
    assert not problems, report(problems)
