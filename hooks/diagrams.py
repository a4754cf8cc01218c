"""Draw every Mermaid diagram at build time: inline SVG, and no diagram JavaScript for readers.

Why: a page with a diagram used to download and run Mermaid (3.6 MB, about 957 KB gzip) in the
reader's browser to draw boxes that never change after the build; Lighthouse put those pages
far behind text pages, and the PDF export and the offline copy had to run Mermaid as well.

How:
- Authors keep writing ```` ```mermaid ```` fences. pymdownx.superfences (mkdocs.yml) turns them
  into `<pre class="mermaid"><code>source</code></pre>`; `on_page_content` replaces each with a
  `<div class="diagram">` holding two SVGs, one per Material palette (`default` and `slate`,
  primary indigo), marked `data-diagram-scheme`. extra.css shows the one matching the
  `data-md-color-scheme` Material sets on <body> (also for "follow system"): CSS alone.
  It runs before other plugins' `on_page_content` (priority), so the search index and the
  print page (PDF) get the SVG, never the source.
- The renderer is the real, pinned Mermaid (npm `mermaid` in package.json) in Debian's Chromium,
  driven by Playwright and started as everywhere else in the project (scripts/chromium.py).
  Mermaid lays labels out by measuring text in the browser, so rendering in Chromium with the
  page's own font stack (read from extra.css) and the installed fonts (fonts-noto-cjk) gives
  boxes that fit their labels. Labels are SVG <text> (`htmlLabels: false`), so they scale with
  the SVG and need no foreignObject HTML.
- Each SVG gets an id derived from its cache key (hash + palette), and every other id inside it
  is prefixed with that id: Mermaid's <style> uses `#id` selectors and sequence diagrams reuse
  marker ids such as `arrowhead`, which would clash between the two variants on one page.
- Cache: one SVG file per (diagram source, Mermaid version, theme variables, font stack,
  renderer code) sha256, in `.cache/diagrams/` next to mkdocs.yml (gitignored, outside the
  site), or in `$DIAGRAM_CACHE` (the tests point copies of the project at the project's cache,
  so every build of a test run shares it). A build where no diagram changed starts no browser.
- The browser starts only when a diagram is not in the cache, once per build: one browser page
  renders every uncached diagram of the build (one batch per Markdown page, while MkDocs converts
  it), both languages included: mkdocs-static-i18n builds the other language inside its
  `on_post_build` (priority -100), and this hook's `on_post_build` closes the browser after it
  (priority -110), or `on_build_error` does; on `mkdocs serve` rebuilds too. Each language
  build logs "diagrams: N rendered, M from cache" (SVGs, two per diagram).
- A diagram Mermaid cannot parse fails the build, naming the Markdown file and line (the fence
  line plus Mermaid's line number), all such diagrams at once (`on_env`, after every page).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import sys
import tempfile
import time
import textwrap
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
MERMAID_DIR = ROOT / "node_modules" / "mermaid"
MERMAID_JS = MERMAID_DIR / "dist" / "mermaid.min.js"
sys.path.insert(0, str(ROOT / "scripts"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one way to start Chromium)

log = logging.getLogger("mkdocs.hooks.diagrams")

# Bump when the rendering or post-processing below changes in a way the other key parts miss.
RENDERER_VERSION = 5

# Theme variables for Mermaid's `base` theme, taken from Material's palettes (primary and accent
# indigo): node fill = accent at 10 % over the page background, borders in the accent colour,
# text and lines in Material's code colour. Slate values are Material's hsla() colours blended
# over its background (hue 225).
THEMES = {
    "default": {
        "darkMode": False,
        "background": "#ffffff",
        "primaryColor": "#eef0ff",
        "primaryBorderColor": "#526cfe",
        "primaryTextColor": "#36464e",
        "secondaryColor": "#f5f5f5",
        "secondaryBorderColor": "#526cfe",
        "secondaryTextColor": "#36464e",
        "tertiaryColor": "#ffffff",
        "tertiaryBorderColor": "#526cfe",
        "tertiaryTextColor": "#36464e",
        "lineColor": "#36464e",
        "textColor": "#36464e",
        "mainBkg": "#eef0ff",
        "nodeBorder": "#526cfe",
        "clusterBkg": "#f5f5f5",
        "clusterBorder": "#526cfe",
        "edgeLabelBackground": "#ffffff",
        "titleColor": "#36464e",
        "actorBkg": "#eef0ff",
        "actorBorder": "#526cfe",
        "actorTextColor": "#36464e",
        "actorLineColor": "#00000052",
        "signalColor": "#36464e",
        "signalTextColor": "#36464e",
        "labelBoxBkgColor": "#eef0ff",
        "labelBoxBorderColor": "#526cfe",
        "labelTextColor": "#36464e",
        "loopTextColor": "#36464e",
        "noteBkgColor": "#fff8e1",
        "noteBorderColor": "#b28704",
        "noteTextColor": "#36464e",
        "activationBkgColor": "#f5f5f5",
        "activationBorderColor": "#36464e",
        "sequenceNumberColor": "#ffffff",
    },
    "slate": {
        "darkMode": True,
        "background": "#1e2129",
        "primaryColor": "#23283e",
        "primaryBorderColor": "#7b8ffe",
        "primaryTextColor": "#c8cad2",
        "secondaryColor": "#272b36",
        "secondaryBorderColor": "#7b8ffe",
        "secondaryTextColor": "#c8cad2",
        "tertiaryColor": "#1e2129",
        "tertiaryBorderColor": "#7b8ffe",
        "tertiaryTextColor": "#c8cad2",
        "lineColor": "#b4b7c1",
        "textColor": "#c8cad2",
        "mainBkg": "#23283e",
        "nodeBorder": "#7b8ffe",
        "clusterBkg": "#272b36",
        "clusterBorder": "#7b8ffe",
        "edgeLabelBackground": "#1e2129",
        "titleColor": "#c8cad2",
        "actorBkg": "#23283e",
        "actorBorder": "#7b8ffe",
        "actorTextColor": "#c8cad2",
        "actorLineColor": "#7a7e8a",
        "signalColor": "#b4b7c1",
        "signalTextColor": "#c8cad2",
        "labelBoxBkgColor": "#23283e",
        "labelBoxBorderColor": "#7b8ffe",
        "labelTextColor": "#c8cad2",
        "loopTextColor": "#c8cad2",
        "noteBkgColor": "#3a3524",
        "noteBorderColor": "#c9a227",
        "noteTextColor": "#e6e1cf",
        "activationBkgColor": "#272b36",
        "activationBorderColor": "#b4b7c1",
        "sequenceNumberColor": "#1e2129",
    },
}

# In the page for the renderer: Mermaid, then one function that renders a batch.
# In the page for the renderer: Mermaid, then one function that renders a batch. Sequence
# diagrams are drawn without wrapping first; if a label then overflows its box (Mermaid sizes a
# note over two actors by their distance, not by its text), they are drawn again with `wrap`,
# and the drawing with fewer overflowing labels is kept. (`wrap` alone is no answer: Mermaid does
# not wrap a label containing <br/>, yet narrows its note as if it had.)
RENDER_BATCH_JS = """async ({items, font}) => {
  document.body.style.fontFamily = font
  const overflowing = svg => {
    const host = document.createElement('div')
    host.style.width = '1200px'
    host.innerHTML = svg
    document.body.append(host)
    let count = 0
    for (const [text, shape] of [['text.noteText', 'rect.note'], ['text.actor', 'rect.actor'], ['text.labelText', 'polygon.labelBox']])
      for (const label of host.querySelectorAll(text)) {
        const box = label.parentElement.querySelector(':scope > ' + shape)
        if (!box) continue
        const [t, b] = [label.getBoundingClientRect(), box.getBoundingClientRect()]
        if (t.left < b.left - 1 || t.right > b.right + 1) count++
      }
    host.remove()
    return count
  }
  const draw = async (id, source, theme, wrap) => {
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      suppressErrorRendering: true,
      theme: 'base',
      themeVariables: {...theme, fontFamily: font, fontSize: '16px'},
      fontFamily: font,
      htmlLabels: false,
      flowchart: {htmlLabels: false, useMaxWidth: true},
      sequence: {useMaxWidth: true, wrap},
      state: {useMaxWidth: true},
      deterministicIds: true,
      deterministicIDSeed: id,
    })
    try {
      const {svg, diagramType} = await mermaid.render(id, source)
      return {svg, diagramType}
    } finally {
      document.getElementById(id)?.remove()
      document.getElementById('d' + id)?.remove()
    }
  }
  const results = []
  for (const {key, id, source, theme} of items) {
    try {
      await mermaid.parse(source)
      let {svg, diagramType} = await draw(id, source, theme, false)
      if (diagramType === 'sequence') {
        const unwrapped = overflowing(svg)
        if (unwrapped) {
          const wrapped = (await draw(id, source, theme, true)).svg
          if (overflowing(wrapped) < unwrapped) svg = wrapped
        }
      }
      results.push({key, svg})
    } catch (error) {
      results.push({key, error: String(error && error.message || error)})
    }
  }
  return results
}"""

FONT_STACK = re.compile(r"--md-text-font-family:\s*(?P<stack>[^;]+);")
MERMAID_BLOCK = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.S)
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b")
MERMAID_LINE = re.compile(r"\bline (\d+)")
ID_ATTRIBUTE = re.compile(r'(?<=\sid=")([^"]+)(?=")')


@dataclass
class Variant:
    key: str  # sha256 of everything that shapes the SVG
    theme: str
    source: str

    @property
    def svg_id(self) -> str:
        return f"diagram-{self.key[:12]}-{self.theme}"


class Renderer:
    """Cache lookups, and Chromium with Mermaid loaded, started on the first cache miss."""

    def __init__(self, cache_dir: Path, font: str):
        self.cache_dir = cache_dir
        self.font = font
        self.mermaid_version = json.loads((MERMAID_DIR / "package.json").read_text(encoding="utf-8"))["version"]
        self._playwright = self._browser = self._page = None
        self.rendered = self.cached = 0
        self.seconds = 0.0  # spent starting the browser and rendering

    def variants(self, source: str) -> list[Variant]:
        return [Variant(self._key(source, theme), theme, source) for theme in THEMES]

    def _key(self, source: str, theme: str) -> str:
        material = {"source": source, "mermaid": self.mermaid_version, "theme": THEMES[theme],
                    "font": self.font, "renderer": RENDERER_VERSION, "code": RENDER_BATCH_JS}
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()

    def lookup(self, variant: Variant) -> str | None:
        path = self.cache_dir / f"{variant.key}.svg"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def render(self, variants: list[Variant]) -> dict[str, str]:
        """SVG by key for each variant; an error message (str starting with '!') if Mermaid fails."""
        started = time.perf_counter()
        page = self._open()
        items = [{"key": v.key, "id": v.svg_id, "source": v.source, "theme": THEMES[v.theme]} for v in variants]
        results = {}
        for result in page.evaluate(RENDER_BATCH_JS, {"items": items, "font": self.font}):
            if "error" in result:
                results[result["key"]] = "!" + result["error"]
                continue
            variant = next(v for v in variants if v.key == result["key"])
            svg = _compact(_prefix_ids(result["svg"], variant.svg_id))
            self._store(variant.key, svg)
            results[variant.key] = svg
            self.rendered += 1
        self.seconds += time.perf_counter() - started
        return results

    def _store(self, key: str, svg: str) -> None:
        # Written atomically: scripts/export runs several builds at once on one cache.
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.cache_dir, suffix=".tmp",
                                         delete=False) as file:
            file.write(svg)
        os.chmod(file.name, 0o644)
        os.replace(file.name, self.cache_dir / f"{key}.svg")

    def _open(self):
        if self._page:
            return self._page
        if not MERMAID_JS.is_file():
            raise PluginError(f"{MERMAID_JS} is missing: run `npm ci` (scripts/build and scripts/serve do it)")
        from playwright.sync_api import sync_playwright

        log.info("diagrams: starting Chromium to render diagrams missing from the cache")
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                         headless=True)
        page = self._browser.new_page()
        # Mermaid needs nothing from the network; nothing may leave the machine.
        page.route("**/*", lambda route: route.abort())
        page.set_content("<!doctype html><html><head><meta charset='utf-8'></head>"
                         "<body style='font-size:16px'></body></html>")
        page.add_script_tag(path=str(MERMAID_JS))
        self._page = page
        return page

    @property
    def is_open(self) -> bool:
        return self._page is not None

    def close(self) -> None:
        if self._browser:
            self._browser.close()
        if self._playwright:
            self._playwright.stop()
        self._playwright = self._browser = self._page = None


def _prefix_ids(svg: str, svg_id: str) -> str:
    """Prefix every id inside the SVG (and its references) with the SVG's own id."""
    inner = {i for i in ID_ATTRIBUTE.findall(svg) if svg_id not in i}
    for old in sorted(inner, key=len, reverse=True):
        new = f"{svg_id}-{old}"
        svg = re.sub(rf'(?<=\sid="){re.escape(old)}(?=")', new, svg)
        svg = svg.replace(f"url(#{old})", f"url(#{new})").replace(f'href="#{old}"', f'href="#{new}"')
        svg = re.sub(rf'(\saria-(?:labelledby|describedby)="(?:[^"]* )?){re.escape(old)}(?=[ "])', rf"\g<1>{new}", svg)
    return svg


