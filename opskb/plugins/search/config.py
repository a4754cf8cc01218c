from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SearchConfig(Config):
    # Search weight by page kind (opskb.project.page_kind); a chapter page weighs 1.
    weights = c.Type(dict, default={})
    # Each language's synonyms, stop words and messages ({lang} is the language).
    vocabulary = c.Type(str, default="data/search-synonyms.{lang}.yml")
    # The script each vocabulary is shipped as; overrides/main.html names it the same way.
    vocabulary_script = c.Type(str, default="assets/javascripts/search-vocabulary.{lang}.js")
