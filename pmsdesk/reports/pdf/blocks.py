"""Building blocks several documents share: fact boxes, data tables, signature blocks.

Labels, headings, column titles and traffic-light names pass through ``_()`` here, so a
constant marked with ``N_()`` where it is defined prints in the report's language
(``i18n.in_language``); values from the database are printed as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from pmsdesk.i18n import _
from pmsdesk.wording import a_date

from .fonts import printable
from .styles import (
    CELL_PADDING,
    INK,
    RULE,
    SECTION_FILL,
    grid_style,
    light_colour,
    para,
    styles,
    text,
)
from .text_table import Look, Row, TextTable, text_width


def facts_table(pairs: Sequence[tuple[str, object]], width: float, label_share: float = 0.28) -> Table:
    """A two-column box of labelled facts (party, position, term …)."""
    rows = [[para(_(label), "cell_bold"), para(value if value not in (None, "") else "—")]
            for label, value in pairs]
    table = Table(rows, colWidths=[width * label_share, width * (1 - label_share)], hAlign="LEFT")
    style = grid_style(header_rows=0)
    style.add("BACKGROUND", (0, 0), (0, -1), SECTION_FILL)
    table.setStyle(style)
    return table


SHORT_TABLE_ROWS = 16
#: A figure as reports print it ('157,754,045.08', 'R 4,500,000', '-12.5%'): never broken across lines; a
#: column whose widest figure does not fit is set smaller instead, down to this size.
FIGURE = re.compile(r"^(?:[(R$]|[KT]Sh\u00a0)*[-+−]?\d[\d,.\u00a0]*[%)]?$")
#: Words break at ordinary white space only: a no-break space holds an amount ("R1 250 000") together.
WORD = re.compile(r"[^ \t\n\r\f\v]+")
MIN_FIGURE_SIZE = 5.0


class LightLabel(str):
    """A traffic light's name, drawn by :func:`data_table` in white bold on the cell's colour."""


def light_cell(name: str) -> LightLabel:
    """A traffic-light label; ``cell_colours`` sets the colour of its cell."""
    short = _(name).removeprefix("KPI ")
    return LightLabel(short[:1].upper() + short[1:])


@lru_cache(maxsize=16_384)
def wrapped(value: str, font: str, size: float, room: float) -> str | None:
    """``value`` broken into lines no wider than ``room``, as a Paragraph would break it
    (whitespace collapsed, greedy), or None when one word alone is wider than the room.

    Table cells holding such text as a plain string are drawn at a fraction of a
    Paragraph's cost: a 1,000-KPI report has some 10,000 cells. Cached: a column
    repeats its units, figures, statuses and reasons.
    """
    words = WORD.findall(value)
    if not words:
        return ""
    space = text_width(" ", font, size)
    lines, line, width = [], [words[0]], text_width(words[0], font, size)
    if width > room:
        return None
    for word in words[1:]:
        extra = text_width(word, font, size)
        if extra > room:
            return None
        if width + space + extra <= room:
            line.append(word)
            width += space + extra
        else:
            lines.append(" ".join(line))
            line, width = [word], extra
    lines.append(" ".join(line))
    return "\n".join(lines)


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], *,
               right_align: Sequence[int] = (), total_rows: Sequence[int] = (),
               cell_colours: Sequence[tuple[int, int, str]] = (), ruled: bool = False) -> TextTable:
    """A table whose header repeats on every page and whose rows never split across pages.

    ``rows`` may hold strings, :func:`light_cell` labels or flowables. Text is
    wrapped to its column here and drawn as plain lines; only a word too wide
    for its column falls back to a Paragraph, which splits it. ``total_rows``
    are ruled above, shaded and bold; ``cell_colours`` are (column, row, hex)
    traffic-light fills, counted from the first data row. A ``ruled`` table (a form to
    fill in by hand) has thin lines between its columns as well, over all other rules.
    """
    looks = styles()
    room = [w - 2 * CELL_PADDING for w in widths]  # a cell Paragraph's width
    aligns = ["RIGHT" if column in right_align else "LEFT" for column in range(len(widths))]

    def cell(value: object, column: int, style: str) -> tuple[str, ...] | Paragraph:
        """The lines of ``value`` in the font of the paragraph style ``style``, or that paragraph."""
        shown = printable("" if value is None else str(value))
        lines = wrapped(shown, looks[style].fontName, fitted[column] or looks[style].fontSize, room[column])
        return para(value, style) if lines is None else tuple(lines.split("\n"))

    def fitted_size(values: Sequence[object], column: int, style: str) -> float | None:
        """The size at which a column's widest figure fits whole (None: every figure fits as it is)."""
        font, size = looks[style].fontName, looks[style].fontSize
        widest = max((text_width(word, font, size) for value in values if value is not None
                      and not isinstance(value, Flowable) for word in WORD.findall(str(value)) if FIGURE.match(word)),
                     default=0.0)
        if widest <= room[column]:
            return None
        return max(MIN_FIGURE_SIZE, int(size * room[column] / widest * 10) / 10)

    fitted = [fitted_size([row[n] for row in rows if n < len(row)], n, "cell_bold") for n in range(len(widths))]
    head_cells = [cell(_(h) if isinstance(h, str) else h, n, "head_right" if n in right_align else "head")
                  for n, h in enumerate(header)]
    head = Row.of(head_cells, [_text_look("head", align, True) for align in aligns], widths)
    palette = {colour: light_colour(colour or None) for _row, _column, colour in cell_colours}
    fills = {(index, column): palette[colour] for column, index, colour in cell_colours}
    body = []
    for index, row in enumerate(rows):
        style = "cell_bold" if index in total_rows else "cell"
        cells, cell_looks = [], []
        for column, value in enumerate(row):
            if isinstance(value, LightLabel):
                cells.append(cell(value, column, "light"))
                cell_looks.append(_light_look(on_light_fill(fills.get((index, column)))))
                continue
            if isinstance(value, Flowable):
                cells.append(value)
            else:
                cells.append(cell(value, column, style + ("_right" if column in right_align else "")))
            many = isinstance(cells[-1], tuple) and len(cells[-1]) > 1
            cell_looks.append(_text_look(style, aligns[column], many, fitted[column]))
        body.append(Row.of(cells, cell_looks, widths,
                           [fills.get((index, column)) for column in range(len(cells))],
                           total=index in total_rows))
    return TextTable(head, body, widths, ruled=ruled)


