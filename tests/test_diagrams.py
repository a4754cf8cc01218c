"""Diagrams drawn at build time (the opskb/diagrams plugin): every ```mermaid block of the sources is an
inline SVG in both palettes, accessible, with every label inside its diagram and its node; the
reader sees the variant of the current palette; a build with no diagram change renders none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opskb.build import build_site
from opskb.markdown import Document
from opskb.project import ROOT, language_codes
from support.built_site import html_pages, source_of
from support.problems import Problem, report
from support.small_project import copy_small_project

DOCS = ROOT / "docs"
SCHEMES = ("default", "slate")  # Material's palettes (mkdocs.yml theme.palette)
RENDER_COUNT = re.compile(r"diagrams: (?P<rendered>\d+) rendered, (?P<cached>\d+) from cache")


def _mermaid_fences(path: Path):
    return [f for f in Document(path).fences if f.lang == "mermaid"]


def _sources_with_diagrams() -> dict[Path, int]:
    return {
        path: len(fences)
        for lang in language_codes()
        for path in sorted((DOCS / lang).rglob("*.md"))
        if (fences := _mermaid_fences(path))
    }


def test_every_mermaid_block_became_an_svg_per_scheme(site):
    expected = _sources_with_diagrams()
    assert expected, "no page has a diagram"
    problems: list[Problem] = []
    found: dict[Path, int] = {}
    for path, soup in html_pages(site):
        source = source_of(site, path)
        for _leftover in soup.select("pre.mermaid, div.mermaid"):
            problems.append(Problem(source, 1, f"{path.relative_to(site)}: Mermaid source left in the page"))
        diagrams = soup.select("div.opskb-diagram")
        if not diagrams:
            continue
        found[source] = len(diagrams)
        for number, diagram in enumerate(diagrams, 1):
            schemes = [d.get("data-diagram-scheme") for d in diagram.find_all(recursive=False)]
            svgs = diagram.select(":scope > [data-diagram-scheme] > svg")
            if schemes != list(SCHEMES) or len(svgs) != len(SCHEMES):
                problems.append(Problem(source, 1, f"diagram {number}: variants {schemes}, {len(svgs)} SVGs"))
        ids = [element["id"] for element in soup.select("div.opskb-diagram [id]")]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(Problem(source, 1, f"ids used twice in the page's diagrams: {duplicates[:5]}"))
    for source, count in expected.items():
        if found.get(source) != count:
            line = _mermaid_fences(source)[0].line
            problems.append(Problem(source, line, f"{count} mermaid blocks, {found.get(source, 0)} diagrams built"))
    assert not problems, report(problems)


def test_every_diagram_has_an_accessible_title_and_description(site):
    """`accTitle:` and `accDescr:` in every diagram's source (CONTRIBUTING.md); Mermaid turns them
    into the SVG's <title> and <desc>, referenced by aria-labelledby / aria-describedby."""
    problems: list[Problem] = []
    for source in _sources_with_diagrams():
        for fence in _mermaid_fences(source):
            keys = {line.split(":", 1)[0].strip() for line in fence.body if ":" in line}
            missing = [key for key in ("accTitle", "accDescr") if key not in keys]
            if missing:
                problems.append(Problem(source, fence.line, f"diagram without {' and '.join(missing)}"))
    for path, soup in html_pages(site):
        source = source_of(site, path)
        fences = _mermaid_fences(source) if source.suffix == ".md" else []
        for number, diagram in enumerate(soup.select("div.opskb-diagram"), 1):
            for svg in diagram.select("svg"):
                title = svg.find("title", recursive=False)
                desc = svg.find("desc", recursive=False)
                labelled = title is not None and title.get("id") in (svg.get("aria-labelledby") or "").split()
                described = desc is not None and desc.get("id") in (svg.get("aria-describedby") or "").split()
                if not (labelled and described and title.get_text(strip=True) and desc.get_text(strip=True)):
                    line = fences[number - 1].line if number <= len(fences) else 1
                    problems.append(
                        Problem(
                            source,
                            line,
                            f"{path.relative_to(site)}: diagram {number} "
                            f"({svg.get('id')}) has no accessible title and description",
                        )
                    )
    assert not problems, report(problems)


