"""Search: Chinese is segmented at build time, and in Chromium zh and en queries, technical
tokens included, find the right page first, in the reader's language only; natural queries
(tests/search_queries.<lang>.yml) reach MRR@10 >= 0.9; the query is rewritten like the index;
a search that finds nothing says so in the reader's language."""

import json

import pytest

from opskb.plugins.search.vocabulary import load_vocabulary
from opskb.project import ROOT
from opskb.search_eval import QUERY_SETS, evaluate, load_queries, misses, mrr

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


# --- natural queries (tests/search_queries.<lang>.yml) ------------------------------------------

MRR_REQUIRED = 0.9


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_natural_queries_find_the_explaining_page(page, site_url, lang, capsys):
    """MRR@10 of the query set >= 0.9; every query finds something, nothing from the other
    language. Every miss is printed with its rank, file and line."""
    path = QUERY_SETS[lang]
    outcomes = evaluate(page, site_url, lang, load_queries(path))
    score = mrr(outcomes)
    missed = misses(outcomes, path)
    with capsys.disabled():
        print(f"\n{lang}: MRR@10 {score:.3f} over {len(outcomes)} queries, {len(missed)} not first")
        for line in missed:
            print("  " + line)
    empty = [
        f"{path.relative_to(ROOT)}:{o.query.line}: {o.query.text!r} found nothing" for o in outcomes if not o.results
    ]
    foreign = [
        f"{path.relative_to(ROOT)}:{o.query.line}: {o.query.text!r} returned {o.foreign}" for o in outcomes if o.foreign
    ]
    assert not empty, "queries without any result:\n" + "\n".join(empty)
    assert not foreign, "results from the other language:\n" + "\n".join(foreign)
    assert score >= MRR_REQUIRED, f"{lang} MRR@10 {score:.3f} < {MRR_REQUIRED}; misses:\n" + "\n".join(missed)


# The query as Material reads it (search-query.js), for the rules the index follows.
REWRITES = [
    ("zh", "忘记root密码", ["忘记", "root", "密码"]),
    ("zh", "双1配置", ["双", "1^2", "配置"]),
    ("zh", "TIME_WAIT过多", ["TIME_WAIT", "过多"]),
    ("zh", "--dports", ["dports"]),
    ("zh", "set -euo pipefail", ["set", "euo", "pipefail"]),
    ("zh", "sync_binlog=1", ["sync_binlog", "1^2"]),
    ("zh", "k8s节点怎么排查", ["k8s", "节点", "kubernetes"]),
    ("zh", "机器挂了", ["机器", "宕机"]),
    ("en", "what is a symlink", ["symlink", "soft", "link", "symbolic"]),
    ("en", "nginx.conf", ["nginx", "conf"]),  # the index splits at a dot before a letter
    ("en", "+handshake tcp*", ["+handshake", "tcp*"]),
    ("en", "what is", ["what", "is"]),  # only stop words: searched rather than dropped
]


