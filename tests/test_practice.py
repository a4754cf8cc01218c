"""The interview practice page: the opskb/content plugin collects every chapter's questions at build
time (with their ids, levels and tags); docs/assets/javascripts/practice.js schedules them with FSRS
(ts-fsrs, vendored) and keeps the cards in localStorage per language.

The scheduling is checked against the Python reference implementation (`fsrs`, pinned in
requirements.txt) fed the same ratings at the same clock times. Browser tests also fail on
requests to other origins and on console errors (conftest.page)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from fsrs import Card, Rating, Scheduler, State

from opskb.project import ROOT
from support.practice_ids import questions as source_questions

LANGUAGES = {"zh": "", "en": "en/"}
LEVEL_LABELS = {
    "zh": {"basic": "基础", "intermediate": "进阶", "advanced": "高级"},
    "en": {"basic": "Basic", "intermediate": "Intermediate", "advanced": "Advanced"},
}
CJK = re.compile(r"[\u3400-\u9fff]")
CARD_FIELDS = (
    "due",
    "stability",
    "difficulty",
    "elapsed_days",
    "scheduled_days",
    "learning_steps",
    "reps",
    "lapses",
    "state",
    "last_review",
)

# The scheduler of the contract: ts-fsrs' defaults with enable_fuzz false, enable_short_term true.
SCHEDULER = Scheduler(
    desired_retention=0.9,
    learning_steps=(timedelta(minutes=1), timedelta(minutes=10)),
    relearning_steps=(timedelta(minutes=10),),
    maximum_interval=36500,
    enable_fuzzing=False,
)


# Playwright's clock (page.clock) replaces the page's timers too; Material's bundle (RxJS) now and
# then throws this when the fake setInterval runs an action it had cancelled. It is the clock's, not
# the page's: the tests that set the clock drop exactly this error before conftest.page checks.
CLOCK_NOISE = "uncaught: executing a cancelled action"


@pytest.fixture
def page(page):
    yield page
    page.watch.console_errors[:] = [e for e in page.watch.console_errors if e != CLOCK_NOISE]


@cache
def tag_labels() -> dict:
    return yaml.safe_load((ROOT / "data" / "practice-tags.yml").read_text(encoding="utf-8"))


@cache
def registry() -> dict:
    return yaml.safe_load((ROOT / "data" / "practice-questions.yml").read_text(encoding="utf-8"))


def built_page(site: Path, lang: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / LANGUAGES[lang] / "practice" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


@cache
def page_order(site: Path, lang: str) -> tuple[str, ...]:
    """The question ids in the order of the built page (chapters in nav order)."""
    return tuple(q["data-id"] for q in built_page(site, lang).select(".opskb-practice-question"))


def legacy_id(chapter: str, title: str) -> str:
    """The id the page used before stable ids: the chapter and the SHA-1 of the question's title."""
    return f"{chapter}/{hashlib.sha1(title.encode('utf-8')).hexdigest()[:10]}"


