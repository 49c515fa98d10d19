"""Form rows with the field's validation message right under it, and lists of choices.

Shared by the KPI editor and the Plans screen so both name problems the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label

from ..translation import translated


class FieldForm:
    """A form layout whose rows each carry a (hidden until needed) message for their field."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.columns: list[QFormLayout] = []
        self.messages = FieldMessages(message_label(parent, QCoreApplication.translate("FieldForm", "Problem")), {})
        #: The fields in the order they were added, which is the order Tab should follow.
        self.fields: list[QWidget] = []
        self.new_column()

    def new_column(self) -> QFormLayout:
        """Rows added from now on go to a new form layout (forms of two columns fit a laptop better)."""
        layout = QFormLayout()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setVerticalSpacing(6)
        self.columns.append(layout)
        return layout

    def add(self, caption: str, name: str, field: QWidget, *, also_for: Iterable[str] = ()) -> QWidget:
        """Add ``field`` as the row ``caption``; problems of ``name`` (and ``also_for``) show under it."""
        plain = caption.replace("&", "").rstrip(":")
        if not field.accessibleName():
            field.setAccessibleName(plain)
        message = message_label(self._parent, QCoreApplication.translate("FieldForm", "Problem with {0}").format(plain.lower()))
        box = QWidget(self._parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(message)
        label = QLabel(caption, self._parent)
        label.setBuddy(field)
        self.columns[-1].addRow(label, box)
        for key in (name, *also_for):
            self.messages.fields[key] = message
        self.fields.append(field)
        return field


def chain_tab_order(widgets: Iterable[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order; call it once the widgets sit in their final parents."""
    widgets = list(widgets)
    for earlier, later in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(earlier, later)


def choice_box(parent: QWidget, choices: Iterable[tuple[Any, str]], *, blank: str | None = None) -> QComboBox:
    """A drop-down of (data, text) pairs; ``blank`` adds a first entry meaning 'none' (data None)."""
    box = QComboBox(parent)
    box.setMaxVisibleItems(20)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(16)
    fill_choices(box, choices, blank=blank)
    return box


def fill_choices(box: QComboBox, choices: Iterable[tuple[Any, str]], *, blank: str | None = None) -> None:
    box.clear()
    if blank is not None:
        box.addItem(blank, None)
    for data, text in choices:
        box.addItem(text, data)
        box.setItemData(box.count() - 1, text, Qt.ItemDataRole.ToolTipRole)  # long objective titles stay readable


def enum_choices(enum: type[StrEnum], labels: dict | None = None) -> list[tuple[str, str]]:
    """(value, label) for each member; without labels 'reporting_requirement' reads 'Reporting requirement'."""
    return [(member.value, translated((labels or {}).get(member) or member.value.replace("_", " ").capitalize()))
            for member in enum]


def select_choice(box: QComboBox, data: Any) -> None:
    """Select the entry holding ``data`` (an enum is matched by its value); the first entry if none does."""
    wanted = data.value if isinstance(data, StrEnum) else data
    box.setCurrentIndex(max(0, box.findData(wanted)))
