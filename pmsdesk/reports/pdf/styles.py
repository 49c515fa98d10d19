"""Type sizes, colours and table looks shared by every PDF, so documents read as one family.

Colours are sober (dark slate headings, light grey rules) because reports are
printed on office laser printers, often in black and white: traffic lights
always carry their name as text as well as their colour.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle

from .fonts import font_set, printable

INK = colors.HexColor("#1f2d3a")
ACCENT = colors.HexColor("#1d4e89")
MUTED = colors.HexColor("#5d6d7e")
RULE = colors.HexColor("#b8c2cc")
HEADER_FILL = colors.HexColor("#e3e9f0")
SECTION_FILL = colors.HexColor("#f2f5f8")
NOT_MEASURED = "#7f8c8d"
CELL_FONT_SIZE = 8
CELL_PADDING = 3


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Named paragraph styles: title, h1, h2, body, small, cell, cell_bold, cell_right, note."""
    fonts = font_set()
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=12.5,
                          textColor=INK, spaceAfter=4)
    made = {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=fonts.bold, fontSize=16,
                                leading=20, textColor=ACCENT, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14,
                                   textColor=MUTED, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=base, fontName=fonts.bold, fontSize=12, leading=15,
                             textColor=ACCENT, spaceBefore=10, spaceAfter=5),
        "h2": ParagraphStyle("h2", parent=base, fontName=fonts.bold, fontSize=10, leading=13,
                             spaceBefore=6, spaceAfter=3),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "note": ParagraphStyle("note", parent=base, fontName=fonts.italic, fontSize=8.5,
                               leading=11, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.8, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=fonts.bold, fontSize=8,
                                    leading=9.8, spaceAfter=0),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8, leading=9.8,
                                     spaceAfter=0, alignment=TA_RIGHT),
        "cell_center": ParagraphStyle("cell_center", parent=base, fontSize=8, leading=9.8,
                                      spaceAfter=0, alignment=TA_CENTER),
        "cell_bold_right": ParagraphStyle("cell_bold_right", parent=base, fontName=fonts.bold,
                                          fontSize=8, leading=9.8, spaceAfter=0,
                                          alignment=TA_RIGHT),
        "head_right": ParagraphStyle("head_right", parent=base, fontName=fonts.bold,
                                     fontSize=7.8, leading=9.5, spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=fonts.bold, fontSize=7.8,
                               leading=9.5, spaceAfter=0, alignment=TA_LEFT),
        "light": ParagraphStyle("light", parent=base, fontName=fonts.bold, fontSize=7.2,
                                leading=8.6, spaceAfter=0, alignment=TA_CENTER,
                                textColor=colors.white),
    }
    return made


def text(value: object) -> str:
    """Plain text made safe for a Paragraph: escaped markup, printable characters."""
    return escape(printable("" if value is None else str(value)))


def para(value: object, style: str = "cell") -> Paragraph:
    return Paragraph(text(value), styles()[style])


def markup(value: str, style: str = "body") -> Paragraph:
    """A Paragraph from trusted markup (our own <b>/<i> tags around already-escaped text)."""
    return Paragraph(value, styles()[style])


def grid_style(*, header_rows: int = 1, font_size: float = CELL_FONT_SIZE) -> TableStyle:
    """The standard data table: shaded repeated header, thin rules, top-aligned cells."""
    fonts = font_set()
    commands = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, font_size),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("FONT", (0, 0), (-1, header_rows - 1), fonts.bold, font_size),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    return TableStyle(commands)


def light_colour(hex_colour: str | None) -> colors.Color:
    return colors.HexColor(hex_colour or NOT_MEASURED)