# --- The built page ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_holds_every_question_with_its_id_level_and_tags(site, lang):
    soup = built_page(site, lang)
    expected: dict[str, list] = {}
    for q in source_questions(ROOT / "docs", lang):
        expected.setdefault(q.chapter, []).append(q)
    chapters = soup.select(".opskb-practice-chapter")
    assert {c["data-chapter"] for c in chapters} == set(expected)
    for chapter in chapters:
        name = chapter["data-chapter"]
        index = (ROOT / "docs" / lang / name / "index.md").read_text(encoding="utf-8")
        assert f"# {chapter['data-chapter-title']}\n" in index
        built = chapter.select(".opskb-practice-question")
        assert [b["data-id"] for b in built] == [q.full_id for q in expected[name]], f"{name}: ids or order differ"
        for element, q in zip(built, expected[name], strict=True):
            where = f"{lang} {q.full_id}"
            assert element["data-level"] == q.level, where
            assert element["data-tags"].split() == list(q.tags), where
            assert element["data-legacy-id"] == legacy_id(name, q.title), where
            assert element.select_one("details.question"), where


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plain_list_shows_each_questions_level_and_tags_in_the_pages_language(site, lang):
    other = "en" if lang == "zh" else "zh"
    by_id = {q.full_id: q for q in source_questions(ROOT / "docs", lang)}
    for element in built_page(site, lang).select(".opskb-practice-question"):
        q = by_id[element["data-id"]]
        meta = element.select_one(".opskb-practice-meta")
        assert meta, f"{q.full_id}: no .opskb-practice-meta"
        text = meta.get_text(" ", strip=True)
        assert LEVEL_LABELS[lang][q.level] in text, f"{q.full_id}: {text!r}"
        for tag in q.tags:
            assert tag_labels()[tag][lang] in text, f"{q.full_id}: tag {tag} not shown in {text!r}"
        if lang == "zh":
            assert LEVEL_LABELS[other][q.level] not in text, f"{q.full_id}: {text!r}"
        else:
            assert not CJK.search(text), f"{q.full_id}: Chinese in the English page's meta {text!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questions_are_searched_on_their_chapters_pages_only(site, lang):
    """The chapters' interview pages are in the search index already: the practice page's copies
    are kept out of it (data-search-exclude), or every search would find each question twice."""
    index = json.loads((site / LANGUAGES[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))

    def plain(text: str) -> str:  # without markup, and without the zh index's word breaks (U+200B)
        return re.sub(r"[\s\u200b`*]", "", html.unescape(re.sub(r"<[^>]+>", "", text)))

    def entries(where) -> str:
        return plain(" ".join(d["title"] + d["text"] for d in index["docs"] if where(d["location"])))

    practice = entries(lambda location: location.startswith("practice/"))
    interview = entries(lambda location: "/interview/" in location)
    titles = [plain(q.title)[:16] for q in source_questions(ROOT / "docs", lang)]
    found = [t for t in titles if t in practice]
    assert not found, f"{len(found)} questions are in the practice page's search entries, e.g. {found[:3]}"
    missing = [t for t in titles if t not in interview]
    assert len(missing) < len(titles) // 10, f"not found on the interview pages: {missing[:5]}"


def test_page_carries_the_renamed_ids_of_the_registry(site):
    for lang in LANGUAGES:
        root = built_page(site, lang).select_one(".opskb-practice")
        assert json.loads(root["data-renamed"]) == (registry().get("renamed") or {})


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


SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.js$")
FSRS_MARK = "FSRSVersion"  # in every ts-fsrs build


def local_scripts(site: Path, page_file: Path) -> list[Path]:
    page_url = "http://site/" + page_file.relative_to(site).as_posix()
    found = []
    for src in SCRIPT_SRC.findall(page_file.read_text(encoding="utf-8")):
        parts = urlsplit(urljoin(page_url, src))
        if parts.netloc == "site":
            found.append(site / unquote(parts.path).lstrip("/"))
    return found


def test_scheduler_is_vendored_fingerprinted_small_and_loaded_on_the_practice_page_only(site):
    practice_pages = {site / prefix / "practice" / "index.html" for prefix in LANGUAGES.values()}
    scheduler_files = set()
    for page_file in practice_pages:
        scripts = local_scripts(site, page_file)
        assert all(s.is_file() for s in scripts), f"{page_file}: missing scripts {scripts}"
        fsrs_scripts = [s for s in scripts if FSRS_MARK in s.read_text(encoding="utf-8", errors="replace")]
        assert len(fsrs_scripts) == 1, f"{page_file}: scripts holding ts-fsrs: {fsrs_scripts}"
        scheduler_files |= set(fsrs_scripts)
        practice_js = [s for s in scripts if s.name.startswith("practice.")]
        assert len(practice_js) == 1, scripts
        for script in (*fsrs_scripts, *practice_js):
            assert FINGERPRINTED.search(script.name), f"{script.name} has no content hash in its name"
    assert len(scheduler_files) == 1
    scheduler = scheduler_files.pop()
    size = len(gzip.compress(scheduler.read_bytes(), 9))
    assert size <= 20 * 1024, f"{scheduler.name}: {size} bytes gzip, more than 20 KB"
    for page_file in site.rglob("*.html"):
        if page_file in practice_pages:
            continue
        names = {s.name for s in local_scripts(site, page_file)}
        assert scheduler.name not in names, f"{page_file.relative_to(site)} loads the scheduler"
        assert not [n for n in names if n.startswith("practice.")], f"{page_file.relative_to(site)} loads practice.js"


# --- In the browser: helpers -------------------------------------------------------------------


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def store_key(lang: str) -> str:
    return f"ops-kb.practice.v2.{lang}"


def practice_url(site_url: str, lang: str) -> str:
    return f"{site_url}{LANGUAGES[lang]}practice/"


def seed(page, site_url: str, items: dict[str, str]) -> None:
    """localStorage of the site's origin holds exactly `items` (set from a small page of the site)."""
    page.goto(site_url + "404.html")  # a small page of the site (a text file would ask for /favicon.ico)
    page.evaluate(
        "items => { localStorage.clear(); for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v) }",
        items,
    )


def open_practice(page, site_url: str, lang: str = "zh", at: datetime | None = None) -> None:
    if at is not None:
        page.clock.set_fixed_time(at)
    page.goto(practice_url(site_url, lang))
    page.wait_for_selector("select.opskb-practice-queue")


def raw_store(page, lang: str) -> str | None:
    return page.evaluate("k => localStorage.getItem(k)", store_key(lang))


def stored_cards(page, lang: str) -> dict:
    raw = raw_store(page, lang)
    if raw is None:
        return {}
    data = json.loads(raw)
    assert data["version"] == 2, data
    return data["cards"]


def blur(page) -> None:
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def press(page, *keys: str) -> None:
    """Keys pressed with nothing focused (a focused select or button would take them)."""
    blur(page)
    for key in keys:
        page.keyboard.press(key)


def current_id(page) -> str | None:
    shown = page.locator(".opskb-practice-question:visible")
    count = shown.count()
    assert count <= 1, f"{count} questions shown at once"
    return shown.get_attribute("data-id") if count else None


def answer_shown(page) -> bool:
    return page.locator(".opskb-practice-question:visible details[open]").count() == 1


def choose(page, name: str, value: str, label: str | None = None) -> None:
    """Pick an option of `select.<name>` by its value (or, failing that, by the start of its label)."""
    select = page.locator(f"select.{name}")
    options = select.locator("option").evaluate_all("os => os.map(o => [o.value, o.textContent.trim()])")
    for option_value, _ in options:
        if option_value == value:
            select.select_option(value=option_value)
            return
    for option_value, text in options:
        if label and text.startswith(label):
            select.select_option(value=option_value)
            return
    raise AssertionError(f"select.{name} has no option {value!r} ({label!r}): {options}")


def choose_first(page, name: str) -> None:
    """The first option: "all" of a filter."""
    page.locator(f"select.{name}").select_option(index=0)


def walk(page, most: int = 600) -> list[str]:
    """Every question of the current queue, in order: back to its start, then → to its end."""
    previous = None
    for _ in range(most):
        press(page, "ArrowLeft")
        shown = current_id(page)
        if shown == previous:
            break
        previous = shown
    seen = [current_id(page)] if current_id(page) else []
    for _ in range(most):
        press(page, "ArrowRight")
        shown = current_id(page)
        if shown is None or shown == seen[-1]:
            break
        seen.append(shown)
    return seen


def go_to(page, card_id: str) -> None:
    """Show one question: all cards of its chapter, then ← / → until it is shown."""
    choose(page, "opskb-practice-queue", "all")
    choose(page, "opskb-practice-chapter-filter", card_id.split("/")[0])
    if current_id(page) == card_id:
        return
    ids = walk(page)
    assert card_id in ids, f"{card_id} is not in its chapter's queue: {ids}"
    for _ in range(len(ids)):
        if current_id(page) == card_id:
            return
        press(page, "ArrowLeft")
    raise AssertionError(f"could not reach {card_id}")


def reveal(page) -> None:
    if not answer_shown(page):
        press(page, " ")
    assert answer_shown(page), "Space did not show the answer"


def rate_button(page, rating: int):
    return page.locator(f'button.opskb-rate[data-rating="{rating}"]:visible')


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


def message(page) -> str:
    box = page.locator(".opskb-practice-message[role=status]")
    assert box.count() == 1, "no .opskb-practice-message[role=status]"
    return box.inner_text().strip()


def in_language(text: str, lang: str) -> bool:
    return bool(CJK.search(text)) if lang == "zh" else bool(re.search(r"[A-Za-z]{3}", text)) and not CJK.search(text)


def reference_card(stored: dict) -> Card:
    """The Python reference's card for a stored (ts-fsrs) card, to review it further."""
    state = State(stored["state"]) if stored["state"] else State.Learning
    return Card(
        state=state,
        step=None if state == State.Review else 0,
        stability=stored["stability"] or None,
        difficulty=stored["difficulty"] or None,
        due=parse(stored["due"]),
        last_review=parse(stored["last_review"]) if stored.get("last_review") else None,
    )


def assert_matches_reference(stored: dict, reference: Card, where: str) -> None:
    due = parse(stored["due"])
    assert abs((due - reference.due).total_seconds()) < 60, f"{where}: due {stored['due']}, reference {reference.due}"
    assert stored["state"] == int(reference.state), f"{where}: state {stored['state']}, reference {reference.state!r}"
    assert stored["stability"] == pytest.approx(reference.stability, rel=1e-5), where
    assert stored["difficulty"] == pytest.approx(reference.difficulty, rel=1e-5), where


def card_json(
    due: datetime,
    last_review: datetime | None,
    state: int = 2,
    stability: float = 8.0,
    difficulty: float = 5.0,
    reps: int = 3,
    lapses: int = 0,
) -> dict:
    """A card as the contract stores it (the ts-fsrs Card, dates as ISO 8601)."""
    return {
        "due": iso(due),
        "stability": stability,
        "difficulty": difficulty,
        "elapsed_days": 0,
        "scheduled_days": (due - last_review).days if last_review else 0,
        "learning_steps": 0,
        "reps": reps,
        "lapses": lapses,
        "state": state,
        "last_review": iso(last_review) if last_review else None,
    }


def fields(cards: dict) -> dict:
    """Stored cards with the contract's fields only."""
    return {card_id: {k: card.get(k) for k in CARD_FIELDS} for card_id, card in cards.items()}


def store(cards: dict) -> str:
    return json.dumps({"version": 2, "cards": cards})


# --- In the browser: scheduling ------------------------------------------------------------------

# Three cards (A, B, C: the first three questions of the network chapter), 21 ratings over ten
# weeks, at set clock times (UTC). Each day's reviews are at the card's due time or later and at
# the same time of day or later than the day before, and Hard comes only at a first learning step:
# there ts-fsrs 5.4.2's own scheduler and fsrs 6.3.2 agree to the minute.
RATINGS = [
    ("2026-12-07T09:00", "A", Rating.Good),
    ("2026-12-07T09:02", "B", Rating.Hard),
    ("2026-12-07T09:03", "C", Rating.Easy),
    ("2026-12-07T09:08", "B", Rating.Good),
    ("2026-12-07T09:10", "A", Rating.Good),
    ("2026-12-07T09:18", "B", Rating.Good),
    ("2026-12-08T09:18", "B", Rating.Good),
    ("2026-12-09T09:10", "A", Rating.Again),
    ("2026-12-09T09:20", "A", Rating.Hard),
    ("2026-12-09T09:35", "A", Rating.Good),
    ("2026-12-10T09:35", "A", Rating.Easy),
    ("2026-12-13T09:18", "B", Rating.Hard),
    ("2026-12-13T09:35", "A", Rating.Good),
    ("2026-12-15T09:03", "C", Rating.Good),
    ("2026-12-26T09:18", "B", Rating.Good),
    ("2027-01-26T09:03", "C", Rating.Again),
    ("2027-01-26T09:13", "C", Rating.Good),
    ("2027-01-29T09:13", "C", Rating.Easy),
    ("2027-02-11T09:13", "C", Rating.Again),
    ("2027-02-11T09:28", "C", Rating.Again),
    ("2027-02-11T09:40", "C", Rating.Good),
]


# Two more cards (D, E: the network chapter's fourth and fifth), where ts-fsrs's own scheduler
# and fsrs 6.3.2 part (checked outside the browser; /work/wt/reviews/practice-tests.md): reviews
# either side of midnight UTC less than a day apart (fsrs counts whole 24-hour days, ts-fsrs
# calendar days), Hard at the second learning step (fsrs repeats the step: 10 min; ts-fsrs 6),
# a Review card rated again within the day, and Hard and Good intervals that round alike.
EDGE_RATINGS = [
    ("2026-12-07T23:50", "D", Rating.Good),
    ("2026-12-07T23:58", "E", Rating.Easy),
    ("2026-12-08T00:02", "E", Rating.Good),
    ("2026-12-08T00:05", "D", Rating.Hard),
    ("2026-12-08T00:15", "D", Rating.Good),
    ("2026-12-09T23:55", "D", Rating.Good),
    ("2026-12-12T00:30", "D", Rating.Again),
    ("2026-12-12T00:40", "D", Rating.Good),
    ("2026-12-13T00:45", "D", Rating.Good),
    ("2026-12-14T23:59", "D", Rating.Hard),
    ("2026-12-20T12:00", "E", Rating.Hard),
    ("2026-12-20T12:30", "E", Rating.Good),
    ("2027-01-10T23:59", "E", Rating.Easy),
]


def label_shows(label: str, interval: timedelta) -> bool | None:
    """Whether a rating button's label shows `interval` (None: not checked, its unit is a guess)."""
    minutes = interval.total_seconds() / 60
    if minutes < 60 and minutes == int(minutes):
        return int(minutes) in numbers(label)
    if timedelta(days=1) <= interval < timedelta(days=7) and interval.seconds == 0:
        return interval.days in numbers(label)
    return None


@pytest.mark.browser
@pytest.mark.parametrize(
    "ratings", [RATINGS, EDGE_RATINGS], ids=["where the libraries agree", "where ts-fsrs's scheduler differs"]
)
def test_ratings_schedule_like_the_python_reference(page, site_url, site, ratings):
    network = [i for i in page_order(site, "zh") if i.startswith("network/")]
    ids = dict(zip("ABCDE", network[:5], strict=True))
    ids = {name: ids[name] for name in sorted({name for _, name, _ in ratings})}
    reference = {name: Card() for name in ids}
    reviews = {name: 0 for name in ids}
    lapses = {name: 0 for name in ids}
    session = None
    for when, name, rating in ratings:
        moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
        where = f"{when} {name} ({ids[name]}) {rating.name}"
        if moment.date() != session:  # a new day: the reader opens the page again
            open_practice(page, site_url, "zh", moment)
            session = moment.date()
        else:  # minutes later, the page still open
            page.clock.set_fixed_time(moment)
        go_to(page, ids[name])
        reveal(page)
        buttons = [rate_button(page, r) for r in (1, 2, 3, 4)]
        assert all(b.count() == 1 for b in buttons), f"{where}: the four rating buttons are not shown"
        labels = [b.inner_text().strip() for b in buttons]
        if reviews[name] == 0:  # a new card: 1 min, (1 + 10) / 2 min, 10 min, 8 days
            assert 1 in numbers(labels[0]) and 10 in numbers(labels[2]) and 8 in numbers(labels[3]), labels
        assert len(set(labels)) == 4 and all(numbers(label) for label in labels), f"{where}: {labels}"
        was_review = reference[name].state == State.Review
        reference[name], _ = SCHEDULER.review_card(reference[name], rating, moment)
        shows = label_shows(labels[rating - 1], reference[name].due - moment)
        assert shows is not False, (
            f"{where}: the button says {labels[rating - 1]!r}, the interval is {reference[name].due - moment}"
        )
        buttons[rating - 1].click()
        reviews[name] += 1
        lapses[name] += rating == Rating.Again and was_review
        card = stored_cards(page, "zh").get(ids[name])
        assert card, f"{where}: no card stored"
        assert set(CARD_FIELDS) <= set(card), f"{where}: fields missing: {sorted(set(CARD_FIELDS) - set(card))}"
        assert_matches_reference(card, reference[name], where)
        assert abs((parse(card["last_review"]) - moment).total_seconds()) < 60, (
            f"{where}: last_review {card['last_review']}"
        )
        assert (card["reps"], card["lapses"]) == (reviews[name], lapses[name]), where


@pytest.mark.browser
def test_due_queue_is_the_default_new_and_all_queues_and_filters(page, site_url, site):
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    network = [i for i in page_order(site, "zh") if i.startswith("network/")]
    due, later, learning = network[:3]
    fresh = set(network[3:])
    seed(
        page,
        site_url,
        {
            store_key("zh"): store(
                {
                    due: card_json(now - timedelta(days=1), now - timedelta(days=9)),
                    later: card_json(now + timedelta(days=3), now - timedelta(days=5)),
                    learning: card_json(now - timedelta(minutes=5), now - timedelta(minutes=15), state=1, reps=1),
                }
            )
        },
    )
    open_practice(page, site_url, "zh", now)
    assert page.locator("select.opskb-practice-queue").input_value() == "due"
    choose(page, "opskb-practice-chapter-filter", "network")
    in_due = set(walk(page))
    assert {due, learning} <= in_due and later not in in_due, in_due
    choose(page, "opskb-practice-queue", "new")
    in_new = set(walk(page))
    assert in_new == fresh, f"new queue: {sorted(in_new ^ fresh)} differ"
    choose(page, "opskb-practice-queue", "all")
    assert walk(page) == network

    # Level and tag filters, alone and with the chapter filter.
    questions = source_questions(ROOT / "docs", "zh")
    level = next(q.level for q in questions if q.chapter == "network")
    choose(page, "opskb-practice-level-filter", level, LEVEL_LABELS["zh"][level])
    expected = [i for i in page_order(site, "zh") if i in {q.full_id for q in questions if q.level == level}]
    assert walk(page) == [i for i in expected if i.startswith("network/")]
    choose_first(page, "opskb-practice-chapter-filter")
    assert walk(page) == expected
    choose_first(page, "opskb-practice-level-filter")
    tag = next(q.tags[0] for q in questions if q.chapter == "network")
    choose(page, "opskb-practice-tag-filter", tag, tag_labels()[tag]["zh"])
    tagged = [i for i in page_order(site, "zh") if i in {q.full_id for q in questions if tag in q.tags}]
    assert walk(page) == tagged

    # Shuffle keeps the same questions (in another order, given enough of them).
    choose_first(page, "opskb-practice-tag-filter")
    choose(page, "opskb-practice-chapter-filter", "network")
    page.locator(".opskb-practice-shuffle").click()
    shuffled = walk(page)
    assert sorted(shuffled) == sorted(network)
    if len(network) >= 8:
        assert shuffled != network, "shuffle kept the order"


# --- In the browser: ids that change, old progress -----------------------------------------------


@pytest.mark.browser
def test_a_renamed_id_carries_its_progress(page, site_url, site):
    """data-renamed (from the registry's `renamed`) moves a card to its new id: the page is served
    with a rename planted in it."""
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    new_id = page_order(site, "zh")[0]
    old_id = new_id.split("/")[0] + "/an-old-wording-of-this-question"
    renamed = json.dumps({old_id: new_id})

    def plant(route):
        body = route.fetch().text()
        attribute = re.compile(r"data-renamed=(\"[^\"]*\"|'[^']*')")
        planted = f"data-renamed='{renamed}'"
        body = attribute.sub(planted, body, count=1) if attribute.search(body) else body
        assert planted in body, "the practice page has no data-renamed attribute"
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

    page.route(practice_url(site_url, "zh"), plant)
    card = card_json(now + timedelta(days=4), now - timedelta(days=4))
    seed(page, site_url, {store_key("zh"): store({old_id: card})})
    open_practice(page, site_url, "zh", now)
    cards = stored_cards(page, "zh")
    assert old_id not in cards
    assert fields(cards)[new_id] == card


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_old_known_and_unknown_marks_carry_over(page, site_url, site, lang):
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    questions = {q.full_id: q for q in source_questions(ROOT / "docs", lang)}
    known, unknown, untouched = page_order(site, lang)[:3]
    legacy = json.dumps(
        {
            legacy_id(known.split("/")[0], questions[known].title): "known",
            legacy_id(unknown.split("/")[0], questions[unknown].title): "unknown",
            "network/0123456789": "known",  # a question that no longer exists
        }
    )
    old_key = f"ops-kb.practice.{lang}"
    seed(page, site_url, {old_key: legacy})
    open_practice(page, site_url, lang, now)
    cards = stored_cards(page, lang)
    assert set(cards) == {known, unknown}, sorted(cards)
    for card in cards.values():
        assert set(CARD_FIELDS) <= set(card) and card["state"] in (0, 1, 2, 3), card
    assert parse(cards[known]["due"]) >= parse(cards[unknown]["due"]), "a known card is due before an unknown one"
    assert untouched not in cards
    assert page.evaluate("k => localStorage.getItem(k)", old_key) == legacy, "the old key was changed"
    first = raw_store(page, lang)
    open_practice(page, site_url, lang, now)
    assert raw_store(page, lang) == first, "the old marks were carried over again on the next load"
    # The other language's store is its own.
    assert raw_store(page, "en" if lang == "zh" else "zh") is None


# --- In the browser: export and import -----------------------------------------------------------


def export_file(page, lang: str) -> tuple[str, dict]:
    with page.expect_download() as info:
        page.locator(".opskb-practice-export").click()
    download = info.value
    return download.suggested_filename, json.loads(Path(download.path()).read_text(encoding="utf-8"))


def import_file(page, content: str | bytes, name: str = "progress.json") -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    page.locator("input[type=file].opskb-practice-import").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": data}]
    )


