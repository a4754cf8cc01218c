"""The baseline checks of tests/support/baseline.py on planted pages: each fault reported at its
file and line, and the allowed forms not reported."""

import datetime as dt

import pytest

from support.baseline import (
    check_baseline_parity,
    check_end_of_life_kept,
    check_environment_translated,
    untranslated_english,
)

TODAY = dt.date(2026, 12, 7)


def baseline(versions: str, environment: str, extra: str = "") -> str:
    return (
        f"---\nbaseline:\n  versions:\n{versions}  environment: {environment}\n{extra}  reviewed: 2026-12\n---\n# T\n"
    )


def write(docs, rel: str, text: str):
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "environment,english",
    [
        ("Debian 12 (bookworm): executed examples and captured outputs; see each page", "executed"),
        ("Debian 12（bookworm）软件包：procps-ng 4.0.2，Linux 6.18 kernel", "kernel"),
        ("Debian 12（bookworm）：2 vCPU virtual machine", "virtual"),
        ("Debian 12（bookworm）：ext4 on a loop device", "on"),
        ("Debian 12：bash 5.2.15（the SysV script example）", "the"),
        ("Debian 12 (bookworm): bash 5.2.15 (unshare demo runs here)", "unshare demo runs here"),
        ("Debian 12 (bookworm): bash 5.2.15", "Debian 12 (bookworm): bash 5.2.15"),
        ("Red Hat Enterprise Linux 9：GNU coreutils 9.1", "Red Hat Enterprise Linux 9：GNU coreutils 9.1"),
    ],
)
def test_english_left_in_a_zh_environment_is_found(environment, english):
    assert untranslated_english(environment, ("Debian", "Red Hat Enterprise Linux")) == english


@pytest.mark.parametrize(
    "environment",
    [
        "none",
        "Debian 12（bookworm）软件包：nginx 1.22.1、curl 7.88.1",
        "Debian 12（bookworm）软件包：iptables v1.8.9（nf_tables）、nftables v1.0.6",
        "Red Hat Enterprise Linux 9 软件包：GNU coreutils 9.1",
        "Debian 12（bookworm）网络命名空间：iproute2 6.1.0、iputils 20221126",
        "Debian 12（bookworm）：Python 3.11.7，PyPI 上的 ansible-core 2.19.14",
    ],
)
def test_product_names_and_versions_are_not_english(environment):
    assert untranslated_english(environment, ("Debian", "Red Hat Enterprise Linux", "GNU coreutils")) is None


def test_an_untranslated_zh_environment_is_reported_at_its_line(tmp_path):
    write(tmp_path, "zh/linux/ok.md", baseline('    debian: "12"\n', '"Debian 12（bookworm）软件包：bash 5.2.15"'))
    page = write(
        tmp_path, "zh/linux/planted.md", baseline('    debian: "12"\n', '"Debian 12 (bookworm): the cron examples"')
    )
    write(tmp_path, "en/linux/planted.md", baseline('    debian: "12"\n', '"Debian 12 (bookworm): the cron examples"'))
    problems = check_environment_translated(tmp_path)
    assert [(p.path, p.line) for p in problems] == [(page, 5)], problems
    assert "'the'" in problems[0].message


def test_zh_and_en_may_word_the_environment_differently_but_not_none(tmp_path):
    versions = '    debian: "12"\n'
    write(tmp_path, "zh/linux/a.md", baseline(versions, '"Debian 12（bookworm）软件包：bash 5.2.15"'))
    write(tmp_path, "en/linux/a.md", baseline(versions, '"Debian 12 (bookworm) packages: bash 5.2.15"'))
    write(tmp_path, "zh/linux/b.md", baseline(versions, '"Debian 12（bookworm）：bash 5.2.15"'))
    planted = write(tmp_path, "en/linux/b.md", baseline(versions, "none"))
    write(tmp_path, "zh/linux/c.md", baseline(versions, "none", '  kept: {debian: "reason"}\n'))
    kept = write(tmp_path, "en/linux/c.md", baseline(versions, "none", '  kept: {debian: "another reason"}\n'))
    problems = check_baseline_parity(tmp_path)
    assert sorted((p.path.name, p.line) for p in problems) == [(planted.name, 5), (kept.name, 6)], problems
    assert any('"none"' in p.message for p in problems) and any("baseline.kept" in p.message for p in problems)


def test_a_version_past_its_end_of_life_needs_a_kept_reason(tmp_path):
    versions = '    debian: "13"\n    centos: "7"\n'
    for lang in ("zh", "en"):
        write(
            tmp_path,
            f"{lang}/linux/kept.md",
            baseline(versions, "none", '  kept: {centos: "the page compares 7 with 9"}\n'),
        )
        write(tmp_path, f"{lang}/linux/fine.md", baseline('    debian: "13"\n', "none"))
    planted = [write(tmp_path, f"{lang}/linux/planted.md", baseline(versions, "none")) for lang in ("zh", "en")]
    problems = check_end_of_life_kept(tmp_path, TODAY)
    assert sorted((p.path, p.line) for p in problems) == sorted((path, 5) for path in planted), problems
    assert "CentOS 7 is past its end of life (2024-06-30" in problems[0].message
    assert "baseline.kept.centos" in problems[0].message
    # The day before the end of life, nothing to keep.
    assert not check_end_of_life_kept(tmp_path, dt.date(2024, 6, 30))


def test_freshness_tells_kept_undated_and_missing_dates_apart(tmp_path):
    from opskb.freshness import report

    pages = {
        "linux/kept.md": baseline('    centos: "7"\n', "none", '  kept: {centos: "the page compares 7 with 9"}\n'),
        "linux/old.md": baseline('    centos: "7"\n', "none"),
        "linux/needless.md": baseline('    debian: "13"\n', "none", '  kept: {debian: "no reason needed"}\n'),
        "middleware/zk.md": baseline('    zookeeper: "3.9"\n', "none"),
        "kubernetes/new.md": baseline('    kubernetes: "1.99"\n', "none"),
    }
    for rel, text in pages.items():
        for lang in ("zh", "en"):
            write(tmp_path, f"{lang}/{rel}", text)
    out = "\n".join(report(TODAY, tmp_path))
    no_reason = out.split("no `kept` reason (1):")[1].split("\n\n")[0]
    assert "linux/old.md: CentOS 7: end of life 2024-06-30" in no_reason and "kept.md" not in no_reason
    assert "linux/kept.md: CentOS 7: end of life 2024-06-30" in out and "kept: the page compares 7 with 9" in out
    assert "kubernetes/new.md: Kubernetes 1.99: no dates in data/end-of-life.yml" in out
    assert "ZooKeeper 3.9 (1 page): two lines are supported at a time" in out
    assert "ZooKeeper 3.9: no dates" not in out
    assert "linux/needless.md: `kept` gives a reason for debian" in out
