"""Choosing the organisation and financial year every screen works on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from pmsdesk.db import Database
from pmsdesk.services import register
from pmsdesk.services.register import FinancialYearSummary, OrganisationSummary


class YearSelector(QWidget):
    """Two combo boxes; picks the year that contains today when an organisation is chosen."""

    organisation_changed = Signal(object)  # OrganisationSummary | None
    year_changed = Signal(object)  # FinancialYearSummary | None

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.organisations = QComboBox(self)
        self.organisations.setAccessibleName(self.tr("Organisation"))
        self.organisations.setMinimumContentsLength(24)
        self.organisations.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.years = QComboBox(self)
        self.years.setAccessibleName(self.tr("Financial year"))
        self.years.setMinimumContentsLength(8)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for caption, combo in ((self.tr("&Organisation:"), self.organisations), (self.tr("Financial &year:"), self.years)):
            label = QLabel(caption, self)
            label.setBuddy(combo)
            layout.addWidget(label)
            layout.addWidget(combo)
            layout.addSpacing(12)

        self.organisations.currentIndexChanged.connect(self._organisation_picked)
        self.years.currentIndexChanged.connect(self._year_picked)

    def organisation(self) -> OrganisationSummary | None:
        return self.organisations.currentData()

    def year(self) -> FinancialYearSummary | None:
        return self.years.currentData()

    def reload(self) -> None:
        """Read the organisations again and select the first; emits both signals."""
        with self._database.session() as session:
            organisations = register.list_organisations(session)
        self.organisations.blockSignals(True)
        self.organisations.clear()
        for organisation in organisations:
            self.organisations.addItem(organisation.name, organisation)
        self.organisations.blockSignals(False)
        self._organisation_picked()

    def refresh_quietly(self) -> None:
        """Read the lists again after data changed (a new year), keeping the choice; emits nothing."""
        chosen = self.year()
        self.blockSignals(True)
        try:
            self.reload()
        finally:
            self.blockSignals(False)
        if chosen is not None:
            self.select_quietly(chosen)

    def select_quietly(self, year: FinancialYearSummary) -> None:
        """Put ``year`` (and its organisation) back in the boxes without emitting any signal."""
        self.blockSignals(True)
        try:
            for index in range(self.organisations.count()):
                if self.organisations.itemData(index).id == year.organisation_id:
                    self.organisations.setCurrentIndex(index)
            self.select_year(year.label)
        finally:
            self.blockSignals(False)

    def select_year(self, label: str) -> bool:
        """Select the year labelled ``label`` (e.g. '2025/26'); False if there is none."""
        index = self.years.findText(label)
        if index >= 0:
            self.years.setCurrentIndex(index)
        return index >= 0

    def _organisation_picked(self) -> None:
        organisation = self.organisation()
        years: list[FinancialYearSummary] = []
        if organisation is not None:
            with self._database.session() as session:
                years = register.list_financial_years(session, organisation.id)
        chosen = register.default_financial_year(years)
        self.years.blockSignals(True)
        self.years.clear()
        for year in years:
            self.years.addItem(year.label, year)
        if chosen is not None:
            self.years.setCurrentIndex(years.index(chosen))
        self.years.blockSignals(False)
        self.years.setEnabled(bool(years))
        self.organisation_changed.emit(organisation)
        self._year_picked()

    def _year_picked(self) -> None:
        self.year_changed.emit(self.year())
