"""Every internal link and #anchor of the built site resolves, in both languages; pages stay in
their language; external links are https."""

from support.built_site import (
    LISTED_EXTERNAL_LINKS,
    check_anchors,
    check_cross_language_links,
    check_external_links,
    external_links,
    run_linkchecker,
)
from support.problems import report


def test_internal_links_resolve_over_http(site, site_url):
    problems = run_linkchecker([site_url, f"{site_url}en/"], site)
    assert not problems, report(problems)


def test_internal_anchors_exist(site):
    problems = check_anchors(site)
    assert not problems, report(problems)


def test_pages_link_only_within_their_language(site):
    problems = check_cross_language_links(site)
    assert not problems, report(problems)


def test_external_links_are_https_and_listed(site, site_url):
    # The site is built for the address it is served at (site_url): its language switcher links
    # there absolutely, which is the site itself, not an external link.
    problems = check_external_links(site, own_url=site_url)
    assert not problems, report(problems)
    # Listed in the terminal summary (conftest.py) for review; never fetched (CI has no network).
    LISTED_EXTERNAL_LINKS.update(external_links(site, own_url=site_url))
