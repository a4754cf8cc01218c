"""The examples marked `<!-- exec -->` run, and print exactly the output their page shows."""

import pytest

from support.examples import EXAMPLE_PAGES
from support.problems import report


def test_some_examples_are_executed():
    assert EXAMPLE_PAGES, "no page has an <!-- exec --> example"


@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_examples_print_what_the_page_shows(page, example_runs):
    run = example_runs[page]
    if run.skipped:
        pytest.skip(run.skipped)
    assert not run.problems, report(run.problems)
