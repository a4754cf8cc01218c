"""Nothing in the built HTML, CSS or JS makes a browser load from another origin.

The browser tests (conftest.page) additionally fail on any request that leaves the site.
"""

from support.checks import check_third_party_urls, report


def test_built_site_loads_nothing_from_other_origins(site):
    problems = check_third_party_urls(site)
    assert not problems, report(problems)


def test_mermaid_is_served_by_the_site(site):
    assert (site / "assets/vendor/mermaid/mermaid.min.js").stat().st_size > 1_000_000
