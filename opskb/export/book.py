"""PDF work the export does with pikepdf after Chromium has printed: where each heading landed,
stamping the running headers and page numbers, metadata, compression.

Chromium's print engine has no `target-counter()` or `string-set`, so the contents' page numbers
and the running headers come from the printed PDF itself: Chromium writes a named destination
for every element that a link of the page points to (the contents links to every chapter and
page), which gives the page of each. The headers and page numbers are printed by Chromium as a
second, transparent document (one PDF page per book page) and laid over the book's pages.
"""

from __future__ import annotations

import html
import io
import urllib.parse
from pathlib import Path

import pikepdf
from pikepdf import Name


def _page_index(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages)}


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destination -> 0-based page index."""
    index = _page_index(pdf)
    destinations: dict[str, int] = {}
    items = []
    if Name.Names in pdf.Root and Name.Dests in pdf.Root.Names:
        items = pikepdf.NameTree(pdf.Root.Names.Dests).items()
    elif Name.Dests in pdf.Root:
        items = pdf.Root.Dests.items()
    for name, value in items:
        array = value.D if isinstance(value, pikepdf.Dictionary) else value
        page = index.get(array[0].objgen)
        if page is not None:
            # Chromium names them "/" + the percent-encoded element id.
            destinations[urllib.parse.unquote(str(name).removeprefix("/"))] = page
    return destinations


def anchor_pages(pdf_bytes: bytes) -> dict[str, int]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return named_destinations(pdf)


def running_heads(
    page_count: int, chapters: list[dict], entries: list[dict], pages: dict[str, int], first_content_page: int
) -> list[dict]:
    """For each book page (0-based): header texts and footer page number, or None for no header.

    No header or number on the cover, no header on the contents (number only) and none on a page
    where a chapter or one of its pages opens (its title is at the top of the page).
    """
    chapter_starts = sorted((pages[c["id"]], c["title"]) for c in chapters if c["id"] in pages)
    page_starts = sorted(
        (pages[e["id"]], e["title"]) for e in entries if e["page"] and e["level"] > 1 and e["id"] in pages
    )
    opening_pages = {pages[e["id"]] for e in entries if e["id"] in pages}
    heads = []
    for number in range(page_count):
        chapter = next((t for start, t in reversed(chapter_starts) if start <= number), "")
        section = next((t for start, t in reversed(page_starts) if start <= number), "")
        if number == 0:
            heads.append({"left": "", "right": "", "number": ""})
        elif number < first_content_page or number in opening_pages:
            heads.append({"left": "", "right": "", "number": str(number + 1)})
        else:
            heads.append({"left": chapter, "right": section if section != chapter else "", "number": str(number + 1)})
    return heads


def running_heads_html(heads: list[dict], language: str, font_css: str) -> str:
    """One A4 page per book page, with only the header and the footer on it."""
    pages = []
    for head in heads:
        header = ""
        if head["left"] or head["right"]:
            header = (
                f"<div class='head'><span>{html.escape(head['left'])}</span>"
                f"<span>{html.escape(head['right'])}</span></div>"
            )
        footer = f"<div class='foot'>{head['number']}</div>" if head["number"] else ""
        pages.append(f"<div class='page'>{header}{footer}</div>")
    return f"""<!doctype html><html lang="{language}"><head><meta charset="utf-8"><style>
{font_css}
@page {{ size: A4; margin: 0; }}
html, body {{ margin: 0; padding: 0; background: transparent; }}
body {{ font-family: 'ops-kb-sans', 'DejaVu Sans', sans-serif; color: #555; }}
.page {{ position: relative; height: 296mm; overflow: hidden; break-after: page; }}
.page:last-child {{ break-after: auto; }}
.head {{ position: absolute; top: 11mm; left: 18mm; right: 18mm; display: flex; justify-content: space-between;
  gap: 8mm; font-size: 8pt; padding-bottom: 1.2mm; border-bottom: 0.4pt solid #bbb; white-space: nowrap; }}
.head span {{ overflow: hidden; text-overflow: ellipsis; }}
.foot {{ position: absolute; bottom: 10mm; left: 0; right: 0; text-align: center; font-size: 9pt; }}
</style></head><body>{"".join(pages)}</body></html>"""


def stamp_and_finish(
    book_bytes: bytes, heads_bytes: bytes, target: Path, *, title: str, author: str, subject: str, language: str
) -> None:
    """Lay the header/footer pages over the book's pages, set the metadata, save compressed."""
    with pikepdf.open(io.BytesIO(book_bytes)) as book, pikepdf.open(io.BytesIO(heads_bytes)) as heads:
        if len(heads.pages) != len(book.pages):
            raise SystemExit(f"running heads: {len(heads.pages)} pages for a book of {len(book.pages)}")
        for page, overlay in zip(book.pages, heads.pages, strict=False):
            form = book.copy_foreign(overlay.as_form_xobject())
            name = page.add_resource(form, Name.XObject, prefix="OpsKbHead")
            # Chromium's page content leaves its flipped, scaled matrix in force: wrap it in q/Q so
            # the overlay is drawn in page space. Marked as a pagination artifact: screen readers
            # and the tagged structure skip it.
            page.contents_add(pikepdf.Stream(book, b"q\n"), prepend=True)
            page.contents_add(
                pikepdf.Stream(
                    book, b"\nQ\n/Artifact <</Type /Pagination>> BDC q " + str(name).encode() + b" Do Q EMC\n"
                ),
                prepend=False,
            )
        # The 6 MB budget: the structure tree goes, the bookmarks and /Lang stay.
        drop_structure_tree(book)
        with book.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:creator"] = [author]
            meta["dc:description"] = subject
            meta["dc:language"] = [language]
        book.docinfo[Name.Title] = title
        book.docinfo[Name.Author] = author
        book.docinfo[Name.Subject] = subject
        book.Root.Lang = pikepdf.String(language)
        # Open with the bookmarks panel, showing the document title rather than the file name.
        book.Root.PageMode = Name.UseOutlines
        book.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        book.remove_unreferenced_resources()
        book.save(target, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def page_count(pdf_bytes: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return len(pdf.pages)


def drop_structure_tree(pdf: pikepdf.Pdf) -> None:
    """Remove the tagged structure (a StructElem per element: a fifth of the file). Chromium needs
    tagged=True to write the bookmarks; they stay, with their explicit destinations."""
    for key in ("/StructTreeRoot", "/MarkInfo"):
        if key in pdf.Root:
            del pdf.Root[key]
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            del page.obj["/StructParents"]
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                del annotation["/StructParent"]
    stack = [pdf.Root.Outlines.get("/First")] if "/Outlines" in pdf.Root else []
    while stack:
        item = stack.pop()
        if item is None:
            continue
        if "/SE" in item:
            del item["/SE"]
        stack += [item.get("/First"), item.get("/Next")]
