"""The diagrams plugin's SVG post-processing and fence reading."""

from pathlib import Path

from opskb.plugins.diagrams.plugin import mermaid_fences
from opskb.plugins.diagrams.render import compact, prefix_ids


def test_ids_inside_an_svg_get_its_own_prefix():
    svg = (
        '<svg id="diagram-1"><defs><marker id="arrowhead"/></defs><path marker-end="url(#arrowhead)"/>'
        '<use href="#arrowhead"/><g aria-labelledby="t1"/><title id="t1">T</title></svg>'
    )
    out = prefix_ids(svg, "diagram-1")
    assert 'id="diagram-1-arrowhead"' in out and "url(#diagram-1-arrowhead)" in out
    assert 'href="#diagram-1-arrowhead"' in out and 'aria-labelledby="diagram-1-t1"' in out
    assert 'id="diagram-1"' in out


def test_compact_rounds_geometry_to_hundredths_and_drops_data_points():
    svg = '<path d="M1.23456,7.891011 L-2.5,3" data-points="abc"/><text x="1.23456">1.23456</text>'
    assert compact(svg) == '<path d="M1.23,7.89 L-2.5,3"/><text x="1.23456">1.23456</text>'


def test_mermaid_fences_are_found_with_their_line_also_indented():
    text = (
        '# T\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n=== "Tab"\n\n    ```mermaid\n    sequenceDiagram\n    ```\n'
    )
    fences = mermaid_fences(Path("p.md"), text)
    assert [(f.line, f.source.splitlines()[0]) for f in fences] == [(3, "flowchart LR"), (10, "sequenceDiagram")]
