"""The KPI register as a table model: one row per KPI, columns as officials know them."""

from __future__ import annotations

from pmsdesk.services.register import KpiRegisterRow
from pmsdesk.ui.widgets.sort_keys import is_figure, text_key, value_key
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn, kpi_columns
from pmsdesk.wording import (
    CALCULATION_LABELS,
    DIRECTION_LABELS,
    DIRECTION_TOOLTIPS,
    MEASURE_LABELS,
    measured_value,
    percent,
)

from ..translation import translated


class KpiRegisterModel(RowTableModel[KpiRegisterRow]):
    """The register rows of one financial year (see ``pmsdesk.services.register``)."""

    REFERENCE, NAME, KPA, UNIT, MEASURE, CALCULATION, DIRECTION, TARGET, WEIGHT, BASELINE = range(10)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.columns = (
            *kpi_columns(72, 260),
            TableColumn(self.tr("KPA"), lambda r: r.kpa_name or "", lambda r: text_key(r.kpa_name), 140,
                        tooltip=lambda r: r.kpa_name, header_tooltip=self.tr("Key performance area")),
            TableColumn(self.tr("Responsible unit"), lambda r: r.unit_name or "", lambda r: text_key(r.unit_name), 140,
                        tooltip=lambda r: r.unit_name),
            TableColumn(self.tr("Measure"), lambda r: translated(MEASURE_LABELS[r.measure_type]),
                        lambda r: MEASURE_LABELS[r.measure_type], 82,
                        tooltip=lambda r: r.unit_of_measure, header_tooltip=self.tr("Measure type")),
            TableColumn(self.tr("Calculation"), lambda r: translated(CALCULATION_LABELS[r.calculation_type]),
                        lambda r: CALCULATION_LABELS[r.calculation_type], 132,
                        header_tooltip=self.tr("How quarterly values add up to the year")),
            TableColumn(self.tr("Direction"), lambda r: translated(DIRECTION_LABELS[r.direction]),
                        lambda r: DIRECTION_LABELS[r.direction], 80,
                        tooltip=lambda r: translated(DIRECTION_TOOLTIPS[r.direction])),
            TableColumn(self.tr("Annual target"), lambda r: self._shown(r.annual_target, r),
                        lambda r: value_key(r.annual_target), 116,
                        right_aligned=lambda r: is_figure(r.annual_target), tooltip=self._target_tooltip),
            TableColumn(self.tr("Weight"), lambda r: percent(r.weight), lambda r: r.weight, 62,
                        right_aligned=lambda r: True),
            TableColumn(self.tr("Baseline"), lambda r: self._shown(r.baseline, r),
                        lambda r: value_key(r.baseline), 110,
                        right_aligned=lambda r: is_figure(r.baseline),
                        tooltip=lambda r: self._shown(r.baseline, r) or None),
        )

    def _shown(self, value, row: KpiRegisterRow) -> str:
        return measured_value(value, row.measure_type, self.currency)

    def _target_tooltip(self, row: KpiRegisterRow) -> str | None:
        if row.annual_target is None:
            return self.tr("No annual target set")
        text = self._shown(row.annual_target, row)
        return f"{text} ({row.unit_of_measure})" if row.unit_of_measure else text

    def search_text_of(self, row: KpiRegisterRow) -> str:
        return " ".join(
            part for part in (row.reference, row.name, row.kpa_name, row.unit_name) if part
        ).casefold()
