"""Mermaid in Debian's Chromium, with a cache of the SVGs it drew.

The renderer is the real, pinned Mermaid (npm `mermaid` in package.json), driven by Playwright.
Mermaid lays labels out by measuring text in the browser, so rendering in Chromium with the
page's own font stack and the installed fonts (fonts-noto-cjk) gives boxes that fit their
labels. The browser starts on the first cache miss of a build, and only then.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from ...chromium import CHROMIUM, CHROMIUM_ARGS
from ...project import ROOT

MERMAID_DIR = ROOT / "node_modules" / "mermaid"
MERMAID_JS = MERMAID_DIR / "dist" / "mermaid.min.js"

log = logging.getLogger("mkdocs.plugins.opskb.diagrams")

# Bump when the rendering or post-processing below changes in a way the other key parts miss.
RENDERER_VERSION = 5

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

    def __init__(self, cache_dir: Path, font: str, themes: dict[str, dict]):
        self.cache_dir = cache_dir
        self.font = font
        self.themes = themes
        self.mermaid_version = json.loads((MERMAID_DIR / "package.json").read_text(encoding="utf-8"))["version"]
        self._playwright = self._browser = self._page = None
        self.rendered = self.cached = 0
        self.seconds = 0.0  # spent starting the browser and rendering

    def variants(self, source: str) -> list[Variant]:
        return [Variant(self._key(source, theme), theme, source) for theme in self.themes]

    def _key(self, source: str, theme: str) -> str:
        material = {
            "source": source,
            "mermaid": self.mermaid_version,
            "theme": self.themes[theme],
            "font": self.font,
            "renderer": RENDERER_VERSION,
            "code": RENDER_BATCH_JS,
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()

    def lookup(self, variant: Variant) -> str | None:
        path = self.cache_dir / f"{variant.key}.svg"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def render(self, variants: list[Variant]) -> dict[str, str]:
        """SVG by key for each variant; an error message (str starting with '!') if Mermaid fails."""
        started = time.perf_counter()
        page = self._open()
        items = [{"key": v.key, "id": v.svg_id, "source": v.source, "theme": self.themes[v.theme]} for v in variants]
        results = {}
        for result in page.evaluate(RENDER_BATCH_JS, {"items": items, "font": self.font}):
            if "error" in result:
                results[result["key"]] = "!" + result["error"]
                continue
            variant = next(v for v in variants if v.key == result["key"])
            svg = compact(prefix_ids(result["svg"], variant.svg_id))
            self._store(variant.key, svg)
            results[variant.key] = svg
            self.rendered += 1
        self.seconds += time.perf_counter() - started
        return results

    def _store(self, key: str, svg: str) -> None:
        # Written atomically: scripts/export runs several builds at once on one cache.
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.cache_dir, suffix=".tmp", delete=False
        ) as file:
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
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = self._browser.new_page()
        # Mermaid needs nothing from the network; nothing may leave the machine.
        page.route("**/*", lambda route: route.abort())
        page.set_content(
            "<!doctype html><html><head><meta charset='utf-8'></head><body style='font-size:16px'></body></html>"
        )
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


def prefix_ids(svg: str, svg_id: str) -> str:
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


def compact(svg: str) -> str:
    """Smaller SVG, same drawing: path coordinates to 1/100 px (Mermaid writes up to 15 digits
    and its hand-drawn shapes have hundreds of points), no `data-points` (edge coordinates kept
    for Mermaid's own scripts, which the page does not run)."""
    svg = re.sub(r'\sdata-points="[^"]*"', "", svg)

    def rounded(match: re.Match) -> str:
        value = LONG_DECIMAL.sub(lambda n: f"{float(n.group()):.2f}".rstrip("0").rstrip("."), match["value"])
        return f'{match["name"]}="{value}"'

    return GEOMETRY.sub(rounded, svg)