@pytest.mark.browser
@pytest.mark.parametrize("lang,typed,expected", REWRITES)
def test_query_is_rewritten_like_the_index(page, site_url, lang, typed, expected):
    page.goto(site_url + ("" if lang == "zh" else f"{lang}/"))
    page.locator("input.md-search__input").click()  # the search scripts load on first focus
    page.wait_for_function("() => typeof window.__searchRewrite === 'function'")
    rewritten = page.evaluate("q => window.__searchRewrite(q)", typed)
    # A word may come with its exact-match boost (`dports^2`) next to its prefix form (`dport`)
    terms = set(rewritten.split()) | {term.split("^")[0] for term in rewritten.split()}
    missing = [word for word in expected if word not in terms]
    assert not missing, f"{typed!r} ({lang}) -> {rewritten!r}: {missing} missing"
    if "怎么" in typed:
        assert "怎么" not in rewritten, f"stop word kept: {typed!r} -> {rewritten!r}"


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang,query,message",
    [
        ("zh", "zzqqx qqxxz", "没有找到与“zzqqx qqxxz”相关的页面"),
        ("en", "zzqqx qqxxz", "No page matches “zzqqx qqxxz”"),
    ],
)
def test_no_result_says_what_was_searched(page, site_url, lang, query, message):
    page.goto(site_url + ("" if lang == "zh" else f"{lang}/"))
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    meta.locator(".kb-search-none").wait_for(timeout=10_000)
    assert message in meta.inner_text(), meta.inner_text()
    assert meta.locator(".kb-search-hint").inner_text().strip(), "no hint shown"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_vocabulary_is_shipped(site, lang):
    """The synonym lists load (the search plugin's own validation) and reach the site as one script per
    language, holding that language only."""
    vocabulary = load_vocabulary(ROOT / "data" / f"search-synonyms.{lang}.yml")
    scripts = list((site / "assets" / "javascripts").glob(f"search-vocabulary.{lang}.*.js"))
    assert len(scripts) == 1, f"expected one search-vocabulary.{lang}.<hash>.js, found {scripts}"
    shipped = json.loads(scripts[0].read_text(encoding="utf-8").split("window.__searchVocabulary = ", 1)[1])
    assert shipped == {lang: vocabulary}
    seen: dict[str, int] = {}
    for n, group in enumerate(vocabulary["synonyms"], 1):
        for term in group:
            assert term.lower() not in seen, (
                f"data/search-synonyms.{lang}.yml: {term!r} in groups {seen[term.lower()]} and {n}"
            )
            seen[term.lower()] = n


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_listing_pages_weigh_less_than_chapter_pages(site, lang):
    docs = _index(site, lang)["docs"]
    boosts = {d["location"]: d.get("boost", 1) for d in docs if "#" not in d["location"]}
    assert boosts["network/interview/"] < 1 and boosts["glossary/"] < 1 and boosts["practice/"] < 1
    assert boosts["network/tcp-connection/"] == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_query_sets_are_natural_and_name_existing_pages(lang):
    """At least 60 queries per language, each naming pages that exist (or are being created)."""
    path = QUERY_SETS[lang]
    queries = load_queries(path)
    assert len(queries) >= 60, f"{path.relative_to(ROOT)}: {len(queries)} queries, at least 60 needed"
    docs = ROOT / "docs" / lang
    problems = []
    for query in queries:
        for page in query.pages:
            source = docs / (page.rstrip("/") + ".md") if page.rstrip("/") else docs / "index.md"
            if not (source.is_file() or (docs / page / "index.md").is_file()):
                problems.append(f"{path.relative_to(ROOT)}:{query.line}: {query.text!r} names {page}, which is no page")
    assert not problems, "\n".join(problems)


SEARCH_SCRIPTS = ("search-vocabulary", "search-query")


def _file_names(urls: list[str], *prefixes: str) -> list[str]:
    return sorted(name for name in (url.rsplit("/", 1)[-1] for url in urls) if name.startswith(prefixes))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_loads_when_search_is_first_used(page, site_url, lang):
    """A page that is only read downloads neither the search index nor a search script (the
    template holds Material's index request); the first focus of the search box downloads the
    page language's index, vocabulary and query rewriter, once each, and search answers."""
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    root = site_url + ("" if lang == "zh" else f"{lang}/")
    page.goto(root + "linux/tar/", wait_until="networkidle")
    early = _file_names(loaded, *SEARCH_SCRIPTS, "search_index.json")
    assert not early, f"downloaded before any search: {early}"
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("() => typeof window.__searchRewrite === 'function'")
    box.fill("tar")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    box.blur()
    box.click()
    page.wait_for_load_state("networkidle")
    index_requests = [url for url in loaded if url.endswith("/search_index.json")]
    assert index_requests == [root + "search/search_index.json"], f"index requests: {index_requests}"
    scripts = _file_names(loaded, *SEARCH_SCRIPTS)
    assert len(scripts) == 2, f"expected the vocabulary and the query script once each, got {scripts}"
    assert scripts[1].startswith(f"search-vocabulary.{lang}."), f"not the {lang} vocabulary: {scripts}"
    assert page.evaluate("() => Object.keys(window.__searchVocabulary)") == [lang]


@pytest.mark.browser
def test_page_opened_from_a_search_result_highlights_at_once(page, site_url):
    """A result link carries ?h=<query> (search.highlight): the page it opens needs the index
    without any search on it, and marks the query's words."""
    page.goto(site_url + "en/linux/tar/?h=archive")
    page.locator("mark[data-md-highlight]").first.wait_for(timeout=10_000)