GEOMETRY = re.compile(r'(?<=\s)(?P<name>d|points|transform)="(?P<value>[^"]*)"')
# Not preceded by a digit or dot: in "1.5.0001" the second number is ".0001", not "5.0001".
LONG_DECIMAL = re.compile(r"(?<![\d.])-?\d+\.\d{3,}")


def _compact(svg: str) -> str:
    """Smaller SVG, same drawing: path coordinates to 1/100 px (Mermaid writes up to 15 digits
    and its hand-drawn shapes have hundreds of points), no `data-points` (edge coordinates kept
    for Mermaid's own scripts, which the page does not run)."""
    svg = re.sub(r'\sdata-points="[^"]*"', "", svg)

    def rounded(match: re.Match) -> str:
        value = LONG_DECIMAL.sub(lambda n: f"{float(n.group()):.2f}".rstrip("0").rstrip("."), match["value"])
        return f'{match["name"]}="{value}"'

    return GEOMETRY.sub(rounded, svg)


@dataclass
class Fence:
    line: int  # 1-based line of the opening fence in the Markdown file
    source: str


def _mermaid_fences(markdown: str) -> list[Fence]:
    """The ```mermaid fences of a Markdown file, with their line, also when indented."""
    fences, lines, n = [], markdown.splitlines(), 0
    while n < len(lines):
        match = FENCE_OPEN.match(lines[n])
        n += 1
        if not match:
            continue
        indent, fence, start, body = match["indent"], match["fence"], n, []
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        while n < len(lines) and not closing.match(lines[n]):
            body.append(lines[n][len(indent):] if lines[n].startswith(indent) else lines[n].lstrip())
            n += 1
        n += 1
        fences.append(Fence(start, textwrap.dedent("\n".join(body))))
    return fences


