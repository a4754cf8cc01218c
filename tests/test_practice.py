"""The interview practice page: the opskb/content plugin collects every chapter's questions at build time,
docs/assets/javascripts/practice.js turns them into one-question-at-a-time practice.
Browser tests also fail on requests to other origins and on console errors (conftest.page)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from opskb.project import ROOT

LANGUAGES = {"zh": "", "en": "en/"}
COUNTER = {"zh": "第 {} 题，共 {} 题", "en": "Question {} of {}"}


def source_counts(lang: str) -> dict[str, int]:
    """Questions per chapter, counted in the interview pages themselves."""
    return {
        path.parent.name: path.read_text(encoding="utf-8").count('??? question "')
        for path in sorted((ROOT / "docs" / lang).glob("*/interview.md"))
    }


def built_page(site: Path, lang: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / LANGUAGES[lang] / "practice" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_holds_every_question_of_every_chapter(site, lang):
    soup = built_page(site, lang)
    counts = source_counts(lang)
    chapters = soup.select(".opskb-practice-chapter")
    assert {c["data-chapter"]: len(c.select(".opskb-practice-question details.question")) for c in chapters} == counts
    assert len(soup.select(".opskb-practice-question")) == sum(counts.values())
    ids = [q["data-id"] for q in soup.select(".opskb-practice-question")]
    assert len(set(ids)) == len(ids), "question ids are not unique"
    assert all(re.fullmatch(r"[a-z-]+/[0-9a-f]{10}", i) for i in ids)
    for chapter in chapters:
        index = (ROOT / "docs" / lang / chapter["data-chapter"] / "index.md").read_text(encoding="utf-8")
        assert f"# {chapter['data-chapter-title']}\n" in index


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_answer_links_back_to_an_existing_section(site, lang):
    soup = built_page(site, lang)
    page_url = f"http://site/{LANGUAGES[lang]}practice/"
    for question in soup.select(".opskb-practice-question"):
        links = [a["href"] for a in question.select("details a[href]") if not a["href"].startswith("http")]
        assert links, f"{question['data-id']}: the answer has no link to its section"
        for href in links:
            parts = urlsplit(urljoin(page_url, href))
            target = site / parts.path.lstrip("/") / "index.html"
            assert target.is_file(), f"{question['data-id']}: {href} has no page"
            ids = {tag["id"] for tag in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").select("[id]")}
            assert unquote(parts.fragment) in ids, f"{question['data-id']}: {href} has no such section"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_page_is_the_complete_list(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}{LANGUAGES[lang]}practice/")
        assert page.locator(".opskb-practice-panel").count() == 0
        summaries = page.locator(".opskb-practice-question summary")
        assert summaries.count() == sum(source_counts(lang).values())
        assert page.locator(".opskb-practice-question:visible").count() == summaries.count()
        first = page.locator(".opskb-practice-question details").first
        first.locator("summary").click()  # native <details>: works without JavaScript
        assert first.locator("a").first.is_visible()
    finally:
        context.close()


def open_practice(page, site_url, lang="zh"):
    page.goto(f"{site_url}{LANGUAGES[lang]}practice/")
    page.wait_for_selector(".opskb-practice-panel")


def counter(page) -> str:
    return page.locator(".opskb-practice-counter").inner_text()


def stats(page) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", page.locator(".opskb-practice-stats").inner_text())]


def visible_questions(page):
    return page.locator(".opskb-practice-question:visible")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_reveal_mark_and_navigate(page, site_url, lang):
    total = sum(source_counts(lang).values())
    open_practice(page, site_url, lang)
    assert counter(page) == COUNTER[lang].format(1, total)
    assert page.locator(".opskb-practice-counter").get_attribute("aria-live") == "polite"
    assert visible_questions(page).count() == 1
    answer_link = visible_questions(page).locator("details a").first
    assert not answer_link.is_visible()

    page.locator("button.opskb-practice-reveal").click()
    assert answer_link.is_visible(), "the answer is not shown after reveal"
    assert page.locator("button.opskb-practice-reveal").get_attribute("aria-expanded") == "true"

    first_id = visible_questions(page).get_attribute("data-id")
    page.locator("button.opskb-practice-known").click()
    assert counter(page) == COUNTER[lang].format(2, total)
    assert stats(page) == [1, 0, total - 1]
    page.locator("button.opskb-practice-unknown").click()
    assert stats(page) == [1, 1, total - 2]
    assert counter(page) == COUNTER[lang].format(3, total)

    page.locator("button.opskb-practice-prev").click()
    page.locator("button.opskb-practice-prev").click()
    assert visible_questions(page).get_attribute("data-id") == first_id
    assert page.locator("button.opskb-practice-prev").is_disabled()
    page.locator("button.opskb-practice-next").click()
    assert counter(page) == COUNTER[lang].format(2, total)
    # The buttons are real buttons with visible text labels.
    for name in ("reveal", "known", "unknown", "prev", "next", "shuffle", "reset"):
        button = page.locator(f"button.opskb-practice-{name}")
        assert button.inner_text().strip(), f"{name} button has no label"


@pytest.mark.browser
def test_keyboard_shortcuts_but_not_while_typing_in_search(page, site_url):
    total = sum(source_counts("zh").values())
    open_practice(page, site_url)
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("Space")
    assert visible_questions(page).locator("details").get_attribute("open") is not None
    page.keyboard.press("ArrowRight")
    assert counter(page) == COUNTER["zh"].format(2, total)
    page.keyboard.press("ArrowLeft")
    assert counter(page) == COUNTER["zh"].format(1, total)
    page.keyboard.press("k")
    page.keyboard.press("u")
    assert stats(page) == [1, 1, total - 2]

    page.locator("input.md-search__input").click()
    page.keyboard.type("kuk")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    assert stats(page) == [1, 1, total - 2], "shortcuts fired while typing in the search box"
    assert counter(page) == COUNTER["zh"].format(3, total)


@pytest.mark.browser
def test_filter_by_chapter_and_shuffle(page, site_url):
    counts = source_counts("zh")
    open_practice(page, site_url)
    page.locator("select.opskb-practice-select").select_option("network")
    assert counter(page) == COUNTER["zh"].format(1, counts["network"])
    for _ in range(3):
        assert visible_questions(page).get_attribute("data-id").startswith("network/")
        page.locator("button.opskb-practice-next").click()
    page.locator("button.opskb-practice-shuffle").click()
    assert counter(page) == COUNTER["zh"].format(1, counts["network"])
    assert visible_questions(page).get_attribute("data-id").startswith("network/")
    page.locator("select.opskb-practice-select").select_option("")
    assert counter(page) == COUNTER["zh"].format(1, sum(counts.values()))


@pytest.mark.browser
def test_progress_survives_reload_is_per_language_and_resets(page, site_url):
    total = {lang: sum(source_counts(lang).values()) for lang in LANGUAGES}
    open_practice(page, site_url, "zh")
    page.locator("button.opskb-practice-known").click()
    page.locator("button.opskb-practice-unknown").click()
    page.reload()
    page.wait_for_selector(".opskb-practice-panel")
    assert stats(page) == [1, 1, total["zh"] - 2]

    open_practice(page, site_url, "en")
    assert stats(page) == [0, 0, total["en"]], "zh progress shows on the en page"
    page.locator("button.opskb-practice-known").click()
    assert stats(page) == [1, 0, total["en"] - 1]

    open_practice(page, site_url, "zh")
    assert stats(page) == [1, 1, total["zh"] - 2]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button.opskb-practice-reset").click()
    assert stats(page) == [0, 0, total["zh"]]
    page.reload()
    page.wait_for_selector(".opskb-practice-panel")
    assert stats(page) == [0, 0, total["zh"]]

    open_practice(page, site_url, "en")
    assert stats(page) == [1, 0, total["en"] - 1], "resetting zh cleared en progress"


@pytest.mark.browser
def test_script_does_nothing_on_other_pages(page, site_url):
    page.goto(f"{site_url}linux/interview/")
    assert page.locator(".opskb-practice-panel, .opskb-practice--active").count() == 0
    page.keyboard.press("k")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('practice'))") == []
