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


def test_a_valid_baseline_renders_in_the_page_language():
    assert not problems(BASELINE)
    zh, en = render(BASELINE, "zh"), render(BASELINE, "en")
    assert "适用于" in zh and "2026 年 12 月" in zh and "nginx 1.28 / 1.30" in zh
    assert "Applies to" in en and "December 2026" in en and "data-search-exclude" in en


@pytest.mark.parametrize(
    "change,message",
    [
        ({"versions": {"no-such-product": "1"}}, "unknown product id"),
        ({"versions": {"nginx": 1.3}}, "quoted string"),
        ({"reviewed": "2026-13"}, "YYYY-MM"),
        ({"environment": ""}, "environment"),
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