_renderer: Renderer | None = None
_errors: list[str] = []


def _cache_dir(config: MkDocsConfig) -> Path:
    configured = os.environ.get("DIAGRAM_CACHE")
    return Path(configured) if configured else Path(config.config_file_path).resolve().parent / ".cache" / "diagrams"


def _font_stack(config: MkDocsConfig) -> str:
    css = Path(config.docs_dir) / "assets" / "stylesheets" / "extra.css"
    match = FONT_STACK.search(css.read_text(encoding="utf-8")) if css.is_file() else None
    return " ".join(match["stack"].split()) if match else "sans-serif"


def on_pre_build(config: MkDocsConfig) -> None:
    global _renderer
    # The i18n plugin's nested build of the other language keeps an open browser; otherwise start
    # afresh (`mkdocs serve` keeps this module across rebuilds, and extra.css may have changed).
    if _renderer is None or not _renderer.is_open:
        _renderer = Renderer(_cache_dir(config), _font_stack(config))
    _renderer.rendered = _renderer.cached = 0
    _renderer.seconds = 0.0
    _errors.clear()


@event_priority(50)  # before the search and print-site plugins read the page's HTML
def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files) -> str:
    blocks = list(MERMAID_BLOCK.finditer(html_text))
    if not blocks:
        return html_text
    renderer = _renderer
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

    fences = _mermaid_fences(page.file.content_string)
    seen: dict[str, int] = {}
    out, end = [], 0
    for index, (block, source) in enumerate(zip(blocks, sources)):
        out.append(html_text[end:block.start()])
        end = block.end()
        failed = [svgs[v.key][1:] for v in variants[source] if svgs[v.key].startswith("!")]
        if failed:
            _errors.append(_locate(page, config, fences, index, source, failed[0]))
            continue
        out.append('<div class="diagram" data-search-exclude>')
        for variant in variants[source]:
            svg = svgs[variant.key]
            seen[variant.svg_id] = seen.get(variant.svg_id, 0) + 1
            if seen[variant.svg_id] > 1:  # the same diagram twice on one page: ids stay unique
                svg = svg.replace(variant.svg_id, f"{variant.svg_id}-{seen[variant.svg_id]}")
            out.append(f'<div data-diagram-scheme="{variant.theme}">{svg}</div>')
        out.append("</div>")
    out.append(html_text[end:])
    return "".join(out)


