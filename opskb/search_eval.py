"""Runs query sets through the built site's real search box in Chromium and scores them.

Shared by tests/test_search.py (the MRR@10 check) and the bench (query times).
Each query is typed into Material's search box on the language's home page, exactly as a reader
would; the ranked result pages are read back from the result list.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .project import ROOT, language_codes

TOP = 10
QUERY_SETS = {lang: ROOT / "tests" / f"search_queries.{lang}.yml" for lang in language_codes()}


@dataclass
class Query:
    text: str
    pages: list[str]  # acceptable answers, relative to the language root
    line: int


@dataclass
class Outcome:
    query: Query
    results: list[str]  # result pages, relative to the site root ("en/..." for English)
    seconds: float
    rank: int | None = None  # 1-based rank of the first acceptable page within TOP
    foreign: list[str] = field(default_factory=list)


def load_queries(path: Path) -> list[Query]:
    """The query set, each query with the line it is on (for messages naming file and line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = yaml.safe_load("\n".join(lines)) or []
    query_lines = [n for n, text in enumerate(lines, 1) if text.lstrip().startswith("- ")]
    queries = []
    for entry, line in zip(entries, query_lines, strict=False):
        pages = entry["page"] if isinstance(entry["page"], list) else [entry["page"]]
        queries.append(Query(str(entry["query"]), pages, line))
    return queries


# Reads the result list once Material has answered: the meta line changes from the "type to
# start searching" placeholder (shown for an empty box) to a count or the no-result message.
RESULTS_SCRIPT = """
() => [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)
"""


# Material has answered: the meta line left the placeholder and either the list has its first
# items (the count is written a moment before them) or the search found nothing.
ANSWERED_SCRIPT = """
p => {
  const meta = document.querySelector('.md-search-result__meta')
  const none = JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']
  const text = meta.innerText
  if (!text || text === p) return false
  return document.querySelector('.md-search-result__list').children.length > 0
    || meta.querySelector('.kb-search-none') !== null || text === none
}
"""


def _home(base_url: str, lang: str) -> str:
    return base_url + ("" if lang == "zh" else f"{lang}/")


def open_search(page, base_url: str, lang: str):
    page.goto(_home(base_url, lang))
    box = page.locator("input.md-search__input")
    box.click()
    # "Initializing search" until the worker has loaded the index, then "Type to start searching"
    initializing = page.locator(".md-search-result__meta").inner_text()
    page.wait_for_function("t => document.querySelector('.md-search-result__meta').innerText !== t", arg=initializing)
    # The query rewrite loads on the same first focus, but separately from the index: a query
    # typed before it is in place is searched as typed (`http和https` as one word), which a
    # reader on a busy machine could meet too, but the query sets measure the search itself.
    page.wait_for_function("() => typeof window.__searchRewrite === 'function'")
    return box, page.locator(".md-search-result__meta").inner_text()


def run_query(page, box, placeholder: str, text: str) -> tuple[list[str], float]:
    """Type `text` into the search box; (result hrefs, seconds until the results were shown)."""
    box.fill("")
    box.press("End")
    page.wait_for_function("p => document.querySelector('.md-search-result__meta').innerText === p", arg=placeholder)
    start = time.perf_counter()
    box.fill(text)
    box.press("End")  # Material searches on keyup, not on fill
    page.wait_for_function(ANSWERED_SCRIPT, arg=placeholder, polling="raf")
    seconds = time.perf_counter() - start
    return page.evaluate(RESULTS_SCRIPT), seconds


def evaluate(page, base_url: str, lang: str, queries: list[Query]) -> list[Outcome]:
    box, placeholder = open_search(page, base_url, lang)
    root = _home(base_url, lang)
    outcomes = []
    for query in queries:
        hrefs, seconds = run_query(page, box, placeholder, query.text)
        # One entry per page, in order (a page's sections follow it as their own links)
        pages = list(dict.fromkeys(href.split("#")[0].split("?")[0] for href in hrefs))
        results = [href[len(base_url) :] for href in pages]
        outcome = Outcome(query, results, seconds)
        local = [href[len(root) :] for href in pages]
        for rank, path in enumerate(local[:TOP], 1):
            if any(path.startswith(p) or path.replace(".html", "/").startswith(p) for p in query.pages):
                outcome.rank = rank
                break
        outcome.foreign = [r for r in results if r.startswith("en/") != (lang == "en")]
        outcomes.append(outcome)
    return outcomes


def mrr(outcomes: list[Outcome]) -> float:
    return sum(1 / o.rank for o in outcomes if o.rank) / len(outcomes)


def misses(outcomes: list[Outcome], path: Path) -> list[str]:
    """One line per query whose answer is not first: file:line, query, rank, what came first."""
    lines = []
    for o in outcomes:
        if o.rank == 1:
            continue
        where = f"{path.relative_to(ROOT)}:{o.query.line}"
        rank = f"rank {o.rank}" if o.rank else f"not in top {TOP}"
        first = o.results[0] if o.results else "no result"
        lines.append(f"{where}: {o.query.text!r} -> {rank} (expected {' or '.join(o.query.pages)}; first {first})")
    return lines


# Types the query in one go, inside the page, and times from the keyup Material listens to until
# Material has shown the first results (or said it found none): what a reader waits for.
TIMED_QUERY_SCRIPT = """
async ([text, placeholder]) => {
  const input = document.querySelector("input.md-search__input")
  const meta = document.querySelector(".md-search-result__meta")
  const list = document.querySelector(".md-search-result__list")
  const none = JSON.parse(document.getElementById("__config").textContent).translations["search.result.none"]
  const done = new Promise(resolve => {
    const observer = new MutationObserver(() => {
      const text = meta.innerText
      const answered = text && text !== placeholder
        && (list.children.length > 0 || meta.querySelector(".kb-search-none") || text === none)
      if (answered) { observer.disconnect(); resolve(performance.now()) }
    })
    observer.observe(meta, { childList: true, characterData: true, subtree: true })
    observer.observe(list, { childList: true })
  })
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")
  native.set.call(input, text)
  const start = performance.now()
  input.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }))
  return (await done) - start
}
"""


def query_times(page, base_url: str, lang: str, queries: list[Query]) -> list[float]:
    """Milliseconds from keyup to the shown result, per query, measured inside the page."""
    box, placeholder = open_search(page, base_url, lang)
    times = []
    for query in queries:
        box.fill("")
        box.press("End")
        page.wait_for_function(
            "p => document.querySelector('.md-search-result__meta').innerText === p", arg=placeholder
        )
        times.append(page.evaluate(TIMED_QUERY_SCRIPT, [query.text, placeholder]))
    return times
