"""TrueType print fonts for the PDF export, made from Debian's Noto CJK fonts.

Chromium's PDF backend (Skia) embeds only TrueType (glyf) outlines; the CFF-based Noto CJK
fonts become one Type 3 font per subset, which bloats the PDF and renders and copies poorly.
So the export subsets Noto Sans CJK SC (body, headings) and Noto Sans Mono CJK SC (code) to
the characters of the print pages, converts the cubic CFF outlines to quadratic TrueType ones
(fontTools' cu2qu), and serves them to Chromium with @font-face. Noto Sans CJK also has the
Latin glyphs (from Source Sans), so one family sets both scripts; the mono face has half-width
Latin and full-width Chinese, which keeps Chinese comments in code aligned.

The converted fonts are cached outside the repository (keyed by the source font's hash, the
character set and this converter's version): a second export with unchanged text reuses them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

NOTO = Path("/usr/share/fonts/opentype/noto")
# family used in print.css -> (file, index of the SC face in the collection, weight)
FACES = {
    "ops-kb-sans-regular": (NOTO / "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", 400),
    "ops-kb-sans-bold": (NOTO / "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC", 700),
    "ops-kb-mono-regular": (NOTO / "NotoSansCJK-Regular.ttc", "Noto Sans Mono CJK SC", 400),
    # Bold code (highlighted tokens) in a real bold face: Skia draws a synthesised bold as Type 3.
    "ops-kb-mono-bold": (NOTO / "NotoSansCJK-Bold.ttc", "Noto Sans Mono CJK SC", 700),
}
# Bump when the conversion changes, so that cached fonts are made again.
CONVERTER_VERSION = "1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ops-kb" / "print-fonts"
# Always kept: text that CSS, the running headers and the contents add around the page text.
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "…·•–—‘’“”、。，：；！？（）《》「」第页共目录"


def _face_index(collection: Path, family: str) -> int:
    from fontTools.ttLib import TTCollection

    for index, font in enumerate(TTCollection(str(collection), lazy=True).fonts):
        if font["name"].getDebugName(1) == family:
            return index
    raise SystemExit(f"{family} not found in {collection}")


def _cff_to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines by TrueType ones (quadratic curves, at most 1 unit off)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.maxPoints = maxp.maxContours = maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    maxp.maxComponentDepth = 0
    font["maxp"] = maxp
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["post"].formatType = 3.0  # no glyph names: smaller
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def _convert(source: Path, family: str, characters: str, target: Path) -> None:
    font = TTFont(str(source), fontNumber=_face_index(source, family), lazy=False)
    options = subset.Options()
    options.layout_features = ["*"]  # keep proportional/half-width punctuation and kerning
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    _cff_to_truetype(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    font.save(str(partial))
    partial.replace(target)


def print_fonts(text: str) -> dict[str, Path]:
    """The TrueType print fonts covering `text`, made when not cached yet: family -> file."""
    characters = "".join(sorted(set(text + ALWAYS) - set("\n\r\t")))
    fonts = {}
    for name, (source, family, _weight) in FACES.items():
        key = hashlib.sha256()
        key.update(hashlib.sha256(source.read_bytes()).digest())
        key.update(f"{family}|{CONVERTER_VERSION}|{characters}".encode())
        target = CACHE / f"{name}-{key.hexdigest()[:16]}.ttf"
        if not target.is_file():
            _convert(source, family, characters, target)
        fonts[name] = target
    return fonts


def fontconfig_file(fonts: dict[str, Path], directory: Path) -> Path:
    """A fontconfig configuration for the printing browser (FONTCONFIG_FILE): the system's, plus
    the print fonts, less the CFF Noto CJK fonts. Text the print CSS does not reach (the diagrams'
    own font stack, a character missing from a subset) then falls back to a TrueType font too,
    never to a Type 3 one."""
    fallback = directory / "fallback"
    fallback.mkdir(parents=True, exist_ok=True)
    # Only the proportional faces: a fallback to the mono face was set as Type 3 in Mermaid's labels.
    for name, path in fonts.items():
        if "sans" in name:
            shutil.copyfile(path, fallback / path.name)
    config = directory / "fonts.conf"
    config.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fallback}</dir>
  <cachedir>{directory / "cache"}</cachedir>
  <selectfont><rejectfont><glob>{NOTO}/*</glob></rejectfont></selectfont>
</fontconfig>
""",
        encoding="utf-8",
    )
    return config


def font_face_css(fonts: dict[str, Path], url_of) -> str:
    """@font-face rules for the families in print.css; url_of(path) gives each file's URL."""
    rules = []
    for name, path in fonts.items():
        family = "ops-kb-mono" if "mono" in name else "ops-kb-sans"
        weight = FACES[name][2]
        rules.append(
            f"@font-face {{ font-family: '{family}'; font-weight: {weight}; font-style: normal; "
            f"src: url('{url_of(path)}') format('truetype'); }}"
        )
    return "\n".join(rules)
