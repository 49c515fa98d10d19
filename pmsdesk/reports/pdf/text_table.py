"""A data table drawn straight onto the canvas, for rows whose text is already wrapped.

platypus ``Table`` is general: it measures every cell, applies style commands
cell by cell, re-slices every command on each page it is split over, and draws
each line of text as a text object of its own. :func:`.blocks.data_table`
knows each column's width and each cell's lines before anything is drawn, so
:class:`TextTable` keeps its rows' heights, splits between rows (repeating the
header), and draws a page's text as one text object, each run of a fill as one
rectangle and each kind of rule as one path. What it draws, and where, is what
a ``Table`` styled with :func:`.styles.grid_style` draws for the same cells:
rows as tall, text at the same positions, the same fills and rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str, unicode2T1
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .styles import ACCENT, CELL_PADDING, HEADER_FILL, INK, RULE

#: Space above and below a cell's content (``grid_style``'s TOP/BOTTOMPADDING).
ROW_PADDING = 2.5
#: Room a platypus Table gives a flowable in a cell when measuring it.
_MEASURE_HEIGHT = 72_000


@lru_cache(maxsize=65_536)
def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points; cached, since tables repeat words, numbers and labels."""
    return stringWidth(text, font, size)


@dataclass(frozen=True)
class Look:
    """How a cell's text is set: font, size, line spacing, colour and alignment."""

    font: str
    size: float
    leading: float
    colour: Color
    align: str = "LEFT"  # LEFT, RIGHT or CENTER


@dataclass(frozen=True)
class Row:
    """One table row: each cell's lines (or a flowable), look and fill (None: none)."""

    cells: tuple[tuple[str, ...] | Flowable, ...]
    looks: tuple[Look, ...]
    fills: tuple[Color | None, ...]
    height: float
    total: bool = False

    @classmethod
    def of(cls, cells: Sequence[tuple[str, ...] | Flowable], looks: Sequence[Look],
           widths: Sequence[float], fills: Sequence[Color | None] | None = None,
           total: bool = False) -> Row:
        """A row as tall as its tallest cell, as a platypus Table measures it."""
        tallest = 0.0
        for cell, look, width in zip(cells, looks, widths):
            if isinstance(cell, Flowable):
                content = cell.wrap(width - 2 * CELL_PADDING, _MEASURE_HEIGHT - 2 * ROW_PADDING)[1]
            else:
                content = look.leading * len(cell)
            tallest = max(tallest, content + 2 * ROW_PADDING)
        return cls(tuple(cells), tuple(looks), tuple(fills or (None,) * len(cells)), tallest, total)


