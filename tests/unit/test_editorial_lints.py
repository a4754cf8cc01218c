"""The writing lints of tests/support/editorial.py on planted pages: each planted fault reported at
its file and line, the allowed forms next to it not reported."""

from pathlib import Path

import pytest

from support.editorial import (
    check_lead_ins,
    check_notes_heading_ids,
    check_semicolon_chains,
    check_since_tense,
    check_terminology,
    check_zh_link_spacing,
)


def plant(docs: Path, pages: dict[str, str]) -> dict[str, Path]:
    paths = {}
    for rel, text in pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths[rel] = path
    return paths


def found(problems) -> list[tuple[str, int]]:
    return sorted((f"{p.path.parent.parent.name}/{p.path.parent.name}/{p.path.name}", p.line) for p in problems)


LEAD_INS_EN = """# Page

Run the check first:

The command below replaces every rule, so save them before.

```bash
true
```

Announced by a list:

- one
- two

Announced by a table:

| a | b |
| --- | --- |

Announced by code, after an exec marker:

<!-- exec -->
```bash
true
```

!!! note "A box"
    Inside a box, also:

    ```bash
    true
    ```

- A list item announcing code:

    ```bash
    true
    ```

Announced by tabs:

=== "iptables"

    Text.

A hard-wrapped paragraph whose line ends with a colon:
goes on here, so it is no lead-in.

Then a heading comes:

## Heading {#heading}

The page ends:
"""


def test_lead_ins_followed_by_a_paragraph_heading_or_nothing_are_reported(tmp_path):
    plant(tmp_path, {"en/linux/page.md": LEAD_INS_EN, "zh/linux/page.md": "# 页\n\n先检查：\n\n这一步会覆盖规则。\n"})
    problems = check_lead_ins(tmp_path)
    assert found(problems) == [
        ("en/linux/page.md", 3),
        ("en/linux/page.md", 50),
        ("en/linux/page.md", 54),
        ("zh/linux/page.md", 3),
    ]
    assert "line 5 is a paragraph" in problems[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "`--cpu-percent` is deprecated since 1.35.",
        "nftables is GA since 1.33 and faster.",
        "MySQL defaults to `sync_binlog=1` since 5.7.7.",
        "Both are enabled since Linux 4.1.",
        "The official template ships since Zabbix 5.0.",
        "It is the default since March 2026.",
    ],
)
def test_present_tense_with_since_a_version_is_reported(tmp_path, sentence):
    plant(tmp_path, {"en/mysql/page.md": f"# Page\n\nFirst line.\n{sentence}\n"})
    assert found(check_since_tense(tmp_path)) == [("en/mysql/page.md", 4)]


@pytest.mark.parametrize(
    "sentence",
    [
        "It has been deprecated since 1.35.",
        "It has defaulted to 1 since 5.7.7.",
        "IPVS was deprecated in 1.35 and has been off since 1.40.",
        "Since 8.0 the log is on by default.",
        "Use a list, since 3 items read better that way.",
        "Keep `accept_mutex off` (the default since 1.11.3).",
        "After the grace period (50 seconds by default since 1.32, 40 before) the node is marked.",
        "Run `echo is set since 1.2` in code.",
        "It is deprecated as of 1.35.",
    ],
)
def test_perfect_tense_because_and_noun_phrases_are_fine(tmp_path, sentence):
    plant(tmp_path, {"en/mysql/page.md": f"# Page\n\n{sentence}\n\n```bash\necho it is on since 1.2\n```\n"})
    assert not check_since_tense(tmp_path)


def test_three_semicolons_in_a_sentence_are_reported_outside_code_and_tables(tmp_path):
    plant(
        tmp_path,
        {
            "en/shell/page.md": "# Page\n\n"
            "One; two. Three; four; five.\n"
            "A `a;b;c;d` command; then two more clauses; fine.\n"
            "| a; b; c; d | e |\n"
            "\n```bash\na; b; c; d\n```\n"
            "Loops: `for`; `while`; `until`; `select`.\n",
        },
    )
    problems = check_semicolon_chains(tmp_path)
    assert found(problems) == [("en/shell/page.md", 10)]
    assert "3 semicolons" in problems[0].message


def test_heading_ids_naming_notes_are_reported_outside_about(tmp_path):
    plant(
        tmp_path,
        {
            "en/shell/page.md": "# Page\n\n## Script {#port-check-notes-bugs}\n\n## Notebook {#notebook}\n",
            "zh/shell/page.md": "# 页\n\n## 脚本 {#notes}\n",
            "en/about/index.md": "# About\n\n## The notes {#the-notes}\n",
        },
    )
    assert found(check_notes_heading_ids(tmp_path)) == [("en/shell/page.md", 3), ("zh/shell/page.md", 3)]


def test_latin_led_links_right_after_chinese_are_reported(tmp_path):
    plant(
        tmp_path,
        {
            "zh/network/page.md": "# 页\n\n"
            "详见 [ARP](arp.md)，也见[ARP 解决什么问题](arp.md#what)。\n"
            "见[地址解析](arp.md)、[ARP](arp.md)和 `详见[ARP](x)`。\n"
            "见[3-2-1 规则](backup.md)。\n",
        },
    )
    problems = check_zh_link_spacing(tmp_path)
    assert found(problems) == [("zh/network/page.md", 3), ("zh/network/page.md", 5)]
    assert "见 [" in problems[0].message


@pytest.mark.parametrize(
    "lang,text,concept",
    [
        ("zh", "每个 IP 报文都会经过 PREROUTING。", "packet"),
        ("zh", "ARP 报文是广播。", "packet"),
        ("zh", "/etc/localtime 是一个符号链接。", "symbolic link"),
        ("en", "The acknowledgement number.", "acknowledgment"),
        ("en", "Use HTTP keep alive.", "keep-alive"),
    ],
)
def test_new_terms_are_reported(tmp_path, lang, text, concept):
    plant(tmp_path, {f"{lang}/network/page.md": f"# T\n\n{text}\n"})
    problems = check_terminology(tmp_path)
    assert found(problems) == [(f"{lang}/network/page.md", 3)] and f"terminology ({concept})" in problems[0].message


@pytest.mark.parametrize(
    "lang,text",
    [
        ("zh", "TCP 报文段、HTTP 报文、DNS 报文、请求报文和响应报文、ICMP 差错报文都对，数据包也对。"),
        ("zh", "## 软链接（符号链接） {#symbolic-link}"),
        ("en", "The acknowledgment number, HTTP keep-alive, TCP keepalive and Keepalived."),
    ],
)
def test_allowed_forms_of_the_new_terms_are_not_reported(tmp_path, lang, text):
    plant(tmp_path, {f"{lang}/network/page.md": f"# T\n\n{text}\n"})
    assert not check_terminology(tmp_path)
