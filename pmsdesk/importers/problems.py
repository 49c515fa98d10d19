"""Where an import went wrong, said so an official can find the cell and fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class ImportProblem:
    """One problem with a sheet, a row or a cell; errors stop the row from being imported."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # "F (Q1 target)"
    severity: str = ERROR

    def where(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class WorkbookError(Exception):
    """The file as a whole cannot be imported (not a workbook, no such sheet, no header).

    Raised before anything is written; the message names the file and sheet.
    """


class RowRefused(Exception):
    """A service refused one row of a workbook; ``problems`` name its cells."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems
