"""Small form pieces the PEPMIS panels share: labelled rows, 0-100 boxes, dates, a message line."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QDoubleSpinBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label


def percent_box(parent: QWidget, name: str, value: float = 0) -> QDoubleSpinBox:
    """A 0-100 box (weights, marks, percent done), one decimal."""
    box = QDoubleSpinBox(parent)
    box.setRange(0, 100)
    box.setDecimals(1)
    box.setValue(value)
    box.setAccessibleName(name)
    return box


def date_box(parent: QWidget, name: str, day: date | None = None) -> QDateEdit:
    box = QDateEdit(parent)
    box.setCalendarPopup(True)
    box.setDisplayFormat("yyyy-MM-dd")
    box.setDate(qt_day(day) if day else QDate.currentDate())
    box.setAccessibleName(name)
    return box


def text_box(parent: QWidget, name: str, placeholder: str = "") -> QLineEdit:
    box = QLineEdit(parent)
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    return box


def choice_box(parent: QWidget, name: str) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    box.setMinimumContentsLength(18)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


def set_choices(box: QComboBox, choices: list[tuple[str, str | None]]) -> None:
    """Replace the items with (label, id) pairs, keeping the chosen id when it is still there."""
    kept = box.currentData()
    box.clear()
    for label, value in choices:
        box.addItem(label, value)
    index = box.findData(kept)
    if index >= 0:
        box.setCurrentIndex(index)


def day_of(box: QDateEdit) -> date:
    shown = box.date()
    return date(shown.year(), shown.month(), shown.day())


def qt_day(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def iso(box: QDateEdit) -> str:
    return box.date().toString("yyyy-MM-dd")


def form_group(title: str, parent: QWidget) -> tuple[QGroupBox, QFormLayout, FieldMessages]:
    """A titled group with a form layout; its message line (red, hidden) sits at the top."""
    group = QGroupBox(title, parent)
    layout = QFormLayout(group)
    messages = FieldMessages(message_label(group, QCoreApplication.translate("pepmis.forms", "{0}: message").format(title)), {})
    layout.addRow(messages.general)
    return group, layout, messages
