"""The KPI register as a table model: one row per KPI, columns as officials know them."""

from __future__ import annotations

from PySide6.QtCore import QT_TR_NOOP, QCoreApplication

from pmsdesk.services.register import KpiRegisterRow
from pmsdesk.ui.widgets.sort_keys import is_figure, reference_key, text_key, value_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.wording import (
    CALCULATION_LABELS,
    DIRECTION_LABELS,
    DIRECTION_TOOLTIPS,
    MEASURE_LABELS,
    measured_value,
    percent,
)

from ..translation import translated


def _target_tooltip(row: KpiRegisterRow) -> str | None:
    if row.annual_target is None:
        return QCoreApplication.translate("register.model", "No annual target set")
    text = measured_value(row.annual_target, row.measure_type)
    return f"{text} ({row.unit_of_measure})" if row.unit_of_measure else text


class KpiRegisterModel(RowTableModel[KpiRegisterRow]):
    """The register rows of one financial year (see ``pmsdesk.services.register``)."""

    REFERENCE, NAME, KPA, UNIT, MEASURE, CALCULATION, DIRECTION, TARGET, WEIGHT, BASELINE = range(10)

    columns = (
        TableColumn(QT_TR_NOOP("Ref"), lambda r: r.reference, lambda r: reference_key(r.reference), 72,
                    tooltip=lambda r: r.reference, header_tooltip=QT_TR_NOOP("KPI reference")),
        TableColumn(QT_TR_NOOP("KPI"), lambda r: r.name, lambda r: text_key(r.name), 260,
                    tooltip=lambda r: r.name, elide_middle=True),
        TableColumn(QT_TR_NOOP("KPA"), lambda r: r.kpa_name or "", lambda r: text_key(r.kpa_name), 140,
                    tooltip=lambda r: r.kpa_name, header_tooltip=QT_TR_NOOP("Key performance area")),
        TableColumn(QT_TR_NOOP("Responsible unit"), lambda r: r.unit_name or "", lambda r: text_key(r.unit_name), 140,
                    tooltip=lambda r: r.unit_name),
        TableColumn(QT_TR_NOOP("Measure"), lambda r: translated(MEASURE_LABELS[r.measure_type]),
                    lambda r: MEASURE_LABELS[r.measure_type], 82,
                    tooltip=lambda r: r.unit_of_measure, header_tooltip=QT_TR_NOOP("Measure type")),
        TableColumn(QT_TR_NOOP("Calculation"), lambda r: translated(CALCULATION_LABELS[r.calculation_type]),
                    lambda r: CALCULATION_LABELS[r.calculation_type], 132,
                    header_tooltip=QT_TR_NOOP("How quarterly values add up to the year")),
        TableColumn(QT_TR_NOOP("Direction"), lambda r: translated(DIRECTION_LABELS[r.direction]),
                    lambda r: DIRECTION_LABELS[r.direction], 80,
                    tooltip=lambda r: translated(DIRECTION_TOOLTIPS[r.direction])),
        TableColumn(QT_TR_NOOP("Annual target"), lambda r: measured_value(r.annual_target, r.measure_type),
                    lambda r: value_key(r.annual_target), 116,
                    right_aligned=lambda r: is_figure(r.annual_target), tooltip=_target_tooltip),
        TableColumn(QT_TR_NOOP("Weight"), lambda r: percent(r.weight), lambda r: r.weight, 62,
                    right_aligned=lambda r: True),
        TableColumn(QT_TR_NOOP("Baseline"), lambda r: measured_value(r.baseline, r.measure_type),
                    lambda r: value_key(r.baseline), 110,
                    right_aligned=lambda r: is_figure(r.baseline),
                    tooltip=lambda r: measured_value(r.baseline, r.measure_type) or None),
    )

    def search_text_of(self, row: KpiRegisterRow) -> str:
        return " ".join(
            part for part in (row.reference, row.name, row.kpa_name, row.unit_name) if part
        ).casefold()
