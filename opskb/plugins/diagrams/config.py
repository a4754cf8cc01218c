from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class DiagramsConfig(Config):
    # Rendered SVGs, next to mkdocs.yml (gitignored); $DIAGRAM_CACHE overrides it.
    cache_dir = c.Type(str, default=".cache/diagrams")
    # The stylesheet whose `--md-text-font-family` Mermaid measures labels with (under docs/).
    font_stylesheet = c.Type(str, default="assets/stylesheets/extra.css")
    # Mermaid `base` theme variables per Material colour scheme: one SVG is drawn for each.
    themes = c.Type(dict, default={})
