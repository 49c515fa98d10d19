"""The KPI register as a table model: one row per KPI, columns as officials know them."""

from __future__ import annotations

import re
from datetime import date

from pmsdesk.services.register import KpiRegisterRow, TargetValue
from pmsdesk.wording import (
    CALCULATION_LABELS,
    DIRECTION_LABELS,
    DIRECTION_TOOLTIPS,
    MEASURE_LABELS,
    measured_value,
    percent,
)
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn

_DIGITS = re.compile(r"(\d+)")


def reference_key(reference: str) -> str:
    """Natural order: 'BSD 2' before 'BSD 10' (numbers padded to the same width)."""
    return _DIGITS.sub(lambda digits: digits.group().zfill(12), reference.casefold())


def _text_key(value: str | None) -> str | None:
    return value.casefold() if value else None


def _value_key(value: TargetValue) -> tuple | None:
    """Numbers, then dates, then words, so a mixed column still sorts sensibly."""
    if value is None:
        return None
    if isinstance(value, str):
        return (2, 0.0, value.casefold())
    if isinstance(value, date):
        return (1, float(value.toordinal()), "")
    return (0, float(value), "")


def _is_figure(value: TargetValue) -> bool:
    """Numbers and dates line up on the right; words read from the left."""
    return isinstance(value, (int, float, date))


def _target_tooltip(row: KpiRegisterRow) -> str | None:
    if row.annual_target is None:
        return "No annual target set"
    text = measured_value(row.annual_target, row.measure_type)
    return f"{text} ({row.unit_of_measure})" if row.unit_of_measure else text


class KpiRegisterModel(RowTableModel[KpiRegisterRow]):
    """The register rows of one financial year (see ``pmsdesk.services.register``)."""

    REFERENCE, NAME, KPA, UNIT, MEASURE, CALCULATION, DIRECTION, TARGET, WEIGHT, BASELINE = range(10)

    columns = (
        TableColumn("Ref", lambda r: r.reference, lambda r: reference_key(r.reference), 72,
                    tooltip=lambda r: r.reference, header_tooltip="KPI reference"),
        TableColumn("KPI", lambda r: r.name, lambda r: _text_key(r.name), 260,
                    tooltip=lambda r: r.name, elide_middle=True),
        TableColumn("KPA", lambda r: r.kpa_name or "", lambda r: _text_key(r.kpa_name), 140,
                    tooltip=lambda r: r.kpa_name, header_tooltip="Key performance area"),
        TableColumn("Responsible unit", lambda r: r.unit_name or "", lambda r: _text_key(r.unit_name), 140,
                    tooltip=lambda r: r.unit_name),
        TableColumn("Measure", lambda r: MEASURE_LABELS[r.measure_type],
                    lambda r: MEASURE_LABELS[r.measure_type], 82,
                    tooltip=lambda r: r.unit_of_measure, header_tooltip="Measure type"),
        TableColumn("Calculation", lambda r: CALCULATION_LABELS[r.calculation_type],
                    lambda r: CALCULATION_LABELS[r.calculation_type], 132,
                    header_tooltip="How quarterly values add up to the year"),
        TableColumn("Direction", lambda r: DIRECTION_LABELS[r.direction],
                    lambda r: DIRECTION_LABELS[r.direction], 80,
                    tooltip=lambda r: DIRECTION_TOOLTIPS[r.direction]),
        TableColumn("Annual target", lambda r: measured_value(r.annual_target, r.measure_type),
                    lambda r: _value_key(r.annual_target), 116,
                    right_aligned=lambda r: _is_figure(r.annual_target), tooltip=_target_tooltip),
        TableColumn("Weight", lambda r: percent(r.weight), lambda r: r.weight, 62,
                    right_aligned=lambda r: True),
        TableColumn("Baseline", lambda r: measured_value(r.baseline, r.measure_type),
                    lambda r: _value_key(r.baseline), 110,
                    right_aligned=lambda r: _is_figure(r.baseline),
                    tooltip=lambda r: measured_value(r.baseline, r.measure_type) or None),
    )

    def search_text_of(self, row: KpiRegisterRow) -> str:
        return " ".join(
            part for part in (row.reference, row.name, row.kpa_name, row.unit_name) if part
        ).casefold()
