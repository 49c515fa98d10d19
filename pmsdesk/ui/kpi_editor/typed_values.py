"""What an official types for a target or baseline, read as the KPI's measure type needs.

Typed values are read the way the SDBIP importer reads workbook cells
('R 2 000 000', '12 450', '85%', '31 Mar 2026', 'Yes', '-' for none), so a
figure means the same on screen and in Excel. Anything that cannot be read is
passed on as typed, so the service names the field and says what is expected
instead of the value being dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from pmsdesk.importers.values import read_quantity
from pmsdesk.models import MeasureType
from pmsdesk.wording import a_date, plain_number

#: Which of a target's three columns a measure type fills.
NUMBER, DAY, WORDS = "number", "date", "words"


def slot_of(measure: MeasureType) -> str:
    return {MeasureType.DATE: DAY, MeasureType.TEXT_MILESTONE: WORDS}.get(measure, NUMBER)


def read_typed(typed: str, measure: MeasureType) -> Any:
    """The value for ``slot_of(measure)``: a number, a date or words; None when nothing (or '-') is typed."""
    text = typed.strip()
    if slot_of(measure) == WORDS:
        return text or None
    reading = read_quantity(text)
    if reading.empty:
        return None
    if slot_of(measure) == DAY:
        return reading.day or text
    return reading.number if reading.number is not None and reading.text is None else text


def read_number(typed: str) -> float | str | None:
    """A weight, budget or other plain figure; words come back as typed for the service to name."""
    return read_typed(typed, MeasureType.NUMBER)


def shown(value: float | date | str | None, measure: MeasureType) -> str:
    """How a stored value is put back in the box, so that reading it again gives the same value."""
    if value is None:
        return ""
    if isinstance(value, (str, date)):
        return value if isinstance(value, str) else a_date(value)
    if measure is MeasureType.YES_NO:
        return QCoreApplication.translate("kpi_editor.typed_values",
                "Yes") if value else QCoreApplication.translate("kpi_editor.typed_values", "No")
    return plain_number(value) if float(value) == round(float(value), 2) else repr(value)
