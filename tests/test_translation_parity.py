"""zh and en say the same thing: same pages, heading ids, code blocks, tabs, diagrams, nav titles."""

import pytest

from opskb.project import ROOT
from support.problems import report
from support.sources import check_heading_ids, check_nav_translations, check_translation_parity

DOCS = ROOT / "docs"
PAGES = sorted({p.relative_to(DOCS / lang).as_posix() for lang in ("zh", "en") for p in (DOCS / lang).rglob("*.md")})


def _about(page: str, problems):
    return [p for p in problems if str(p).split(":", 1)[0].endswith(f"/{page}")]


@pytest.fixture(scope="module")
def parity_problems():
    return check_translation_parity(DOCS)


@pytest.fixture(scope="module")
def heading_problems():
    return check_heading_ids(DOCS)


@pytest.mark.parametrize("page", PAGES)
def test_page_has_same_structure_in_both_languages(page, parity_problems):
    problems = _about(page, parity_problems)
    assert not problems, report(problems)


@pytest.mark.parametrize("page", PAGES)
def test_headings_have_explicit_unique_ids(page, heading_problems):
    problems = _about(page, heading_problems)
    assert not problems, report(problems)


def test_nav_titles_are_translated():
    problems = check_nav_translations(ROOT / "mkdocs.yml")
    assert not problems, report(problems)
