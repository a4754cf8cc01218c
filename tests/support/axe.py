"""axe-core (npm, pinned in package.json) run in a Playwright page; violations as `Problem`s naming
the Markdown source of the page and, when the element's text is found there, its line. Shared by
tests/test_accessibility.py and tests/test_fault_injection.py."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from opskb.project import ROOT

from .problems import Problem, line_containing

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0-2.2 A and AA and axe's best practices, violations only. Not checked: landmark-unique
# (a best practice, not WCAG): Material gives every code block's copy toolbar an unnamed
# <nav class="md-code__nav"> from its bundle, and names sidebar sections after labels that the
# tabs repeat; naming them would mean forking Material's JavaScript.
FULL_RUN = (
    "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', "
    "'best-practice']}, rules: {'landmark-unique': {enabled: false}}, resultTypes: ['violations']}"
)
# Switching the colour scheme changes colours only: the second scheme runs the colour rules.
COLOUR_RUN = "{runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}, resultTypes: ['violations']}"


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run scripts/setup (npm ci)")
    return AXE.read_text(encoding="utf-8")


def set_scheme(page, scheme: str) -> None:
    """The palette follows the system ("follow system" is the first palette entry): emulating the
    preference switches Material's scheme in place, without a reload."""
    # Colours fade to the new scheme over Material's transitions (opskb/plugins/publish/palette.py);
    # axe checks the colours the reader sees once they end, so the fade is switched off here.
    page.add_style_tag(content="*, ::before, ::after { transition: none !important }")
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(
        "s => document.body.getAttribute('data-md-color-scheme') === s", arg="slate" if scheme == "dark" else "default"
    )


def start_axe(page, options: str) -> None:
    """Start axe in the page without waiting for it, so that several pages (separate renderer
    processes) run at once; collect the result with `axe_result`."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    page.evaluate(f"""() => {{ window.__axe = axe.run(document, {options}).then(r => r.violations.map(v => ({{
        rule: v.id, help: v.help, impact: v.impact,
        nodes: v.nodes.map(n => ({{target: n.target.join(' '), html: n.html.slice(0, 300),
                                   summary: (n.failureSummary || '').split('\\n').slice(1, 2).join('').trim()}}))
    }}))) }}""")


def axe_result(page) -> list[dict]:
    return page.evaluate("() => window.__axe")


def run_axe(page, options: str) -> list[dict]:
    start_axe(page, options)
    return axe_result(page)


def _element_text(snippet: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", snippet))
    return max((part.strip() for part in re.split(r"\s{2,}", text)), key=len, default="")[:40]


def axe_problems(violations: list[dict], url: str, situation: str, source: Path, most: int = 5) -> list[Problem]:
    """One Problem per element (at most `most` per rule), at the source line holding its text."""
    problems = []
    for v in violations:
        for node in v["nodes"][:most]:
            text = _element_text(node["html"])
            line = line_containing(source, text) if len(text) >= 4 else None
            problems.append(
                Problem(
                    source,
                    line or 1,
                    f"{url} [{situation}] {v['rule']} ({v['impact']}): {v['help']}\n"
                    f"    element: {node['target']}\n    html: {node['html'][:160]}\n    {node['summary']}",
                )
            )
        if len(v["nodes"]) > most:
            problems.append(
                Problem(source, 1, f"{url} [{situation}] {v['rule']}: {len(v['nodes']) - most} more elements")
            )
    return problems
