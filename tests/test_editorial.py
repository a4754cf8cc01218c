"""Reader-first writing (issue 15), checked in the Markdown sources, each finding with its file
and line: the source notes are mentioned on the About pages only; English prose holds no Chinese
outside code and elements marked lang="zh"; one term per concept (data/terminology.yml); no
"Common pitfall" label."""

import pytest

from support.checks import ROOT, report
from support.editorial import CHECKS, NOTES_ALLOWED

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


@pytest.fixture(scope="module")
def problems_by_check():
    return {name: check(DOCS) for name, check in CHECKS.items()}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("page", PAGES)
def test_page_follows_editorial_rules(page, check, problems_by_check):
    problems = [p for p in problems_by_check[check] if str(p).startswith(f"docs/{page}:")]
    assert not problems, report(problems)


def test_notes_allow_list_gives_reasons():
    assert all(reason.strip() for reason in NOTES_ALLOWED.values())
