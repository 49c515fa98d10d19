"""The columns a list of KPI values opens with: reference, name, unit, target and actual.

The reporting worklist and the review queue show the same five, with the target and actual
written for their measure and amounts in the organisation's currency (``money_of()``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from pmsdesk.ui.widgets.sort_keys import is_figure, reference_key, text_key, value_key
from pmsdesk.ui.widgets.table_model import TableColumn
from pmsdesk.vocabulary import Money
from pmsdesk.wording import measured_value


def kpi_value_columns(money_of: Callable[[], Money | None],
                      widths: tuple[int, int, int, int]) -> tuple[TableColumn[Any], ...]:
    """Ref, KPI, Unit, Target, Actual; ``widths`` of the first three and of each figure column."""
    reference, name, unit, figure = widths
    return (
        TableColumn(QCoreApplication.translate("widgets.figure_columns",
                "Ref"), lambda r: r.reference, lambda r: reference_key(r.reference), reference,
                    tooltip=lambda r: r.reference, header_tooltip=QCoreApplication.translate("widgets.figure_columns",
                            "KPI reference")),
        TableColumn(QCoreApplication.translate("widgets.figure_columns",
                "KPI"), lambda r: r.name, lambda r: text_key(r.name), name,
                    tooltip=lambda r: r.name, elide_middle=True),
        TableColumn(QCoreApplication.translate("widgets.figure_columns",
                "Unit"), lambda r: r.unit_name or "", lambda r: text_key(r.unit_name), unit,
                    tooltip=lambda r: r.unit_name, header_tooltip=QCoreApplication.translate("widgets.figure_columns",
                            "Responsible unit")),
        TableColumn(QCoreApplication.translate("widgets.figure_columns",
                "Target"), lambda r: measured_value(r.target, r.measure_type, money_of()),
                    lambda r: value_key(r.target), figure, right_aligned=lambda r: is_figure(r.target),
                    header_tooltip=QCoreApplication.translate("widgets.figure_columns", "Target for the period")),
        TableColumn(QCoreApplication.translate("widgets.figure_columns",
                "Actual"), lambda r: measured_value(r.actual, r.measure_type, money_of()),
                    lambda r: value_key(r.actual), figure, right_aligned=lambda r: is_figure(r.actual)),
    )