def exported(lang: str, cards: dict, version: int = 1, **fields) -> str:
    data = {"format": "ops-kb-practice", "version": version, "language": lang, "exported": iso(NOW), "cards": cards}
    return json.dumps({**data, **fields})


NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_export_downloads_the_cards_of_this_language(page, site_url, site, lang):
    first, second = page_order(site, lang)[:2]
    cards = {
        first: card_json(NOW + timedelta(days=2), NOW - timedelta(days=1)),
        second: card_json(NOW + timedelta(minutes=10), NOW, state=1, stability=2.3065, difficulty=2.1, reps=1),
    }
    seed(page, site_url, {store_key(lang): store(cards)})
    open_practice(page, site_url, lang, NOW)
    name, data = export_file(page, lang)
    assert name == f"ops-kb-practice-{lang}-2026-12-07.json"
    assert (data["format"], data["version"], data["language"]) == ("ops-kb-practice", 1, lang)
    assert abs((parse(data["exported"]) - NOW).total_seconds()) < 60
    assert fields(data["cards"]) == cards
    # Importing one's own export changes nothing.
    before = stored_cards(page, lang)
    import_file(page, json.dumps(data))
    page.wait_for_function("() => document.querySelector('.opskb-practice-message').textContent.trim()")
    assert fields(stored_cards(page, lang)) == fields(before)
    assert in_language(message(page), lang)