# Every label of the visible variant: its box inside the SVG and inside its shape (a flowchart or
# state node, a sequence actor, note or block label, an edge label's background). Vertically a
# text box is the font's whole line box (Noto CJK's is about 1.45 em), taller than the glyphs:
# it may pass its shape by 0.4 em; horizontally by 1 px.
LABELS_OUTSIDE = """() => {
  const inside = (r, b, text) => {
    const slack = text ? 0.4 * parseFloat(getComputedStyle(text).fontSize) : 1
    return r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - slack && r.bottom <= b.bottom + slack
  }
  const union = rects => rects.reduce((u, r) => ({left: Math.min(u.left, r.left), right: Math.max(u.right, r.right),
    top: Math.min(u.top, r.top), bottom: Math.max(u.bottom, r.bottom)}))
  // Sequence diagrams: the shape drawn for each kind of text, in the same group.
  const sequenceShapes = {actor: ':scope > rect.actor', noteText: ':scope > rect.note', labelText: ':scope > polygon.labelBox'}
  const shapeOf = text => {
    const node = text.closest('g.node')
    let shapes = []
    if (node) shapes = [...node.querySelectorAll('rect, polygon, path, circle, ellipse')].filter(s => !s.closest('g.label'))
    else if (text.closest('g.edgeLabel')) shapes = [...text.parentElement.querySelectorAll(':scope > rect')]
    else for (const [kind, selector] of Object.entries(sequenceShapes))
      if (text.classList.contains(kind)) shapes = [...text.parentElement.querySelectorAll(selector)]
    const rects = shapes.map(s => s.getBoundingClientRect()).filter(r => r.width && r.height)
    return rects.length ? union(rects) : null
  }
  const svgs = [...document.querySelectorAll('.opskb-diagram svg')].filter(s => s.getBoundingClientRect().width)
  const problems = []
  svgs.forEach((svg, index) => {
    const box = svg.getBoundingClientRect()
    for (const text of svg.querySelectorAll('text')) {
      const label = text.textContent.trim()
      const r = text.getBoundingClientRect()
      if (!label || !r.width) continue
      if (!inside(r, box, text)) problems.push(`diagram ${index + 1} (${svg.id}): "${label}" outside the SVG`)
      const shape = shapeOf(text)
      if (shape && !inside(r, shape, text)) problems.push(`diagram ${index + 1} (${svg.id}): "${label}" outside its shape`)
    }
  })
  return {count: svgs.length, problems}
}"""


@pytest.mark.browser
def test_every_label_lies_inside_its_diagram_and_node(page, site_url, site):
    pages = sorted(
        {source_of(site, path): path for path, soup in html_pages(site) if soup.select_one("div.opskb-diagram")}.items()
    )
    assert pages, "no page has a diagram"
    page.set_viewport_size({"width": 1280, "height": 900})
    failures = []
    for source, path in pages:
        page.goto(site_url + path.relative_to(site).parent.as_posix() + "/")
        expected = len(page.locator("div.opskb-diagram").all())
        for scheme in SCHEMES:
            page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            result = page.evaluate(LABELS_OUTSIDE)
            if result["count"] != expected:
                failures.append(
                    f"{source.relative_to(ROOT)} ({scheme}): {result['count']} of {expected} diagrams visible"
                )
            failures += [f"{source.relative_to(ROOT)} ({scheme}): {p}" for p in result["problems"]]
    assert not failures, "\n".join(failures)


# The scheme on <body>, and the palette of each visible diagram SVG.
VISIBLE_VARIANTS = """() => ({
  scheme: document.body.getAttribute('data-md-color-scheme'),
  visible: [...document.querySelectorAll('.opskb-diagram [data-diagram-scheme]')]
    .filter(v => getComputedStyle(v).display !== 'none').map(v => v.dataset.diagramScheme),
  diagrams: document.querySelectorAll('.opskb-diagram').length,
})"""


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("system,scheme", [("light", "default"), ("dark", "slate")])
def test_diagram_variant_follows_the_palette(page, site_url, prefix, system, scheme):
    # The site's first palette follows the system; emulate the reader's system setting.
    page.emulate_media(color_scheme=system)
    page.goto(f"{site_url}{prefix}network/tcp-connection/")
    state = page.evaluate(VISIBLE_VARIANTS)
    assert state["scheme"] == scheme, state
    assert state["diagrams"] and state["visible"] == [scheme] * state["diagrams"], state
    # The reader steps through the palettes with the header toggle (system, light, dark): once the
    # scheme changes, the other variant shows.
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        other = page.evaluate(VISIBLE_VARIANTS)
        if other["scheme"] != scheme:
            break
    assert other["scheme"] != scheme and other["visible"] == [other["scheme"]] * other["diagrams"], other


def _render_counts(log: str) -> tuple[int, int]:
    counts = [(int(m["rendered"]), int(m["cached"])) for m in RENDER_COUNT.finditer(log)]
    assert len(counts) == len(language_codes()), f"expected a diagram count per language build:\n{log[-3000:]}"
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def test_a_build_without_diagram_changes_renders_none(tmp_path):
    project = copy_small_project(tmp_path / "project")
    cache = tmp_path / "cache"  # empty: the first build must render every diagram

    def build(name: str) -> tuple[int, int]:
        result = build_site(project, tmp_path / name, strict=False, DIAGRAM_CACHE=str(cache))
        assert result.returncode == 0, result.stderr[-3000:]
        return _render_counts(result.stderr)

    rendered, cached = build("first")
    assert rendered > 0 and cached == 0, (rendered, cached)
    assert build("second") == (0, rendered), "a build with no diagram change rendered diagrams"
    # An edited diagram is drawn again, in both palettes, and only that one.
    showcase = project / "docs/zh/about/writing-showcase.md"
    text = showcase.read_text(encoding="utf-8")
    fence = _mermaid_fences(showcase)[0]
    lines = text.splitlines(keepends=True)
    lines.insert(fence.line + len(fence.body), "    Note over C: 已编辑\n")
    showcase.write_text("".join(lines), encoding="utf-8")
    assert build("edited") == (len(SCHEMES), rendered - len(SCHEMES))
