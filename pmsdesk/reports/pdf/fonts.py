"""The typeface every PDF uses, chosen so officials' names print as they are spelt.

Names such as "Ṱhohoyandou" or "Murang'a" need a font with Latin Extended
glyphs; ReportLab's built-in Helvetica has none. DejaVu Sans Condensed ships in
``resources/fonts`` (with its licence); a system copy is used when the shipped
one is missing. Only if neither exists do reports fall back to Helvetica, and
then :func:`printable` strips accents so text degrades to plain letters
instead of black boxes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pmsdesk.resources import resources_dir

FAMILY = "PmsSans"
FILES = {
    "regular": "DejaVuSansCondensed.ttf",
    "bold": "DejaVuSansCondensed-Bold.ttf",
    "italic": "DejaVuSansCondensed-Oblique.ttf",
}


def _search_dirs() -> list[Path]:
    return [
        resources_dir() / "fonts",
        Path("/usr/share/fonts/truetype/dejavu"),
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".fonts",
        Path("C:/Windows/Fonts"),
        Path("/Library/Fonts"),
    ]


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    #: False when only the built-in Helvetica was available.
    unicode: bool
    source: str


def _find(name: str) -> Path | None:
    for folder in _search_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def font_set() -> FontSet:
    """Register the report fonts once per process and say which ones are in use."""
    paths = {style: _find(name) for style, name in FILES.items()}
    if paths["regular"] is None:
        return FontSet("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", False, "built-in Helvetica")
    names = {}
    for style, path in paths.items():
        chosen = path or paths["regular"]
        name = f"{FAMILY}-{style}"
        pdfmetrics.registerFont(TTFont(name, str(chosen)))
        names[style] = name
    addMapping(FAMILY, 0, 0, names["regular"])
    addMapping(FAMILY, 1, 0, names["bold"])
    addMapping(FAMILY, 0, 1, names["italic"])
    addMapping(FAMILY, 1, 1, names["bold"])
    return FontSet(names["regular"], names["bold"], names["italic"], True, str(paths["regular"].parent))


def printable(text: str) -> str:
    """``text`` as the current font can draw it: unchanged with a Unicode font, else de-accented."""
    if font_set().unicode:
        return text
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).encode("latin-1", "replace").decode("latin-1")
