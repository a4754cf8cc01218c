"""The content plugin's pure steps: practice questions and their links, baselines, checkbox names."""

import pytest

from opskb.plugins.content.baselines import problems, render
from opskb.plugins.content.practice import interview_chapters, questions, rewrite_links
from opskb.plugins.content.task_lists import label_task_lists


@pytest.mark.parametrize(
    "target,rewritten",
    [
        ("boot.md#grub2", "linux/boot.md#grub2"),
        ("#boot", "linux/interview.md#boot"),
        ("../network/arp.md", "network/arp.md"),
        ("https://man7.org/x", "https://man7.org/x"),
        ("/abs/path/", "/abs/path/"),
    ],
)
def test_practice_links_resolve_from_the_practice_page(target, rewritten):
    assert rewrite_links(f"[x]({target})", "linux") == f"[x]({rewritten})"


def test_questions_are_the_indented_bodies_of_question_blocks(tmp_path):
    page = tmp_path / "interview.md"
    page.write_text(
        '# Q\n\n## G {#g}\n\n??? question "One?"\n    Yes.\n\n    More.\n\nNot part.\n??? question "Two?"\n    No.\n',
        encoding="utf-8",
    )
    assert questions(page) == [("One?", ["    Yes.", "", "    More.", ""]), ("Two?", ["    No."])]


def test_interview_chapters_follow_the_nav():
    nav = [
        {"Home": "index.md"},
        {
            "System": [
                {"Linux": ["linux/index.md", "linux/interview.md"]},
                {"DNS": ["dns/index.md", "dns/interview.md"]},
            ]
        },
        {"Review": ["practice.md"]},
    ]
    assert interview_chapters(nav) == ["linux", "dns"]


BASELINE = {"versions": {"debian": "12", "nginx": ["1.28", "1.30"]}, "environment": "Debian 12", "reviewed": "2026-12"}


@pytest.mark.parametrize(
    "language,line",
    [
        ("zh", 'Debian 12、nginx 1.28 / 1.30 · <time datetime="2026-12">2026 年 12 月</time>审阅'),
        ("en", 'Debian 12, nginx 1.28 / 1.30 · reviewed <time datetime="2026-12">December 2026</time>'),
    ],
)
def test_a_baseline_is_one_line_with_the_environment_on_demand(language, line):
    environment = {"zh": "Debian 12（bookworm）软件包：nginx 1.22.1", "en": "Debian 12 (bookworm): nginx 1.22.1"}
    label = {"zh": "输出采集环境：", "en": "Outputs captured on "}
    applies = {"zh": "适用于 ", "en": "Applies to "}
    html = render({**BASELINE, "environment": environment[language]}, language)
    assert html == (
        f'<details class="opskb-baseline" data-search-exclude><summary>{applies[language]}{line}</summary>'
        f"<p>{label[language]}{environment[language]}</p></details>"
    )


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("none", ["none", "None", " none "])
def test_a_baseline_without_captured_output_has_no_environment(language, none):
    html = render({**BASELINE, "environment": none}, language)
    assert html.startswith('<p class="opskb-baseline" data-search-exclude>') and html.endswith("</p>")
    assert "<details" not in html and "none" not in html.lower().replace("data-search-exclude", "")
    assert ("适用于" if language == "zh" else "Applies to") in html


def test_a_baseline_escapes_what_it_shows():
    html = render({**BASELINE, "environment": "Debian 12 <bookworm> & co"}, "en")
    assert "Debian 12 &lt;bookworm&gt; &amp; co" in html


def test_kept_reasons_are_not_shown():
    kept = {**BASELINE, "kept": {"nginx": "outputs captured with nginx 1.22.1"}}
    assert not problems(kept)
    assert render(kept, "en") == render(BASELINE, "en")


@pytest.mark.parametrize(
    "change,message",
    [
        ({"versions": {"no-such-product": "1"}}, "unknown product id"),
        ({"versions": {"nginx": 1.3}}, "quoted string"),
        ({"reviewed": "2026-13"}, "YYYY-MM"),
        ({"environment": ""}, "environment"),
        ({"kept": "because"}, "`baseline.kept` must map product ids"),
        ({"kept": {"redis": "outputs captured with 7.0"}}, "which `baseline.versions` does not list"),
        ({"kept": {"nginx": ""}}, "must give the reason"),
        ({"keep": {"nginx": "typo"}}, "unknown key `baseline.keep`"),
    ],
)
def test_invalid_baselines_say_what_is_wrong(change, message):
    found = problems({**BASELINE, **change})
    assert any(message in problem for problem in found), found


def test_task_list_checkboxes_get_the_item_text_as_name():
    html = (
        '<ul><li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled/>'
        '<span class="task-list-indicator"></span></label> Back up <code>/etc</code></li></ul>'
    )
    assert 'aria-label="Back up /etc"' in label_task_lists(html)
    assert label_task_lists("<p>no list</p>") == "<p>no list</p>"
