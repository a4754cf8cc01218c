"""What the project knows about its pages without building: languages from mkdocs.yml, page
kinds, chapters, front matter."""

import pytest

from opskb.markdown import Document, front_matter, front_matter_end
from opskb.project import MKDOCS_YML, chapter_pages, chapters, default_language, languages, page_kind


def test_languages_come_from_mkdocs_yml_default_first():
    codes = [language.code for language in languages(MKDOCS_YML)]
    assert codes == ["zh", "en"]
    assert default_language().prefix == "" and languages()[1].prefix == "en/"
    assert languages()[1].site_name == "Ops Knowledge Base"
    assert languages()[0].site_name == "运维知识库"


@pytest.mark.parametrize(
    "path,kind",
    [
        ("docker/interview.md", "interview"),
        ("docker/index.md", "overview"),
        ("index.md", "overview"),
        ("glossary.md", "glossary"),
        ("practice.md", "practice"),
        ("about/index.md", "site"),
        ("download.md", "site"),
        ("docker/dockerfile.md", "chapter"),
    ],
)
def test_page_kind(path, kind):
    assert page_kind(path) == kind


def test_chapters_are_language_subfolders_except_about(tmp_path):
    for rel in ("zh/linux/boot.md", "zh/about/index.md", "zh/index.md", "zh/dns/index.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# t\n", encoding="utf-8")
    assert chapters(tmp_path, "zh") == ["dns", "linux"]
    assert [p.name for p in chapter_pages(tmp_path, "zh")] == ["index.md", "boot.md"]


def test_front_matter_gives_values_and_key_lines(tmp_path):
    page = tmp_path / "p.md"
    page.write_text('---\nbaseline:\n  versions:\n    debian: "12"\n  reviewed: 2026-12\n---\n# T\n', encoding="utf-8")
    data, lines = front_matter(page)
    assert data == {"baseline": {"versions": {"debian": "12"}, "reviewed": "2026-12"}}
    assert lines["baseline.versions.debian"] == 4 and lines["baseline.reviewed"] == 5
    assert front_matter_end(page.read_text(encoding="utf-8").splitlines()) == 6


def test_front_matter_reports_invalid_yaml_with_its_line(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("---\na: [1\nb: 2\n---\n", encoding="utf-8")
    data, _ = front_matter(page)
    assert "_error" in data and data["_line"] >= 2


def test_no_front_matter(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# T\n", encoding="utf-8")
    assert front_matter(page) == (None, {})


def test_document_reads_fences_in_admonitions_with_exec_markers(tmp_path):
    text = (
        '# T\n\n!!! warning "x"\n\n    <!-- exec needs="root" server="redis" -->\n    ```bash\n    ls\n    ```\n\n'
        '    ```text title="Output"\n    a\n    ```\n'
    )
    doc = Document(tmp_path / "p.md", text)
    command, output = doc.fences
    assert (command.lang, command.line, command.text) == ("bash", 6, "ls\n")
    assert command.executed and command.needs == ["root"] and command.servers == ["redis"]
    assert command.exec_attributes == {"needs", "server"}
    assert doc.output_of(command) is output and output.is_output
