"""Absolute `hreflang` alternates, with `x-default` pointing at the default language's page.

mkdocs-static-i18n points Material's `extra.alternate` at the same page in every language, but
Material writes those links through its `url` filter, which makes them relative
(`href="../../en/linux/tar/"`). Search engines and Lighthouse want absolute alternate URLs, and
an `x-default` for readers whose language is neither. Every alternate is made absolute from
`site_url` (the `<link rel="alternate">` tags and the language selector share the list), and the
default language's URL goes to `overrides/main.html` as `hreflang_x_default`, which writes the
`x-default` link (not in `extra.alternate`, or the selector would offer it).

Export builds (offline copy for file://, print pages) keep i18n's relative links: an absolute
link would leave the offline copy.

The 404 page is rendered as a theme template after all pages, when `extra.alternate` still
holds the last page's links; it gets the language roots instead.
"""

from __future__ import annotations

from urllib.parse import urljoin


def make_absolute(config, context: dict, alternates: list[dict], default: str) -> dict:
    site_url = config.site_url or "/"
    for alternate in alternates:
        # i18n writes root-relative file URLs ("en/linux/tar/") or absolute paths ("/en/").
        link = alternate["link"]
        alternate["link"] = urljoin(site_url, link if link.startswith(("/", "http")) else link or "./")
    # mkdocs-static-i18n sets the attribute, which Jinja reads before the item; set both.
    config.extra.alternate = config.extra["alternate"] = alternates
    context["hreflang_x_default"] = next((a["link"] for a in alternates if a["lang"] == default), None)
    return context