@pytest.mark.browser
def test_import_merges_by_id_and_the_later_review_wins(page, site_url, site):
    a, b, c, d = page_order(site, "zh")[:4]
    local = {
        a: card_json(NOW + timedelta(days=3), NOW - timedelta(days=5)),  # older than the file's
        b: card_json(NOW + timedelta(days=9), NOW - timedelta(days=1), stability=12.0),  # newer than the file's
        d: card_json(NOW + timedelta(days=1), NOW - timedelta(days=2), stability=3.0),  # not in the file
    }
    incoming = {
        a: card_json(NOW + timedelta(days=20), NOW - timedelta(days=2), stability=20.0, reps=5),
        b: card_json(NOW + timedelta(days=2), NOW - timedelta(days=3), stability=4.0, reps=2),
        c: card_json(NOW + timedelta(days=6), NOW - timedelta(days=4), stability=6.0, reps=4),  # new here
    }
    seed(page, site_url, {store_key("zh"): store(local)})
    open_practice(page, site_url, "zh", NOW)
    import_file(page, exported("zh", incoming))
    page.wait_for_function("() => document.querySelector('.opskb-practice-message').textContent.trim()")
    cards = fields(stored_cards(page, "zh"))
    assert cards == {a: incoming[a], b: local[b], c: incoming[c], d: local[d]}
    assert in_language(message(page), "zh")
    # The merge is kept.
    open_practice(page, site_url, "zh", NOW)
    assert fields(stored_cards(page, "zh")) == cards


