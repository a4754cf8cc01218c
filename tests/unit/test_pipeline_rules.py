"""The order rules of the build (opskb/pipeline.py) read the plugin list as mkdocs.yml gives it."""

from opskb.pipeline import ORDER_RULES, POST_BUILD_STEPS, order_problems
from opskb.project import load_mkdocs_yml

PLUGINS = [
    "search",
    "i18n",
    "git-revision-date-localized",
    "offline",
    "opskb/content",
    "opskb/diagrams",
    "opskb/search",
    "opskb/languages",
    "opskb/publish",
    "print-site",
]


def _names(config) -> list[str]:
    return [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["plugins"]]


def test_mkdocs_yml_keeps_every_rule():
    assert not order_problems(_names(load_mkdocs_yml()))


def test_every_rule_fails_when_broken():
    for earlier, later, _ in ORDER_RULES:
        names = list(PLUGINS)
        names.remove(earlier)
        names.insert(names.index(later) + 1, earlier)
        problems = order_problems(names, earlier)
        assert problems and f"'{earlier}' must come first" in problems[0], (earlier, later, problems)


def test_offline_before_i18n_names_the_rule():
    names = ["search", "offline", "i18n", *PLUGINS[4:]]
    (problem,) = order_problems(names, "offline")
    assert "lists plugin 'offline' before 'i18n'" in problem and "one language only" in problem


def test_a_rule_is_skipped_when_a_plugin_is_absent():
    assert not order_problems(["search", "opskb/publish", "opskb/content"], "i18n")


def test_post_build_steps_name_methods_that_exist():
    from opskb.plugins.languages.plugin import LanguagesPlugin
    from opskb.plugins.publish.plugin import PublishPlugin
    from opskb.plugins.search.plugin import SearchPlugin

    classes = {"opskb/search": SearchPlugin, "opskb/languages": LanguagesPlugin, "opskb/publish": PublishPlugin}
    for plugin, method in POST_BUILD_STEPS:
        assert callable(getattr(classes[plugin], method, None)), (plugin, method)
