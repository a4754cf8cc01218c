"""Accessibility of every built page, checked by axe-core (npm, pinned) in headless Chromium: both
languages, both colour schemes, and the search dialog open. Each violation is reported with the
page, the rule and the element. While each page is open anyway: no request may be answered with
a 4xx and no console error may occur (Lighthouse's best practices count both)."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from support.axe import COLOUR_RUN, FULL_RUN, axe_problems, axe_result, run_axe, set_scheme, start_axe
from support.built_site import source_of
from support.problems import report

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")


def built_pages(site: Path, lang: str) -> list[str]:
    """Site-relative URLs of every built page of one language."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if (rel.startswith("en/")) != (lang == "en"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


class LoadWatch:
    """Requests answered with 4xx or 5xx and console errors, each with the page open at the time."""

    def __init__(self, page):
        self.current = ""
        self.problems: list[str] = []
        page.on(
            "response",
            lambda r: self.problems.append(f"{self.current}: {r.status} for {r.url}") if r.status >= 400 else None,
        )
        page.on(
            "console",
            lambda m: self.problems.append(f"{self.current}: console error: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.problems.append(f"{self.current}: uncaught: {e}"))


# Pages checked at once, each in its own browser context (its own renderer process): axe is
# CPU-bound, and a run costs seconds mostly for building its model of the whole document.
PARALLEL = 3


@pytest.fixture(scope="module")
def axe_pages(browser):
    contexts = [browser.new_context() for _ in range(PARALLEL)]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.load_watch = LoadWatch(page)
    yield pages
    for context in contexts:
        context.close()


@pytest.fixture
def axe_page(axe_pages):
    return axe_pages[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_loads_cleanly_and_passes_axe_in_both_schemes(axe_pages, site, site_url, lang):
    started = time.perf_counter()
    problems = []
    for tab in axe_pages:
        tab.load_watch.problems.clear()
    pages = built_pages(site, lang)
    for batch_start in range(0, len(pages), len(axe_pages)):
        batch = list(zip(axe_pages, pages[batch_start : batch_start + len(axe_pages)], strict=False))
        for tab, rel in batch:
            tab.load_watch.current = "/" + rel
            tab.emulate_media(color_scheme="light")  # the page loads in the light scheme
            tab.goto(site_url + rel, wait_until="load")
            start_axe(tab, FULL_RUN)
        for tab, rel in batch:
            source = source_of(site, site / (rel + "index.html" if rel.endswith("/") or not rel else rel))
            problems += axe_problems(axe_result(tab), "/" + rel, "light", source)
            set_scheme(tab, "dark")
            start_axe(tab, COLOUR_RUN)
        for tab, rel in batch:
            source = source_of(site, site / (rel + "index.html" if rel.endswith("/") or not rel else rel))
            problems += axe_problems(axe_result(tab), "/" + rel, "dark", source)
    axe_pages[0].wait_for_timeout(500)  # late requests of the last pages
    print(f"axe: {len(pages)} {lang} pages in {time.perf_counter() - started:.0f} s")
    loading = [p for tab in axe_pages for p in tab.load_watch.problems]
    assert not problems and not loading, (
        f"{len(problems)} axe violations:\n"
        + report(problems)
        + f"\n{len(loading)} failed requests or console errors:\n"
        + "\n".join(loading)
    )


@pytest.mark.parametrize("lang,query", [("zh", "三次握手"), ("en", "handshake")])
def test_search_dialog_open_passes_axe(axe_page, site, site_url, lang, query):
    problems = []
    source = source_of(site, site / ("en/" if lang == "en" else "") / "index.html")
    url = site_url + ("en/" if lang == "en" else "")
    axe_page.goto(url, wait_until="load")
    box = axe_page.locator("input.md-search__input")
    box.focus()
    box.fill(query)
    box.press("End")
    axe_page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    for scheme in SCHEMES:
        set_scheme(axe_page, scheme)
        problems += axe_problems(run_axe(axe_page, FULL_RUN), url, f"search open, {scheme}", source)
    assert not problems, f"{len(problems)} axe violations:\n" + report(problems)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_practice_page_in_use_passes_axe(browser, site, site_url, lang):
    """The practice page as a reader uses it, which the load of every page above does not reach:
    cards due in the coming days (the forecast chart drawn), a question with its answer and the
    rating buttons shown, and a message (a rejected import) shown; in both schemes."""
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    prefix = "en/" if lang == "en" else ""
    html = site / prefix / "practice" / "index.html"
    ids = re.findall(r'class="opskb-practice-question"[^>]*?data-id="([^"]+)"', html.read_text(encoding="utf-8"))
    if not ids:
        ids = re.findall(r'data-id="([^"]+)"', html.read_text(encoding="utf-8"))

    def card(days: int) -> dict:
        due, last = now + timedelta(days=days), now - timedelta(days=3)
        return {
            "due": due.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "stability": 5.0,
            "difficulty": 5.0,
            "elapsed_days": 0,
            "scheduled_days": days + 3,
            "learning_steps": 0,
            "reps": 2,
            "lapses": 0,
            "state": 2,
            "last_review": last.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        }

    cards = {card_id: card(days) for card_id, days in zip(ids, (-1, 0, 1, 1, 2, 3, 5, 6), strict=False)}
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = LoadWatch(page)
        watch.current = f"/{prefix}practice/"
        page.clock.set_fixed_time(now)
        page.goto(site_url + "404.html")
        page.evaluate(
            "([key, value]) => localStorage.setItem(key, value)",
            [f"ops-kb.practice.v2.{lang}", json.dumps({"version": 2, "cards": cards})],
        )
        url = site_url + prefix + "practice/"
        page.emulate_media(color_scheme="light")
        page.goto(url, wait_until="load")
        page.wait_for_selector("select.opskb-practice-queue")
        page.locator("figure.opskb-practice-forecast").wait_for(state="visible")
        page.locator("select.opskb-practice-queue").select_option("all")
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.keyboard.press(" ")
        page.locator("button.opskb-rate:visible").first.wait_for()
        page.locator("input[type=file].opskb-practice-import").set_input_files(
            files=[{"name": "broken.json", "mimeType": "application/json", "buffer": b"{"}]
        )
        page.wait_for_function("() => document.querySelector('.opskb-practice-message').textContent.trim()")
        source = source_of(site, html)
        problems = []
        for scheme in SCHEMES:
            set_scheme(page, scheme)
            problems += axe_problems(run_axe(page, FULL_RUN), url, f"practice in use, {scheme}", source)
    finally:
        context.close()
    # Playwright's clock now and then makes Material's bundle (RxJS) throw this (tests/test_practice.py).
    loading = [p for p in watch.problems if not p.endswith("uncaught: executing a cancelled action")]
    assert not problems and not loading, (
        f"{len(problems)} axe violations:\n" + report(problems) + "\n" + "\n".join(loading)
    )
