"""A sitemap per language, a robots.txt naming them, and the sitemaps Material's selector fetches.

mkdocs-static-i18n writes one `sitemap.xml` at the root with the pages of every language (each
with its `hreflang` alternates). After the whole build it is split: the default
language's pages stay in `sitemap.xml`, every other language's go to `<lang>/sitemap.xml`, each
entry gains an `x-default` alternate (the default language's page, as in hreflang.py), and
`robots.txt` names both sitemaps.

Material's language selector fetches `sitemap.xml` relative to every `<link rel="alternate">` of
a page, to map pages between languages. The alternates point at the same page in each language
(`/linux/tar/`, `/en/linux/tar/`), so it asks for `/linux/tar/sitemap.xml` and
`/en/linux/tar/sitemap.xml`: each page directory gets a one-entry sitemap for that page, which is
all Material needs there, and the language roots are the language sitemaps themselves. Without
them every page logs two 404s in the console.

Export builds (offline copy, print pages) are not published and get none of this.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

from mkdocs.exceptions import PluginError

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NS = {"sm": SITEMAP_NS, "xhtml": XHTML_NS}
ET.register_namespace("", SITEMAP_NS)
ET.register_namespace("xhtml", XHTML_NS)


def _write(urls: list[ET.Element], target: Path, gzipped: bool = False) -> None:
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    root.extend(urls)
    ET.indent(root)
    data = ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
    target.write_bytes(data)
    if gzipped:
        target.with_suffix(".xml.gz").write_bytes(gzip.compress(data, mtime=0))


def write_sitemaps(site: Path, site_url: str, default: str, others: list[str]) -> None:
    if not site_url:
        raise PluginError("sitemaps: site_url is needed for absolute sitemap URLs")

    combined = ET.parse(site / "sitemap.xml").getroot()
    buckets: dict[str, list[tuple[str, ET.Element]]] = {default: [], **{lang: [] for lang in others}}
    for url in combined.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS).strip()
        if not loc.startswith(site_url):
            raise PluginError(f"sitemaps: {loc} is not under site_url {site_url}")
        path = loc[len(site_url) :]
        first = path.split("/", 1)[0]
        language = first if first in others else default
        links = url.findall("xhtml:link", NS)
        default_page = next((link.get("href") for link in links if link.get("hreflang") == default), None)
        if default_page and not any(link.get("hreflang") == "x-default" for link in links):
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang="x-default", href=default_page)
        buckets[language].append((path, url))

    sitemaps = []
    for language, entries in buckets.items():
        root_path = "" if language == default else f"{language}/"
        target = site / root_path / "sitemap.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        _write([url for _, url in entries], target, gzipped=True)
        sitemaps.append(site_url + root_path + "sitemap.xml")
        for path, url in entries:
            page_dir = site / path
            if path != root_path and path.endswith("/") and page_dir.is_dir():
                _write([url], page_dir / "sitemap.xml")

    (site / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n\n" + "".join(f"Sitemap: {url}\n" for url in sitemaps), encoding="utf-8"
    )