def bad_files(lang: str, some_id: str) -> dict[str, str]:
    other = "en" if lang == "zh" else "zh"
    good_card = card_json(NOW + timedelta(days=2), NOW - timedelta(days=1))
    return {
        "not JSON": '{"format": "ops-kb-practice", "version": 1,',
        "wrong shape": json.dumps({"format": "ops-kb-practice", "version": 1, "language": lang, "cards": [1, 2]}),
        "unknown version": exported(lang, {some_id: good_card}, version=99),
        "other language": exported(other, {some_id: good_card}),
    }


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bad_import_changes_nothing_and_says_why(page, site_url, site, lang):
    first = page_order(site, lang)[0]
    seed(page, site_url, {store_key(lang): store({first: card_json(NOW + timedelta(days=1), NOW - timedelta(days=1))})})
    open_practice(page, site_url, lang, NOW)
    before = raw_store(page, lang)
    # The file input has a visible label.
    input_id = page.locator("input[type=file].opskb-practice-import").get_attribute("id")
    labelled = page.locator(f'label[for="{input_id}"]:visible') if input_id else None
    wrapped = page.locator("label:visible", has=page.locator("input[type=file].opskb-practice-import"))
    assert (labelled is not None and labelled.count()) or wrapped.count(), "the import field has no visible label"
    messages = {}
    for kind, content in bad_files(lang, first).items():
        page.evaluate(
            "() => { const m = document.querySelector('.opskb-practice-message'); if (m) m.textContent = '' }"
        )
        import_file(page, content, f"{kind}.json")
        page.wait_for_function("() => document.querySelector('.opskb-practice-message').textContent.trim()")
        text = message(page)
        assert in_language(text, lang), f"{kind}: the message is not in the page's language: {text!r}"
        assert raw_store(page, lang) == before, f"{kind}: the stored progress changed"
        messages[kind] = text
    assert len(set(messages.values())) == len(messages), f"the messages do not say why: {messages}"


