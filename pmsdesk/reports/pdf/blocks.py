"""Building blocks several documents share: fact boxes, data tables, signature blocks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from pmsdesk.wording import a_date

from .fonts import font_set, printable
from .styles import CELL_FONT_SIZE, CELL_PADDING, HEADER_FILL, INK, RULE, SECTION_FILL, grid_style, light_colour, para, styles, text


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


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], *,
               right_align: Sequence[int] = (), section_rows: Sequence[int] = (),
               total_rows: Sequence[int] = (), cell_colours: Sequence[tuple[int, int, str]] = (),
               ) -> Table:
    """A table whose header repeats on every page and whose rows never split across pages.

    ``rows`` may hold strings or flowables; strings are wrapped in cell
    paragraphs. ``section_rows`` are full-width headings; ``cell_colours`` are
    (column, row, hex) traffic-light fills, counted from the first data row.
    """
    head = [para(h, "head_right" if n in right_align else "head") for n, h in enumerate(header)]
    fonts = font_set()
    room = [w - 2 * CELL_PADDING - 0.5 for w in widths]
    body = []
    for index, row in enumerate(rows):
        if index in section_rows:
            body.append([para(row[0], "cell_bold")] + [""] * (len(header) - 1))
            continue
        cells = []
        total = index in total_rows
        font = fonts.bold if total else fonts.regular
        for column, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
                continue
            shown = printable("" if value is None else str(value))
            # A one-line string is drawn as it is: a Paragraph costs ~20x more per cell,
            # which matters for a 1,000-KPI report.
            if "\n" not in shown and stringWidth(shown, font, CELL_FONT_SIZE) <= room[column]:
                cells.append(shown)
                continue
            style = "cell_right" if column in right_align else "cell"
            if total:
                style = "cell_bold_right" if column in right_align else "cell_bold"
            cells.append(para(value, style))
        body.append(cells)
    table = Table([head] + body, colWidths=list(widths), repeatRows=1, splitInRow=0,
                  hAlign="LEFT")
    style = grid_style()
    for column in right_align:
        style.add("ALIGN", (column, 1), (column, -1), "RIGHT")
    for index in section_rows:
        style.add("SPAN", (0, index + 1), (-1, index + 1))
        style.add("BACKGROUND", (0, index + 1), (-1, index + 1), SECTION_FILL)
    for index in total_rows:
        style.add("LINEABOVE", (0, index + 1), (-1, index + 1), 0.8, INK)
        style.add("BACKGROUND", (0, index + 1), (-1, index + 1), HEADER_FILL)
        style.add("FONT", (0, index + 1), (-1, index + 1), fonts.bold, CELL_FONT_SIZE)
    for column, index, colour in cell_colours:
        style.add("BACKGROUND", (column, index + 1), (column, index + 1), light_colour(colour))
    table.setStyle(style)
    return table


def light_cell(name: str) -> Paragraph:
    """A traffic-light label in white on the cell's colour (set by ``cell_colours``)."""
    short = name.removeprefix("KPI ")
    return Paragraph(text(short[:1].upper() + short[1:]), styles()["light"])


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