class TextTable(Flowable):
    """A header row repeated on every page and body rows that never split across pages.

    Rules: a thin line under every row, a box around the table, an accent line
    under the header, a dark line above each total row. The header and total
    rows are shaded; a cell's own fill (a traffic light) is drawn over them.
    """

    def __init__(self, header: Row, rows: Sequence[Row], widths: Sequence[float], *,
                 ruled: bool = False, resumed: bool = False, continued: bool = False) -> None:
        super().__init__()
        self.header = header
        self.rows = list(rows)
        self.widths = list(widths)
        #: Thin lines around every cell, drawn over the other rules (a Table's GRID).
        self.ruled = ruled
        #: Split from the page before / going on over the page: the box stays open there.
        self.resumed, self.continued = resumed, continued
        self.width = sum(self.widths)
        self.height = header.height + sum(row.height for row in self.rows)
        self.hAlign = "LEFT"

    @property
    def row_count(self) -> int:
        """Rows including the header, as ``len(Table._cellvalues)`` counts them."""
        return len(self.rows) + 1

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """The rows that fit (under the header) and the rest under a repeated header;
        nothing when not even one body row fits."""
        used = self.header.height
        for count, row in enumerate(self.rows):  # noqa: B007 - count is read after the loop
            used += row.height
            if used > availHeight:
                break
        else:
            return [self]
        if count == 0:
            return []
        return [TextTable(self.header, self.rows[:count], self.widths, ruled=self.ruled,
                          resumed=self.resumed, continued=True),
                TextTable(self.header, self.rows[count:], self.widths, ruled=self.ruled,
                          resumed=True, continued=self.continued)]

    def draw(self) -> None:
        canvas = self.canv
        rows = [self.header, *self.rows]
        tops = [self.height]
        for row in rows:
            tops.append(tops[-1] - row.height)
        lefts = [0.0]
        for width in self.widths:
            lefts.append(lefts[-1] + width)
        canvas.saveState()
        self._draw_fills(rows, tops)
        self._draw_text(rows, tops, lefts)
        self._draw_rules(rows, tops, lefts)
        canvas.restoreState()

    def _draw_fills(self, rows: list[Row], tops: list[float]) -> None:
        canvas = self.canv
        canvas.setFillColor(HEADER_FILL)
        for index, row in enumerate(rows):
            if index == 0 or row.total:
                _fill_rect(canvas, 0, tops[index + 1], self.width, row.height)
        left = 0.0
        for column, width in enumerate(self.widths):
            start = 0
            while start < len(rows):
                colour = rows[start].fills[column]
                stop = start + 1
                while stop < len(rows) and rows[stop].fills[column] == colour:
                    stop += 1
                if colour is not None:
                    canvas.setFillColor(colour)
                    _fill_rect(canvas, left, tops[stop], width, tops[start] - tops[stop])
                start = stop
            left += width

    def _draw_text(self, rows: list[Row], tops: list[float], lefts: list[float]) -> None:
        """Every text line as one text object of positioned strings (Tm, Tf only when the
        font changes, Tj); flowable cells are drawn after it."""
        canvas = self.canv
        writer = _TextWriter(canvas)
        flowables = []
        for index, row in enumerate(rows):
            for column, (cell, look) in enumerate(zip(row.cells, row.looks)):
                left, width = lefts[column], self.widths[column]
                if isinstance(cell, Flowable):
                    flowables.append((cell, look, left, width, index))
                    continue
                if index == 0:  # the header sits on its row's foot
                    y = tops[1] + ROW_PADDING + len(cell) * look.leading - look.size
                else:
                    y = tops[index] - ROW_PADDING - look.size
                for line in cell:
                    if line:
                        writer.line(line, look, _line_x(line, look, left, width), y)
                    y -= look.leading
        writer.finish()
        for cell, look, left, width, index in flowables:
            drawn_width, drawn_height = cell.wrap(width - 2 * CELL_PADDING,
                                                  rows[index].height - 2 * ROW_PADDING)
            if look.align == "RIGHT":
                x = left + width - CELL_PADDING - drawn_width
            elif look.align == "CENTER":
                x = left + (width - drawn_width) / 2
            else:
                x = left + CELL_PADDING
            if index == 0:
                y = tops[1] + ROW_PADDING
            else:
                y = tops[index] - ROW_PADDING - drawn_height
            cell.drawOn(canvas, x, y)

    def _draw_rules(self, rows: list[Row], tops: list[float], lefts: list[float]) -> None:
        canvas = self.canv
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        right, bottom = self.width, tops[-1]
        under_rows = [(0, y, right, y) for y in tops[1:]]
        box = [(0, tops[0], right, tops[0])]
        if not self.continued:
            box.append((0, bottom, right, bottom))
        # A platypus Table draws a resumed part's sides as its header's and its body's.
        for x in (0, right):
            joints = (bottom, tops[1], tops[0]) if self.resumed else (bottom, tops[0])
            box += [(x, low, x, high) for low, high in zip(joints, joints[1:])]
        above_totals = [(0, tops[i], right, tops[i]) for i, row in enumerate(rows) if row.total]
        grid = []
        if self.ruled:
            grid = [(0, y, right, y) for y in tops] + [(x, bottom, x, tops[0]) for x in lefts]
        for weight, colour, segments in ((0.25, RULE, under_rows), (0.5, RULE, box),
                                         (0.8, ACCENT, [(0, tops[1], right, tops[1])]),
                                         (0.8, INK, above_totals), (0.25, RULE, grid)):
            if not segments:
                continue
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(weight)
            moves = " ".join(f"{_number(x0)} {_number(y0)} m {_number(x1)} {_number(y1)} l"
                             for x0, y0, x1, y1 in segments)
            canvas._code.append(f"n {moves} S")