# --- In the browser: storage that fails ----------------------------------------------------------

STORAGE_FAULTS = {
    "full": """Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError") }""",
    # Only for the practice page's scripts: Material's inline palette script reads localStorage
    # without a try and would fail first (see /work/wt/reviews/practice-tests.md).
    "disabled": """(() => {
        const real = (Object.getOwnPropertyDescriptor(window, "localStorage")
            || Object.getOwnPropertyDescriptor(Window.prototype, "localStorage")).get
        const denied = () => new DOMException("The operation is insecure.", "SecurityError")
        Object.defineProperty(window, "localStorage", { configurable: true, get() {
            if (/practice(\\.[0-9a-f]{8})?\\.js|fsrs/.test(new Error().stack)) throw denied()
            return real.call(window) } }) })()""",
}


@pytest.mark.browser
@pytest.mark.parametrize("fault", STORAGE_FAULTS)
def test_storage_full_or_disabled_shows_a_message_and_rating_works_for_the_visit(page, site_url, site, fault):
    page.add_init_script(STORAGE_FAULTS[fault])
    open_practice(page, site_url, "zh", NOW)
    card_id = page_order(site, "zh")[0]
    go_to(page, card_id)
    reveal(page)
    before = rate_button(page, 3).inner_text()
    rate_button(page, 3).click()  # Good: a new card goes to its second learning step (10 min)
    page.wait_for_function("() => document.querySelector('.opskb-practice-message').textContent.trim()")
    assert in_language(message(page), "zh"), message(page)
    go_to(page, card_id)
    reveal(page)
    after = rate_button(page, 3).inner_text()
    assert after != before, "rating did not change the card for this visit"
    # Good again graduates the card: 2 days (the reference says so too).
    card, _ = SCHEDULER.review_card(Card(), Rating.Good, NOW)
    card, _ = SCHEDULER.review_card(card, Rating.Good, NOW)
    assert (card.due - NOW).days in numbers(after), after


