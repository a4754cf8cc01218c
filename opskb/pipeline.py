"""The order of the build, in one place.

MkDocs runs an event's handlers from the highest priority down, and handlers of equal priority
in the order of `plugins:` in mkdocs.yml. The third-party priorities this order is set against:
mkdocs-static-i18n points the language alternates at each page at 50 (`on_page_context`) and
builds every further language inside the first build's `on_post_build` at -100, where Material's
offline plugin also writes its search index script. The project's plugins take the named
priorities below; every step that needs the whole site runs once, after the last language, in
the order of POST_BUILD_STEPS. Each plugin checks at `on_config` that mkdocs.yml lists the plugins
in the order the rules below need, and stops the build naming the rule otherwise.
design/architecture.md draws the pipeline.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority as priority  # noqa: F401  (re-exported for the plugins)

# Before Material's offline plugin (0) reads `extra.polyfills`: the iframe-worker shim is ours.
BEFORE_OFFLINE_CONFIG = 100
# Before the search and print-site plugins (0) read a page's HTML: they get the drawn diagrams.
BEFORE_PAGE_READERS = 50
# Before mkdocs-static-i18n (-100) starts the next language's build in the same site folder.
BEFORE_NEXT_LANGUAGE = 50
# After mkdocs-static-i18n (50) has pointed the alternates at this page.
AFTER_LANGUAGE_ALTERNATES = 0
# After mkdocs-static-i18n (-100) has built the other languages: the diagram browser can close.
AFTER_LANGUAGE_BUILDS = -110
# After every language is built and the offline plugin (-100) has written its index script.
AFTER_WHOLE_SITE = -200

# What runs once the whole site is built, in this order: (plugin, method). Later steps read what
# earlier ones wrote: the fingerprints rename the vocabularies and the palette stylesheet and
# rewrite every page that names them, the 404 pages included; the CSP hashes are taken from the
# pages as they are served.
POST_BUILD_STEPS = (
    ("opskb/search", "write_vocabularies"),
    ("opskb/search", "split_index"),
    ("opskb/languages", "place_not_found_pages"),
    ("opskb/languages", "write_sitemaps"),
    ("opskb/publish", "copy_vendor_files"),
    ("opskb/publish", "write_palette_stylesheet"),
    ("opskb/publish", "fingerprint_assets_and_hash_scripts"),
)

# (earlier, later, why): plugins that mkdocs.yml must list in this order when both are present.
ORDER_RULES = (
    ("i18n", "offline", "the offline copy's search index would hold one language only"),
    (
        "opskb/content",
        "print-site",
        "print-site keeps each page's HTML as the plugins before it leave it: "
        "the PDFs would lose the baselines and checkbox names",
    ),
    ("opskb/content", "opskb/publish", "publish runs the post-build steps of the plugins before it"),
    ("opskb/diagrams", "opskb/publish", "publish runs the post-build steps of the plugins before it"),
    ("opskb/search", "opskb/publish", "publish runs the post-build steps of the plugins before it"),
    ("opskb/languages", "opskb/publish", "publish runs the post-build steps of the plugins before it"),
    ("opskb/publish", "print-site", "print-site must be the last plugin"),
)


def order_problems(names: list[str], subject: str | None = None) -> list[str]:
    """The order rules that the plugin list `names` breaks (only those naming `subject`, if given)."""
    # Material's plugins are keyed "material/<name>" in a loaded configuration, "<name>" in mkdocs.yml.
    names = [name.removeprefix("material/") for name in names]
    problems = []
    for earlier, later, why in ORDER_RULES:
        if subject not in (None, earlier, later) or earlier not in names or later not in names:
            continue
        if names.index(earlier) > names.index(later):
            problems.append(
                f"mkdocs.yml lists plugin '{later}' before '{earlier}', but '{earlier}' must come "
                f"first: {why} (opskb/pipeline.py, ORDER_RULES)"
            )
    return problems


def check_plugin_order(config) -> None:
    """Stop the build if mkdocs.yml lists the plugins in an order the rules do not allow. Every
    opskb plugin calls it at `on_config`, so that the check runs whichever of them is enabled."""
    problems = order_problems(list(config.plugins))
    if problems:
        raise PluginError("\n".join(problems))


def run_post_build_steps(config) -> None:
    for name, method in POST_BUILD_STEPS:
        if name not in config.plugins:
            raise PluginError(f"the post-build step {name}.{method} needs plugin '{name}' in mkdocs.yml")
        getattr(config.plugins[name], method)(config)
