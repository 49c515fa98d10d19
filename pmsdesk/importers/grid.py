"""A sheet as the importers see it: a plain grid of values, whatever file format it came from.

Every reader (:mod:`.spreadsheet` for Excel and OpenDocument files, :mod:`.delimited` for CSV)
hands its raw rows to :func:`make_grid`, so the rules are the same for every format: an empty
or blank cell is None, a whole number is an int, a number shown as a percentage is a
:class:`Percent`, every cell of a merged range holds its first cell's value, and empty trailing
rows and columns are gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from .sheet_marks import SheetMarks

#: A merged range as (min_col, min_row, max_col, max_row), 1-based.
Bounds = tuple[int, int, int, int]
#: How a cell's number is shown: 'scaled' (0.85 shown as 85%) or 'points' (85 shown with a literal "%").
PercentStyle = str
_QUOTED = re.compile(r'"[^"]*"|\\.')


class Percent(float):
    """A number the workbook shows as a percentage, in percentage points (85.0 for 85%)."""


@dataclass(frozen=True)
class SheetGrid:
    """One sheet's cell values; ``rows[i][j]`` is the cell at row i+1, column j+1."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False
    hidden_rows: frozenset[int] = frozenset()  # 1-based, hidden by hand or by a filter
    hidden_columns: frozenset[int] = frozenset()
    #: (row, column) → a formula saved without its result, which reads as an empty cell.
    formulas: Mapping[tuple[int, int], str] = field(default_factory=dict)

    def value(self, row: int, column: int) -> Any:
        """The value at 1-based ``row``/``column`` (None outside the grid)."""
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None


def column_label(index: int, heading: str | None = None) -> str:
    """'F' or 'F (Q1 target)' for a 1-based column index."""
    letter = get_column_letter(index)
    return f"{letter} ({heading})" if heading else letter


def percent_style(number_format: str) -> PercentStyle | None:
    """'scaled' for a real percent format (0.85 shows 85%), 'points' for a literal "%" ('0"%"')."""
    if "%" not in number_format:
        return None
    return "scaled" if "%" in _QUOTED.sub("", number_format) else "points"


def cell_value(value: Any) -> Any:
    """A reader's value as the grid holds it: blank text is None, a whole float an int (as Excel shows it)."""
    if isinstance(value, str):
        return value if value and not value.isspace() else None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def make_grid(name: str, rows: list[list[Any]], *, merged: Iterable[Bounds] = (), hidden: bool = False,
              percent: Mapping[tuple[int, int], PercentStyle] | None = None,
              marks: SheetMarks | None = None) -> SheetGrid:
    """The grid of raw ``rows`` (cleaned by :func:`cell_value`): ``percent`` (1-based (row, column) → style)
    marks numbers shown as percentages, and every cell of a ``merged`` range gets its first cell's value
    (ranges in the order given; short rows are widened to the ranges first). ``marks`` (hidden rows and
    columns, formulas without a result) go with the grid; a row holding such a formula is never trimmed."""
    merged = list(merged)
    marks = marks or SheetMarks()
    rows = [[cell_value(value) for value in row] for row in rows]
    for (row, column), style in (percent or {}).items():
        if row <= len(rows) and column <= len(rows[row - 1]):
            rows[row - 1][column - 1] = _as_percent(rows[row - 1][column - 1], style)
    formula_bounds = [(column, row, column, row) for row, column in marks.formulas]
    height = max([len(rows), *(bounds[3] for bounds in merged + formula_bounds)])
    width = max([*map(len, rows), *(bounds[2] for bounds in merged + formula_bounds)], default=0)
    rows = [row + [None] * (width - len(row)) for row in rows] + [[None] * width for _ in range(height - len(rows))]
    for bounds in merged:
        cells = _covered(bounds)
        top_row, top_column = next(cells)
        top = rows[top_row - 1][top_column - 1]
        for row, column in cells:
            rows[row - 1][column - 1] = top
    last_formula = max((row for row, _ in marks.formulas), default=0)
    while len(rows) > last_formula and all(value is None for value in rows[-1]):
        rows.pop()
    width = max([max((i + 1 for i, v in enumerate(row) if v is not None), default=0) for row in rows]
                + [column for _, column in marks.formulas] + [0])
    return SheetGrid(name, [row[:width] for row in rows], hidden=hidden, hidden_rows=frozenset(marks.hidden_rows),
                     hidden_columns=frozenset(marks.hidden_columns), formulas=dict(marks.formulas))


def _as_percent(value: Any, style: PercentStyle) -> Any:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return value
    return Percent(round(value * 100, 9)) if style == "scaled" else Percent(value)


def _covered(bounds: Bounds) -> Iterator[tuple[int, int]]:
    """The (row, column) cells of a range, its top-left first."""
    min_col, min_row, max_col, max_row = bounds
    return ((row, column) for row in range(min_row, max_row + 1) for column in range(min_col, max_col + 1))