# --- In the browser: keyboard only ---------------------------------------------------------------


@pytest.mark.browser
def test_keyboard_only_reveal_rate_with_1_to_4_and_move(page, site_url, site):
    """Four cards due (the first four of the page); Space shows the answer, 1-4 rate it (not
    before the answer is shown, not while typing in the search box); the reference agrees."""
    order = page_order(site, "zh")
    last_review = NOW - timedelta(days=9)
    seeded = {i: card_json(NOW - timedelta(days=1), last_review) for i in order[:4]}
    seed(page, site_url, {store_key("zh"): store(seeded)})
    open_practice(page, site_url, "zh", NOW)
    assert current_id(page) in seeded, "the due queue does not start with a due card"

    # Typing in the search box neither reveals nor rates.
    page.locator("input.md-search__input").click()
    page.keyboard.type(" 1234")
    page.keyboard.press("Escape")
    assert fields(stored_cards(page, "zh")) == seeded
    # 1-4 before the answer is shown do nothing.
    press(page, "3")
    assert fields(stored_cards(page, "zh")) == seeded
    rated = {}
    for key in ("1", "2", "3", "4"):
        shown = current_id(page)
        assert shown in seeded and shown not in rated, f"key {key}: {shown} shown"
        reveal(page)
        press(page, key)
        rated[shown] = int(key)
        if current_id(page) == shown:  # the page stays on the rated card: move on with →
            press(page, "ArrowRight")
    cards = stored_cards(page, "zh")
    for card_id, rating in rated.items():
        reference, _ = SCHEDULER.review_card(reference_card(seeded[card_id]), Rating(rating), NOW)
        assert_matches_reference(cards[card_id], reference, f"{card_id} rated {rating}")
    # ← and → move between questions of a queue.
    choose(page, "opskb-practice-queue", "all")
    press(page, "ArrowRight")
    second = current_id(page)
    press(page, "ArrowLeft")
    assert current_id(page) != second


