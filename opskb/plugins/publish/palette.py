"""Material's palette stylesheet without the rule that restyles every element on every page load.

With a light/dark toggle, Material's bundle marks `<body>` with `data-md-color-switching`
whenever it applies a palette, including the first time, as every page starts, and removes the
mark a moment later. Its `palette.css` has one rule for that mark:
`[data-md-color-switching] *, … :before, … :after { transition-duration: 0s !important }`, so
that a switch repaints at once instead of fading. Because it matches every element under
`<body>`, setting and removing the mark makes the browser restyle the whole page twice while the
page starts; Material reads the header's computed style in between, which forces the first of
those restyles inside its start-up task. On the text page that was the largest share of the
blocking time that the site has and plain Material has not (design/performance.md).

Each page is pointed at `assets/stylesheets/palette.css` instead of Material's
`palette.<hash>.min.css`; after the whole build that file is written, Material's stylesheet
without the rule, and Material's is removed. The fingerprint step then gives it a hashed name
like the site's other own assets, so browsers never keep Material's copy under the
new content. What a reader loses: when they flip the toggle, links and bars fade to the new
colours over Material's usual transition (a quarter of a second) instead of switching at once.
The build fails if the rule is not found exactly once, so that a Material upgrade that changes it
is looked at, not missed.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

MATERIAL_PALETTE = re.compile(r"assets/stylesheets/palette\.[0-9a-f]{8}\.min\.css")
PALETTE = "assets/stylesheets/palette.css"  # fingerprinted afterwards (fingerprints.py)
SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)


def point_at_palette(output: str) -> str:
    return MATERIAL_PALETTE.sub(PALETTE, output)


def write_palette_stylesheet(site: Path) -> None:
    originals = sorted(
        p
        for p in site.glob("assets/stylesheets/palette.*.min.css")
        if MATERIAL_PALETTE.fullmatch(p.relative_to(site).as_posix())
    )
    if not originals:  # no palette configured: Material ships none, and no page names one
        return
    if len(originals) != 1:
        raise PluginError(f"palette_stylesheet: expected one palette stylesheet, found {[p.name for p in originals]}")
    css = originals[0].read_text(encoding="utf-8")
    if css.count(SWITCHING_RULE) != 1:
        raise PluginError(
            f"palette_stylesheet: {originals[0].name} no longer holds Material's colour-switching "
            "rule exactly once; look at opskb/plugins/publish/palette.py again"
        )
    (site / PALETTE).write_text(css.replace(SWITCHING_RULE, ""), encoding="utf-8")
    originals[0].unlink()
    originals[0].with_name(originals[0].name + ".map").unlink(missing_ok=True)  # maps a file no longer served
