"""Building blocks several documents share: fact boxes, data tables, signature blocks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from pmsdesk.wording import a_date

from .fonts import printable
from .styles import (
    CELL_PADDING, HEADER_FILL, INK, RULE, SECTION_FILL, grid_style, light_colour, para, styles, text,
)


def facts_table(pairs: Sequence[tuple[str, object]], width: float, label_share: float = 0.28) -> Table:
    """A two-column box of labelled facts (party, position, term …)."""
    rows = [[para(label, "cell_bold"), para(value if value not in (None, "") else "—")]
            for label, value in pairs]
    table = Table(rows, colWidths=[width * label_share, width * (1 - label_share)], hAlign="LEFT")
    style = grid_style(header_rows=0)
    style.add("BACKGROUND", (0, 0), (0, -1), SECTION_FILL)
    table.setStyle(style)
    return table


SHORT_TABLE_ROWS = 16


class LightLabel(str):
    """A traffic light's name, drawn by :func:`data_table` in white bold on the cell's colour."""


def light_cell(name: str) -> LightLabel:
    """A traffic-light label; ``cell_colours`` sets the colour of its cell."""
    short = name.removeprefix("KPI ")
    return LightLabel(short[:1].upper() + short[1:])


@lru_cache(maxsize=65_536)
def _word_width(word: str, font: str, size: float) -> float:
    return stringWidth(word, font, size)


def wrapped(value: str, font: str, size: float, room: float) -> str | None:
    """``value`` broken into lines no wider than ``room``, as a Paragraph would break it
    (whitespace collapsed, greedy), or None when one word alone is wider than the room.

    Table cells holding such text as a plain string are drawn at a fraction of a
    Paragraph's cost: a 1,000-KPI report has some 10,000 cells.
    """
    words = value.split()
    if not words:
        return ""
    space = _word_width(" ", font, size)
    lines, line, width = [], [words[0]], _word_width(words[0], font, size)
    if width > room:
        return None
    for word in words[1:]:
        extra = _word_width(word, font, size)
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


def _runs(cells: Sequence[tuple[int, int, str]]
          ) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """(column, row, look) cells as runs of consecutive rows of one column with the same look:
    a long table repeats its style commands on every page it is split over."""
    runs: list[list] = []
    for column, row, look in sorted(cells):
        if runs and runs[-1][0] == column and runs[-1][3] == look and runs[-1][2] == row - 1:
            runs[-1][2] = row
        else:
            runs.append([column, row, row, look])
    return [((column, first), (column, last), look) for column, first, last, look in runs]


def _font(look: ParagraphStyle) -> tuple[str, float, float]:
    """A table FONT command's name, size and leading, as the paragraph style ``look`` has them."""
    return look.fontName, look.fontSize, look.leading


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], *,
               right_align: Sequence[int] = (), section_rows: Sequence[int] = (),
               total_rows: Sequence[int] = (), cell_colours: Sequence[tuple[int, int, str]] = (),
               ) -> Table:
    """A table whose header repeats on every page and whose rows never split across pages.

    ``rows`` may hold strings, :func:`light_cell` labels or flowables. Text is
    wrapped to its column here and drawn as plain strings; only a word too
    wide for its column falls back to a Paragraph, which splits it.
    ``section_rows`` are full-width headings; ``cell_colours`` are
    (column, row, hex) traffic-light fills, counted from the first data row.
    """
    looks = styles()
    room = [w - 2 * CELL_PADDING for w in widths]  # a cell Paragraph's width

    def cell(value: object, column: int, look: str) -> object:
        """Plain text in the font of the paragraph style ``look``, or that paragraph."""
        shown = printable("" if value is None else str(value))
        lines = wrapped(shown, looks[look].fontName, looks[look].fontSize, room[column])
        return para(value, look) if lines is None else lines

    head = [cell(h, n, "head_right" if n in right_align else "head") for n, h in enumerate(header)]
    body, lights, spaced = [], [], []
    for index, row in enumerate(rows):
        if index in section_rows:
            body.append([para(row[0], "cell_bold")] + [""] * (len(header) - 1))
            continue
        kind = "cell_bold" if index in total_rows else "cell"
        cells = []
        for column, value in enumerate(row):
            if isinstance(value, LightLabel):
                lights.append((column, index + 1, ""))
                cells.append(cell(value, column, "light"))
            elif isinstance(value, Flowable):
                cells.append(value)
            else:
                cells.append(cell(value, column, kind + ("_right" if column in right_align else "")))
                if isinstance(cells[-1], str) and "\n" in cells[-1]:
                    spaced.append((column, index + 1, ""))
        body.append(cells)
    table = Table([head] + body, colWidths=list(widths), repeatRows=1, splitInRow=0,
                  hAlign="LEFT")
    style = grid_style()
    style.add("FONT", (0, 0), (-1, 0), *_font(looks["head"]))
    for column in right_align:
        style.add("ALIGN", (column, 0), (column, -1), "RIGHT")
    for index in section_rows:
        style.add("SPAN", (0, index + 1), (-1, index + 1))
        style.add("BACKGROUND", (0, index + 1), (-1, index + 1), SECTION_FILL)
    for index in total_rows:
        style.add("LINEABOVE", (0, index + 1), (-1, index + 1), 0.8, INK)
        style.add("BACKGROUND", (0, index + 1), (-1, index + 1), HEADER_FILL)
        style.add("FONT", (0, index + 1), (-1, index + 1), *_font(looks["cell_bold"])[:2])
    # Wrapped text keeps a paragraph's line spacing; one line keeps the table's own (1.2 x size).
    for start, stop, _ in _runs(spaced):
        style.add("LEADING", start, stop, looks["cell"].leading)
    for start, stop, _ in _runs(lights):
        style.add("FONT", start, stop, *_font(looks["light"]))
        style.add("TEXTCOLOR", start, stop, looks["light"].textColor)
        style.add("ALIGN", start, stop, "CENTER")
    for start, stop, colour in _runs([(column, index + 1, colour or "")
                                      for column, index, colour in cell_colours]):
        style.add("BACKGROUND", start, stop, light_colour(colour or None))
    table.setStyle(style)
    return table


