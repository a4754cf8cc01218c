"""The examples marked `<!-- exec -->` run, and print exactly the output their page shows."""

import pytest

from support.checks import ROOT, report
from support.examples import run_examples
from support.markdown import Document

DOCS = ROOT / "docs"
PAGES = sorted(
    p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if "<!-- exec -->" in p.read_text(encoding="utf-8")
)


def test_some_examples_are_executed():
    assert PAGES, "no page has an <!-- exec --> example"


@pytest.mark.parametrize("page", PAGES)
def test_examples_print_what_the_page_shows(page):
    problems = run_examples(Document(DOCS / page))
    assert not problems, report(problems)
