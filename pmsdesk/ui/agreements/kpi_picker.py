"""Choosing KPIs from the year's register by typing part of a reference or name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services.agreements import KpiChoice

CHOICE_ROLE = Qt.ItemDataRole.UserRole


class KpiPicker(QWidget):
    """A search box over the register; Enter or "Add KPI" emits ``chosen`` with the highlighted KPI.

    Where the register marks top-layer KPIs, only those are listed at first ("top layer by default"): a
    manager's agreement is made from the top-layer SDBIP; unticking "Top layer only" offers every KPI.
    """

    chosen = Signal(object)  # KpiChoice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search the KPI register…"))
        self.search.setAccessibleName(self.tr("Search the KPI register"))
        self.search.setClearButtonEnabled(True)
        label = QLabel(self.tr("KPIs of the &year:"), self)
        label.setBuddy(self.search)
        self.top_only = QCheckBox(self.tr("Top &layer only"), self)
        self.top_only.setToolTip(self.tr("List only the KPIs the register marks as top-layer SDBIP"))
        self.top_only.hide()
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("KPIs in the register"))
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add = QPushButton(self.tr("Add &KPI ▸"), self)
        self.add.setToolTip(self.tr("Add the highlighted KPI as a line of the agreement (or press Enter in the list)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.top_only)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.add)
        self.search.textChanged.connect(self._filter)
        self.top_only.toggled.connect(lambda _on: self._filter(self.search.text()))
        self.search.returnPressed.connect(self._choose_first_visible)
        self.list.itemActivated.connect(lambda item: self.chosen.emit(item.data(CHOICE_ROLE)))
        self.add.clicked.connect(self._choose_current)

    def set_choices(self, choices: Sequence[KpiChoice]) -> None:
        self.list.clear()
        any_top = any(choice.top_layer for choice in choices)
        self.top_only.setVisible(any_top)
        blocked = self.top_only.blockSignals(True)
        self.top_only.setChecked(any_top)
        self.top_only.blockSignals(blocked)
        for choice in choices:
            item = QListWidgetItem(f"{choice.reference}  {choice.name}")
            layer = "\n" + self.tr("Top-layer SDBIP") if choice.top_layer else ""
            item.setToolTip(self.tr("{0}\nAnnual target: {1}").format(choice.name, choice.target_text or 'none') + layer)
            item.setData(CHOICE_ROLE, choice)
            self.list.addItem(item)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        phrase = " ".join(text.casefold().split())
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = (bool(phrase) and phrase not in item.text().casefold()) or (
                self.top_only.isChecked() and not item.data(CHOICE_ROLE).top_layer)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def _choose_first_visible(self) -> None:
        self._filter(self.search.text())
        self._choose_current()

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.chosen.emit(item.data(CHOICE_ROLE))