@pytest.mark.browser
def test_every_control_is_reached_with_the_tab_key(page, site_url):
    open_practice(page, site_url, "zh", NOW)
    choose(page, "opskb-practice-queue", "all")
    reveal(page)
    blur(page)
    wanted = {
        "select.opskb-practice-queue",
        "select.opskb-practice-chapter-filter",
        "select.opskb-practice-tag-filter",
        "select.opskb-practice-level-filter",
        ".opskb-practice-shuffle",
        ".opskb-practice-export",
        "input[type=file].opskb-practice-import",
        'button.opskb-rate[data-rating="1"]',
        'button.opskb-rate[data-rating="4"]',
    }
    reached = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        reached |= set(
            page.evaluate(
                "sels => sels.filter(s => document.activeElement && document.activeElement.matches(s))", list(wanted)
            )
        )
        if reached == wanted:
            break
    assert reached == wanted, f"not reached with Tab: {sorted(wanted - reached)}"


# --- In the browser: what the reader sees --------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_forecast_chart_shows_the_coming_days_with_a_text_alternative(page, site_url, site, lang):
    order = page_order(site, lang)
    cards = {i: card_json(NOW + timedelta(days=1), NOW - timedelta(days=3)) for i in order[:3]}
    cards |= {i: card_json(NOW + timedelta(days=2), NOW - timedelta(days=3)) for i in order[3:8]}
    seed(page, site_url, {store_key(lang): store(cards)})
    open_practice(page, site_url, lang, NOW)
    figure = page.locator("figure.opskb-practice-forecast")
    figure.wait_for(state="visible")
    text = figure.evaluate(
        """f => { const copy = f.cloneNode(true); copy.querySelectorAll('svg').forEach(s => s.remove());
                  return copy.textContent }"""
    )
    assert 3 in numbers(text) and 5 in numbers(text), f"the counts are not readable without the chart: {text!r}"
    assert in_language(text, lang), text
    scripts = page.evaluate("() => [...document.scripts].map(s => s.src)")
    assert not [s for s in scripts if re.search(r"chart|d3|plotly|echarts", s, re.I)], scripts


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_page_is_the_complete_list(browser, site_url, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(practice_url(site_url, lang))
        assert page.locator("button.opskb-rate, select.opskb-practice-queue").count() == 0
        summaries = page.locator(".opskb-practice-question summary")
        total = len(source_questions(ROOT / "docs", lang))
        assert summaries.count() == total
        assert page.locator(".opskb-practice-question:visible").count() == total
        assert page.locator(".opskb-practice-meta:visible").count() == total
        first = page.locator(".opskb-practice-question details").first
        first.locator("summary").click()  # native <details>: works without JavaScript
        assert first.locator("a").first.is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_script_does_nothing_on_other_pages(page, site_url):
    page.goto(f"{site_url}linux/interview/")
    assert page.locator("select.opskb-practice-queue, button.opskb-rate").count() == 0
    page.keyboard.press("3")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('practice'))") == []
