"""Draw every Mermaid diagram at build time: inline SVG, and no diagram JavaScript for readers.

Why: a page with a diagram used to download and run Mermaid (3.6 MB, about 957 KB gzip) in the
reader's browser to draw boxes that never change after the build; Lighthouse put those pages
far behind text pages, and the PDF export and the offline copy had to run Mermaid as well.

How:
- Authors keep writing ```` ```mermaid ```` fences. pymdownx.superfences (mkdocs.yml) turns them
  into `<pre class="mermaid"><code>source</code></pre>`; `on_page_content` replaces each with a
  `<div class="opskb-diagram">` holding two SVGs, one per Material palette (`default` and `slate`,
  primary indigo), marked `data-diagram-scheme`. extra.css shows the one matching the
  `data-md-color-scheme` Material sets on <body> (also for "follow system"): CSS alone.
  It runs before other plugins' `on_page_content` (opskb/pipeline.py), so the search index
  and the print page (PDF) get the SVG, never the source.
- The renderer (render.py) is the real, pinned Mermaid in Debian's Chromium, with the page's
  own font stack (read from extra.css). Labels are SVG <text> (`htmlLabels: false`), so they
  scale with the SVG and need no foreignObject HTML. The two palettes' theme variables are the
  plugin's `themes` option in mkdocs.yml.
- Each SVG gets an id derived from its cache key (hash + palette), and every other id inside it
  is prefixed with that id: Mermaid's <style> uses `#id` selectors and sequence diagrams reuse
  marker ids such as `arrowhead`, which would clash between the two variants on one page.
- Cache: one SVG file per (diagram source, Mermaid version, theme variables, font stack,
  renderer code) sha256, in the `cache_dir` option's folder next to mkdocs.yml (gitignored,
  outside the site), or in `$DIAGRAM_CACHE` (the tests point copies of the project at the project's cache,
  so every build of a test run shares it). A build where no diagram changed starts no browser.
- The browser starts only when a diagram is not in the cache, once per build: one browser page
  renders every uncached diagram of the build (one batch per Markdown page, while MkDocs converts
  it), both languages included: mkdocs-static-i18n builds the other language inside its
  `on_post_build`, and this plugin's `on_post_build` closes the browser after it
  (opskb/pipeline.py), or `on_build_error` does; on `mkdocs serve` rebuilds too. Each language
  build logs "diagrams: N rendered, M from cache" (SVGs, two per diagram).
- A diagram Mermaid cannot parse fails the build, naming the Markdown file and line (the fence
  line plus Mermaid's line number), all such diagrams at once (`on_env`, after every page).
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ... import pipeline
from ...markdown import Document
from .config import DiagramsConfig
from .render import Renderer, log

FONT_STACK = re.compile(r"--md-text-font-family:\s*(?P<stack>[^;]+);")
MERMAID_BLOCK = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.S)
MERMAID_LINE = re.compile(r"\bline (\d+)")


@dataclass
class MermaidFence:
    line: int  # 1-based line of the opening fence in the Markdown file
    source: str


def mermaid_fences(path: Path, markdown: str) -> list[MermaidFence]:
    """The ```mermaid fences of a Markdown page, with their line, also when indented."""
    return [
        MermaidFence(fence.line, textwrap.dedent(fence.text.rstrip("\n")))
        for fence in Document(path, markdown).fences
        if fence.lang == "mermaid"
    ]


class DiagramsPlugin(BasePlugin[DiagramsConfig]):
    def __init__(self):
        self.renderer: Renderer | None = None
        self.errors: list[str] = []

    def on_config(self, config):
        pipeline.check_plugin_order(config)

    def _cache_dir(self, config) -> Path:
        configured = os.environ.get("DIAGRAM_CACHE")
        return (
            Path(configured) if configured else Path(config.config_file_path).resolve().parent / self.config.cache_dir
        )

    def _font_stack(self, config) -> str:
        css = Path(config.docs_dir) / self.config.font_stylesheet
        match = FONT_STACK.search(css.read_text(encoding="utf-8")) if css.is_file() else None
        return " ".join(match["stack"].split()) if match else "sans-serif"

    def on_pre_build(self, config):
        # The i18n plugin's nested build of the other language keeps an open browser; otherwise
        # start afresh (extra.css or the themes may have changed since the last `mkdocs serve` build).
        if self.renderer is None or not self.renderer.is_open:
            self.renderer = Renderer(self._cache_dir(config), self._font_stack(config), dict(self.config.themes))
        self.renderer.rendered = self.renderer.cached = 0
        self.renderer.seconds = 0.0
        self.errors.clear()

    @pipeline.priority(pipeline.BEFORE_PAGE_READERS)
    def on_page_content(self, html_text, page, config, files):
        blocks = list(MERMAID_BLOCK.finditer(html_text))
        if not blocks:
            return html_text
        renderer = self.renderer
        sources = [html.unescape(b["source"]) for b in blocks]
        variants = {s: renderer.variants(s) for s in sources}
        svgs: dict[str, str] = {}
        missing = []
        for variant in (v for vs in variants.values() for v in vs):
            svg = renderer.lookup(variant)
            if svg is None:
                missing.append(variant)
            else:
                svgs[variant.key] = svg
                renderer.cached += 1
        if missing:
            svgs.update(renderer.render(list({v.key: v for v in missing}.values())))

        fences = mermaid_fences(Path(page.file.abs_src_path or page.file.src_path), page.file.content_string)
        seen: dict[str, int] = {}
        out, end = [], 0
        for index, (block, source) in enumerate(zip(blocks, sources, strict=False)):
            out.append(html_text[end : block.start()])
            end = block.end()
            failed = [svgs[v.key][1:] for v in variants[source] if svgs[v.key].startswith("!")]
            if failed:
                self.errors.append(_locate(page, config, fences, index, source, failed[0]))
                continue
            out.append('<div class="opskb-diagram" data-search-exclude>')
            for variant in variants[source]:
                svg = svgs[variant.key]
                seen[variant.svg_id] = seen.get(variant.svg_id, 0) + 1
                if seen[variant.svg_id] > 1:  # the same diagram twice on one page: ids stay unique
                    svg = svg.replace(variant.svg_id, f"{variant.svg_id}-{seen[variant.svg_id]}")
                out.append(f'<div data-diagram-scheme="{variant.theme}">{svg}</div>')
            out.append("</div>")
        out.append(html_text[end:])
        return "".join(out)

    def on_env(self, env, config, files):
        """Every page is converted by now: report broken diagrams, or count the renders."""
        if self.errors:
            errors = list(self.errors)
            self._close()
            raise PluginError("diagrams with errors:\n" + "\n".join(errors))
        if self.renderer:
            log.info(
                f"diagrams: {self.renderer.rendered} rendered, {self.renderer.cached} from cache "
                f"({config.theme.get('language', '?')}; {self.renderer.seconds:.1f} s rendering)"
            )
        return env

    def _close(self) -> None:
        if self.renderer:
            self.renderer.close()

    @pipeline.priority(pipeline.AFTER_LANGUAGE_BUILDS)
    def on_post_build(self, config):
        self._close()

    def on_build_error(self, error):
        self._close()


def _locate(page, config, fences: list[MermaidFence], index: int, source: str, error: str) -> str:
    """`docs/…/page.md:LINE: message` for a diagram Mermaid rejected."""
    fence = next((f for f in fences if f.source.strip() == source.strip()), None)
    if fence is None and index < len(fences):
        fence = fences[index]
    line = fence.line if fence else 1
    within = MERMAID_LINE.search(error)
    if fence and within:
        line += int(within.group(1))
    path = Path(page.file.abs_src_path or page.file.src_path)
    with contextlib.suppress(ValueError):
        path = path.resolve().relative_to(Path(config.config_file_path).resolve().parent)
    message = " ".join(error.split())
    return f"{path.as_posix()}:{line}: Mermaid cannot draw this diagram: {message}"
