"""Nothing in the built HTML, CSS or JS makes a browser load from another origin.

The browser tests (conftest.page) additionally fail on any request that leaves the site.
"""

from support.built_site import check_third_party_urls, html_pages, source_of
from support.problems import Problem, report


def test_built_site_loads_nothing_from_other_origins(site):
    problems = check_third_party_urls(site)
    assert not problems, report(problems)


def test_no_page_references_a_mermaid_script(site):
    """Diagrams are drawn at build time (the opskb/diagrams plugin): no page loads Mermaid, from anywhere."""
    problems = [
        Problem(source_of(site, path), 1, f"{path.relative_to(site)} loads {script['src']}")
        for path, soup in html_pages(site)
        for script in soup.find_all("script", src=True)
        if "mermaid" in script["src"].lower()
    ]
    assert not problems, report(problems)
    assert not list(site.rglob("mermaid*.js")), "a Mermaid script is still copied into the site"
