"""The one error every report and export raises when it cannot be made as asked."""

from __future__ import annotations


class ReportError(Exception):
    """A report or workbook cannot be made as asked; the message says what to change."""
