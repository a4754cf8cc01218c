"""Material's palette stylesheet without the rule that restyles every element on every page load.

With a light/dark toggle, Material's bundle marks `<body>` with `data-md-color-switching`
whenever it applies a palette, including the first time, as every page starts, and removes the
mark a moment later. Its `palette.css` has one rule for that mark:
`[data-md-color-switching] *, … :before, … :after { transition-duration: 0s !important }`, so
that a switch repaints at once instead of fading. Because it matches every element under
`<body>`, setting and removing the mark makes the browser restyle the whole page twice while the
page starts; Material reads the header's computed style in between, which forces the first of
those restyles inside its start-up task. On the text page that was the largest share of the
blocking time that the site has and plain Material has not (README "Lighthouse").

After the whole build this hook writes Material's `palette.<hash>.min.css` again without that
rule, under the hash of its new content, and points every built page at it. What a reader loses:
when they flip the toggle, links and bars fade to the new colours over Material's usual
transition (a quarter of a second) instead of switching at once. The build fails if the rule is
not found exactly once, so that a Material upgrade that changes it is looked at, not missed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

STYLESHEETS = "assets/stylesheets"
MATERIAL_PALETTE = re.compile(r"palette\.[0-9a-f]{8}\.min\.css")
SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")


@event_priority(-250)  # after every language is built (-200: 404 pages), before asset_fingerprints (-300)
def on_post_build(config: MkDocsConfig) -> None:
    if config.plugins["i18n"].building:  # a nested per-language build: not finished yet
        return
    site = Path(config.site_dir)
    palettes = [p for p in (site / STYLESHEETS).glob("palette.*.min.css") if MATERIAL_PALETTE.fullmatch(p.name)]
    if not palettes:  # no palette configured: Material ships none
        return
    if len(palettes) != 1:
        raise PluginError(f"palette_stylesheet: expected one palette stylesheet, found {sorted(p.name for p in palettes)}")
    original = palettes[0]
    css = original.read_text(encoding="utf-8")
    if css.count(SWITCHING_RULE) != 1:
        raise PluginError(f"palette_stylesheet: {original.name} no longer holds Material's colour-switching rule "
                          f"exactly once; look at hooks/palette_stylesheet.py again")
    edited = css.replace(SWITCHING_RULE, "")
    digest = hashlib.sha256(edited.encode("utf-8")).hexdigest()[:8]
    target = original.with_name(f"palette.{digest}.min.css")
    target.write_text(edited, encoding="utf-8")
    original.unlink()
    original.with_name(original.name + ".map").unlink(missing_ok=True)  # maps a file no longer served
    old, new = f"{STYLESHEETS}/{original.name}", f"{STYLESHEETS}/{target.name}"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if old in text:
            page.write_text(text.replace(old, new), encoding="utf-8")
