"""Search: Chinese is segmented at build time, and in Chromium zh and en queries, technical
tokens included, find the right page first, in the reader's language only."""

import json

import pytest

from support.checks import ROOT

# (language of the page the reader is on, query, expected path of the first result, relative to
# the language root; a trailing "/" with no page name means any page of that chapter)
QUERIES = [
    ("zh", "三次握手", "network/tcp-connection/"),
    ("zh", "负载均衡", "load-balancing/"),
    ("zh", "TIME_WAIT", "network/tcp-connection/"),
    ("zh", "kube-proxy", "kubernetes/services-and-traffic/"),
    ("zh", "--dports", "firewall/"),
    ("zh", "nginx.conf", "load-balancing/"),
    ("en", "handshake", "network/"),
    ("en", "balancing", "load-balancing/"),
    ("en", "TIME_WAIT", "network/tcp-connection/"),
    ("en", "kube-proxy", "kubernetes/services-and-traffic/"),
    ("en", "--dports", "firewall/"),
    ("en", "nginx.conf", "load-balancing/"),
]


def _index(site, lang):
    path = site / ("search" if lang == "zh" else f"{lang}/search") / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_chinese_text_is_segmented_in_the_index(site):
    docs = _index(site, "zh")["docs"]
    segmented = [d for d in docs if "\u200b" in d["text"]]
    assert len(segmented) > len(docs) / 2, "jieba did not segment the zh index (is jieba installed?)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_language_has_its_own_index(site, lang):
    pages = {
        (p.relative_to(ROOT / "docs" / lang).as_posix()[:-3] + "/").replace("index/", "")
        for p in (ROOT / "docs" / lang).rglob("*.md")
    }
    indexed = {d["location"] for d in _index(site, lang)["docs"] if "#" not in d["location"]}
    assert indexed == pages, f"index of {lang}: missing {sorted(pages - indexed)}, foreign {sorted(indexed - pages)}"


def search(page, base_url, lang, query):
    page.goto(base_url + ("" if lang == "zh" else f"{lang}/"))
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup, not on fill
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


@pytest.mark.browser
@pytest.mark.parametrize("lang,query,expected", QUERIES)
def test_query_finds_page_in_readers_language(page, site_url, lang, query, expected):
    hrefs = search(page, site_url, lang, query)
    root = site_url if lang == "zh" else f"{site_url}{lang}/"
    assert hrefs, f"no result for {query!r} on a {lang} page"
    first = hrefs[0].split("#")[0]
    assert first.startswith(root + expected), f"{query!r} ({lang}): first result {first}, expected {root}{expected}"
    for href in hrefs:
        in_en = href.startswith(f"{site_url}en/")
        assert in_en == (lang == "en"), f"{query!r} on a {lang} page returned {href}"
