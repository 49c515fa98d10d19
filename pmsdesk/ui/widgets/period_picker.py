"""Choosing the quarter a screen works on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from pmsdesk.services.worklists import PeriodSummary
from pmsdesk.wording import a_date


class PeriodPicker(QComboBox):
    """Quarters of the selected year, each with its dates; emits ``period_changed`` with a PeriodSummary."""

    period_changed = Signal(object)  # PeriodSummary | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Reporting period"))
        self.setMinimumContentsLength(26)
        self.currentIndexChanged.connect(lambda _index: self.period_changed.emit(self.period()))

    def period(self) -> PeriodSummary | None:
        return self.currentData()

    def set_periods(self, periods: list[PeriodSummary], chosen: PeriodSummary | None) -> None:
        """Replace the list and select ``chosen`` (or keep the same label); emits once."""
        current = self.period()
        label = current.label if current is not None else None
        self.blockSignals(True)
        self.clear()
        for period in periods:
            closed = " (closed)" if period.is_closed else ""
            self.addItem(f"{period.label}: {a_date(period.start_date)} – {a_date(period.end_date)}{closed}", period)
        labels = [period.label for period in periods]
        if label in labels:
            self.setCurrentIndex(labels.index(label))
        elif chosen is not None:
            self.setCurrentIndex(periods.index(chosen))
        self.blockSignals(False)
        self.period_changed.emit(self.period())

    def select_label(self, label: str) -> bool:
        for index in range(self.count()):
            if self.itemData(index).label == label:
                self.setCurrentIndex(index)
                return True
        return False
