"""What makes the built site publishable: no file from another origin, cacheable asset names,
the CSP's script hashes, and the post-build steps of every plugin run in order."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import BasePlugin, CombinedEvent

from ... import pipeline
from ...project import is_export_build, is_nested_build
from .config import PublishConfig
from .csp import blocked_inline_code, inline_script_hashes, nginx_include
from .fingerprints import fingerprint, reference_rewriter
from .palette import point_at_palette, write_palette_stylesheet
from .vendor import copy_vendor_files

log = logging.getLogger("mkdocs.plugins.opskb.publish")


class PublishPlugin(BasePlugin[PublishConfig]):
    def _check_position(self, config):
        pipeline.check_plugin_order(config)

    @pipeline.priority(pipeline.BEFORE_OFFLINE_CONFIG)
    def _use_local_worker_shim(self, config):
        """In the offline build, the local iframe-worker shim instead of unpkg's."""
        offline = next((p for name, p in config.plugins.items() if name.endswith("offline")), None)
        if offline and offline.config.enabled:
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), self.config.offline_worker_shim]

    on_config = CombinedEvent(_check_position, _use_local_worker_shim)

    def on_post_page(self, output, page, config):
        return point_at_palette(output)

    def on_post_template(self, output, template_name, config):
        return point_at_palette(output)  # the 404 page

    @pipeline.priority(pipeline.AFTER_WHOLE_SITE)
    def on_post_build(self, config):
        if is_nested_build(config):  # another language is still to come
            return
        pipeline.run_post_build_steps(config)

    # --- post-build steps (opskb/pipeline.py) ---

    def copy_vendor_files(self, config) -> None:
        copy_vendor_files(Path(config.site_dir), self.config.vendor)

    def write_palette_stylesheet(self, config) -> None:
        write_palette_stylesheet(Path(config.site_dir))

    def fingerprint_assets_and_hash_scripts(self, config) -> None:
        """One pass over every built page: point it at the fingerprinted assets, then (for the
        served site) collect its inline scripts' hashes for the CSP."""
        site = Path(config.site_dir)
        rewrite = reference_rewriter(fingerprint(site, self.config.fingerprint))
        served = not is_export_build(config)
        hashes: dict[str, None] = {}
        for page in sorted(site.rglob("*.html")):
            text = page.read_text(encoding="utf-8")
            rewritten = rewrite(text)
            if rewritten != text:
                page.write_text(rewritten, encoding="utf-8")
            if served:
                hashes.update(dict.fromkeys(inline_script_hashes(rewritten)))
                for problem in blocked_inline_code(rewritten):
                    log.warning(f"{page.relative_to(site)}: {problem}")
        if served:
            (site / self.config.csp_file).write_text(nginx_include(hashes), encoding="utf-8")
