"""What every built page costs while it starts, checked on the build (figures that do not depend
on the machine; scripts/bench measures the times): no script file stops the HTML parser, and
Material's palette stylesheet has lost the rule that restyled every element as a page started
(opskb/plugins/publish/palette.py). That the search index waits for the first search is checked in
Chromium, in tests/test_search.py."""

from __future__ import annotations

import re

from opskb.plugins.publish.palette import SWITCHING_RULE
from support.built_site import check_parser_blocking_scripts
from support.problems import Problem, report


def test_no_page_has_a_script_that_blocks_the_parser(site):
    problems = check_parser_blocking_scripts(site)
    assert not problems, report(problems)


def test_parser_blocking_script_is_reported_with_page_and_line(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<html>\n<script defer src="a.js"></script>\n<script src="b.js"></script>\n</html>\n')
    assert [(p.line, "b.js" in p.message) for p in check_parser_blocking_scripts(tmp_path)] == [(3, True)]


def test_pages_load_the_palette_stylesheet_without_the_switching_rule(site):
    stylesheets = site / "assets" / "stylesheets"
    palettes = sorted(p.name for p in stylesheets.glob("palette.*css"))
    assert len(palettes) == 1 and re.fullmatch(r"palette\.[0-9a-f]{8}\.css", palettes[0]), (
        f"expected Material's palette once, rewritten and fingerprinted as palette.<hash>.css: {palettes}"
    )
    css = (stylesheets / palettes[0]).read_text(encoding="utf-8")
    assert "data-md-color-switching" not in css, f"{palettes[0]} still restyles every element on each page start"
    assert SWITCHING_RULE not in css
    # Every colour the palette defines is still there (the edit took one rule out, nothing else).
    assert css.count("[data-md-color-primary=") > 40 and css.count("[data-md-color-accent=") > 20
    problems = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"assets/stylesheets/(palette\.[^\"']+)", text):
            if match.group(1) != palettes[0]:
                problems.append(
                    Problem(path, text.count("\n", 0, match.start()) + 1, f"loads {match.group(1)}, not {palettes[0]}")
                )
    assert not problems, report(problems)
