"""Reader-first writing (CONTRIBUTING.md), checked in the Markdown sources, each finding with its file
and line: the source notes are mentioned on the About pages only; English prose holds no Chinese
outside code and elements marked lang="zh"; one term per concept (data/terminology.yml); no
"Common pitfall" label; lead-ins ending in a colon are followed by what they announce; no present
tense with "since <version>" and no three-semicolon sentences in English; no heading id naming
"notes"; a space between Chinese and a Latin-led link. tests/unit/test_editorial_lints.py plants
a fault for each of the newer checks."""

import pytest

from opskb.project import ROOT
from support.editorial import CHECKS, NOTES_ALLOWED
from support.problems import report

DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


@pytest.fixture(scope="module")
def problems_by_check():
    return {name: check(DOCS) for name, check in CHECKS.items()}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("page", PAGES)
def test_page_follows_editorial_rules(page, check, problems_by_check):
    problems = [p for p in problems_by_check[check] if str(p).startswith(f"docs/{page}:")]
    assert not problems, report(problems)


def test_notes_allow_list_gives_reasons():
    assert all(reason.strip() for reason in NOTES_ALLOWED.values())


def test_allowed_forms_are_not_reported(tmp_path):
    """The false positives the rules are written to avoid."""
    pages = {
        "zh/docker/page.md": "# 页\n\n`Namespace` 与命名空间（namespace）、套接字（socket）、控制面板、WebSocket、"
        "`socket`、namespaces(7) 都可以。\n\n```bash\nip netns add demo  # namespace\n```\n"
        "\n## 参考资料 {#references}\n\n- [Linux namespaces](https://man7.org/x)\n",
        "en/docker/page.md": '# Page\n\nA `控制面` in code, a <span lang="zh">三过一</span> quote, '
        "[a link](https://example.com/笔记), the Network File System, a backend.\n",
        "zh/about/index.md": "# 关于\n\n本站由一份笔记整理而来。\n",
        "en/about/index.md": "# About\n\nThe site grew out of the notes.\n",
    }
    for rel, text in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    for name, check in CHECKS.items():
        problems = check(tmp_path)
        assert not problems, f"{name}:\n" + report(problems)
