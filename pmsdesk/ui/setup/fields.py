"""A form whose every field has its problem shown right under it (shared by the set-up pages and People)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ..widgets.field_messages import FieldMessages, message_label

#: A form field: ``add`` hands back the widget it was given, as its own type.
FieldWidget = TypeVar("FieldWidget", bound=QWidget)


class CheckedForm:
    """A QFormLayout where ``add(field, label, widget)`` also places a red message label below the widget.

    ``messages`` shows a service's problems by field name; problems for fields
    not on this form go to the general label at the bottom.
    """

    def __init__(self, parent: QWidget) -> None:
        self.layout = QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout.setVerticalSpacing(4)
        self._parent = parent
        self._labels: dict[str, QLabel] = {}
        self.general = message_label(parent, QCoreApplication.translate("CheckedForm", "Problem"))
        self.messages = FieldMessages(self.general, self._labels)

    def add(self, field: str, label: str, widget: FieldWidget) -> FieldWidget:
        holder = QWidget(self._parent)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        message = message_label(holder, QCoreApplication.translate("CheckedForm",
                "Problem with {0}").format(label.replace('&', '').rstrip(':')))
        column.addWidget(message)
        self._labels[field] = message
        self.messages.fields[field] = message
        self.layout.addRow(label, holder)
        widget.setAccessibleName(label.replace("&", "").rstrip(":"))
        return widget

    def fields(self) -> set[str]:
        return set(self._labels)