def _locate(page: Page, config: MkDocsConfig, fences: list[Fence], index: int, source: str, error: str) -> str:
    """`docs/…/page.md:LINE: message` for a diagram Mermaid rejected."""
    fence = next((f for f in fences if f.source.strip() == source.strip()), None)
    if fence is None and index < len(fences):
        fence = fences[index]
    line = fence.line if fence else 1
    within = MERMAID_LINE.search(error)
    if fence and within:
        line += int(within.group(1))
    path = Path(page.file.abs_src_path or page.file.src_path)
    try:
        path = path.resolve().relative_to(Path(config.config_file_path).resolve().parent)
    except ValueError:
        pass
    message = " ".join(error.split())
    return f"{path.as_posix()}:{line}: Mermaid cannot draw this diagram: {message}"


def on_env(env, config: MkDocsConfig, files):
    """Every page is converted by now: report broken diagrams, or count the renders."""
    if _errors:
        errors = list(_errors)
        _close()
        raise PluginError("diagrams with errors:\n" + "\n".join(errors))
    if _renderer:
        log.info(f"diagrams: {_renderer.rendered} rendered, {_renderer.cached} from cache "
                 f"({config.theme.get('language', '?')}; {_renderer.seconds:.1f} s rendering)")
    return env


def _close() -> None:
    if _renderer:
        _renderer.close()


@event_priority(-110)  # after mkdocs-static-i18n's (-100), which builds the other language
def on_post_build(config: MkDocsConfig) -> None:
    _close()


def on_build_error(error: Exception) -> None:
    _close()
