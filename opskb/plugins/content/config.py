from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ContentConfig(Config):
    # The glossary appended to every page of a language ({lang} is the page's language).
    abbreviations = c.Type(str, default="includes/abbreviations.{lang}.md")
    # Product ids and display names for the pages' `baseline:` front matter.
    end_of_life = c.Type(str, default="data/end-of-life.yml")
    # The marker in the practice page that the chapters' interview questions replace.
    practice_marker = c.Type(str, default="<!-- practice-questions -->")
    # Every practice question id ever published, renamed and retired (question_ids.py).
    practice_questions = c.Type(str, default="data/practice-questions.yml")
    # Each practice tag's label per language.
    practice_tags = c.Type(str, default="data/practice-tags.yml")