@lru_cache(maxsize=256)
def _text_look(style: str, align: str, many_lines: bool, size: float | None = None) -> Look:
    """Text in the font of the paragraph style ``style``: wrapped lines keep the style's
    spacing, a single line a table's (1.2 x the size), as in the Table this replaced.
    ``size`` is a smaller size for a column whose widest figure would not fit whole."""
    font = styles()[style]
    scale = 1.0 if size is None else size / font.fontSize
    leading = (font.leading if many_lines else font.fontSize * 1.2) * scale
    return Look(font.fontName, size or font.fontSize, leading, INK, align)


def on_light_fill(fill: colors.Color | None) -> bool:
    """Whether a light's fill is pale enough (a light green 'met') that white text would not read on it."""
    return fill is not None and 0.299 * fill.red + 0.587 * fill.green + 0.114 * fill.blue > 0.6


@lru_cache(maxsize=2)
def _light_look(dark_text: bool = False) -> Look:
    """A traffic light's name: bold and centred on its colour, white (or ink on a pale colour)."""
    light = styles()["light"]
    return Look(light.fontName, light.fontSize, light.leading, INK if dark_text else light.textColor, "CENTER")


def heading(value: str, level: str = "h1") -> list[Flowable]:
    """A heading that is never left alone at the foot of a page."""
    return [CondPageBreak(30 * mm), para(_(value), level)]


def titled(value: str, table: TextTable, width: float, level: str = "h1") -> list[Flowable]:
    """A heading and the table under it: a short table moves to the next page whole, with
    its heading; a long one starts where it is and repeats its header on each page."""
    need = 45 * mm
    if table.row_count <= SHORT_TABLE_ROWS:
        need = table.wrap(width, 10_000)[1] + 14 * mm
    return [CondPageBreak(need), para(_(value), level), table]


def whole(table: TextTable) -> Flowable:
    """A short table kept on one page (a header row alone at a page foot helps nobody)."""
    return KeepTogether([table]) if table.row_count <= SHORT_TABLE_ROWS else table


def signature_blocks(parties: Sequence[tuple[str, str | None]], width: float, *,
                     place: str | None = None, on: date | None = None,
                     title: str | None = None, intro: str | None = None) -> Flowable:
    """Signature, name, place and date lines for each party, kept on one page.

    A signed agreement prints the recorded place and date; otherwise the lines
    are left blank to be completed by hand.
    """
    line = "_" * 34
    cells = []
    for role, name in parties:
        block = [
            para(_(role), "cell_bold"), Spacer(1, 8 * mm),
            para(line), para(_("Signature"), "small"),
            para(name or line), para(_("Full name"), "small"), Spacer(1, 2 * mm),
            para(_("Signed at {0}").format(place or line[:22])),
            para(_("on {0}").format(a_date(on) if on else line[:22])),
        ]
        cells.append(block)
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = Table(rows, colWidths=[width / 2] * 2, hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE)])
    lead = ([para(_(title), "h1")] if title else []) + ([para(intro, "body")] if intro else [])
    return KeepTogether(lead + [table])


def bullet_list(items: Sequence[str]) -> list[Paragraph]:
    return [Paragraph(f"•&nbsp;&nbsp;{text(item)}", styles()["body"]) for item in items]


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)

