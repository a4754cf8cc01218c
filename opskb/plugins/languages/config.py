from mkdocs.config.base import Config


class LanguagesConfig(Config):
    """No options: the languages are the i18n plugin's."""