class _TextWriter:
    """PDF text operators for one text object, written onto the canvas's page at the end.

    The same operators a canvas ``drawString`` writes (font subset, position, escaped
    string), without a text object, a width and three number conversions per line.
    Colours are opaque RGB, as every report colour is.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.encodings = _ENCODINGS.setdefault(canvas._doc, {})
        self.code = ["BT"]
        self.font: tuple[str, float, float] | None = None
        self.colour: Color | None = None

    def line(self, text: str, look: Look, x: float, y: float) -> None:
        if look.colour is not self.colour:
            self.colour = look.colour
            self.code.append(_fill_operator(look.colour.red, look.colour.green, look.colour.blue))
        self.code.append(f"1 0 0 1 {_number(x)} {_number(y)} Tm")
        pieces = self.encodings.get((text, look.font))
        if pieces is None:
            pieces = self.encodings[text, look.font] = self._encoded(text, look.font)
        for name, shown in pieces:
            if (name, look.size, look.leading) != self.font:
                self.font = name, look.size, look.leading
                self.code.append(_font_operator(*self.font))
            self.code.append(shown)

    def _encoded(self, text: str, font_name: str) -> list[tuple[str, str]]:
        """``text`` as (PDF font resource, Tj operator) pieces: a TrueType font's subsets,
        or a standard font and the fonts it substitutes for characters it lacks. Once a
        document has given a character its code, it keeps it: pieces are reused."""
        font, document = getFont(font_name), self.canvas._doc
        if font._dynamicFont:
            pieces = [(font.getSubsetInternalName(subset, document), chunk)
                      for subset, chunk in font.splitString(text, document)]
        else:
            pieces = [(document.getInternalFontName(piece.fontName), chunk)
                      for piece, chunk in unicode2T1(text, [font, *font.substitutionFonts])]
        return [(name, f"({pdf_escaped(chunk)}) Tj") for name, chunk in pieces]

    def finish(self) -> None:
        if len(self.code) > 1:
            self.code.append("ET")
            self.canvas._code.append(" ".join(self.code))


#: Each document's encoded lines, dropped with the document.
_ENCODINGS: WeakKeyDictionary = WeakKeyDictionary()


#: What ReportLab's ``escapePDF`` writes for a byte: octal outside printable ASCII,
#: a backslash before ``\\``, ``(`` and ``)``; other bytes are left as they are.
_PDF_ESCAPES = {code: f"\\{code:03o}" if code < 32 or code >= 127 else "\\" + chr(code)
                for code in range(256) if code < 32 or code >= 127 or chr(code) in "\\()"}


def pdf_escaped(chunk: bytes) -> str:
    """``chunk`` (font codes) as the body of a PDF string, as ``canvas._escape`` writes it,
    in one ``str.translate`` instead of ReportLab's per-byte Python loop."""
    return chunk.decode("latin-1").translate(_PDF_ESCAPES)


@lru_cache(maxsize=64)
def _fill_operator(red: float, green: float, blue: float) -> str:
    return f"{fp_str(red, green, blue)} rg"


@lru_cache(maxsize=256)
def _font_operator(name: str, size: float, leading: float) -> str:
    return f"{name} {fp_str(size)} Tf {fp_str(leading)} TL"


def _fill_rect(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    """A filled rectangle in the current fill colour, as ``canvas.rect(..., fill=1)`` draws it."""
    canvas._code.append(f"n {_number(x)} {_number(y)} {_number(width)} {_number(height)} re f")


@lru_cache(maxsize=4096)
def _number(value: float) -> str:
    """A coordinate for the page stream, to a ten-thousandth of a point. Cached: rows,
    columns and rules sit at the same places page after page."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _line_x(line: str, look: Look, left: float, width: float) -> float:
    """Where a line starts: after the left padding, before the right one, or centred."""
    if look.align == "RIGHT":
        return left + width - CELL_PADDING - text_width(line, look.font, look.size)
    if look.align == "CENTER":
        return left + width / 2 - text_width(line, look.font, look.size) / 2
    return left + CELL_PADDING