def heading(value: str, level: str = "h1") -> list[Flowable]:
    """A heading that is never left alone at the foot of a page."""
    return [CondPageBreak(30 * mm), para(value, level)]


def titled(value: str, table: Table, width: float, level: str = "h1") -> list[Flowable]:
    """A heading and the table under it: a short table moves to the next page whole, with
    its heading; a long one starts where it is and repeats its header on each page."""
    need = 45 * mm
    if len(table._cellvalues) <= SHORT_TABLE_ROWS:
        need = table.wrap(width, 10_000)[1] + 14 * mm
    return [CondPageBreak(need), para(value, level), table]


def whole(table: Table) -> Flowable:
    """A short table kept on one page (a header row alone at a page foot helps nobody)."""
    return KeepTogether([table]) if len(table._cellvalues) <= SHORT_TABLE_ROWS else table


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
            para(role, "cell_bold"), Spacer(1, 8 * mm),
            para(line), para("Signature", "small"),
            para(name or line), para("Full name", "small"), Spacer(1, 2 * mm),
            para(f"Signed at {place}" if place else f"Signed at {line[:22]}"),
            para(f"on {a_date(on)}" if on else f"on {line[:22]}"),
        ]
        cells.append(block)
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = Table(rows, colWidths=[width / 2] * 2, hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE)])
    lead = ([para(title, "h1")] if title else []) + ([para(intro, "body")] if intro else [])
    return KeepTogether(lead + [table])


def bullet_list(items: Sequence[str]) -> list[Paragraph]:
    return [Paragraph(f"•&nbsp;&nbsp;{text(item)}", styles()["body"]) for item in items]


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)

