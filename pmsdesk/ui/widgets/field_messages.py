"""Validation messages shown under the field they are about, in words a person can act on."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from pmsdesk.services.errors import ServiceError, ValidationError

ERROR_STYLE = "color: #b00020;"


def message_label(parent: QWidget, accessible_name: str) -> QLabel:
    """A red, wrapping, initially hidden label for one field's problem."""
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.hide()
    return label


class FieldMessages:
    """Shows ``ValidationError.problems`` next to their fields; others go to the general label."""

    def __init__(self, general: QLabel, fields: Mapping[str, QLabel]) -> None:
        self.general = general
        self.fields = dict(fields)

    def clear(self) -> None:
        for label in (self.general, *self.fields.values()):
            label.clear()
            label.hide()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        self.clear()
        other = []
        for field, message in problems.items():
            label = self.fields.get(field)
            if label is None:
                other.append(message)
            else:
                label.setText(message[:1].upper() + message[1:] + ("" if message.endswith(".") else "."))
                label.show()
        if other:
            self.show_general("; ".join(other))

    def show_error(self, error: Exception, field_names: Mapping[str, str] | None = None) -> None:
        """A service's refusal next to the fields it names (``field_names`` maps the service's field
        names to this form's), or in the general label; anything else is a bug and is raised."""
        if isinstance(error, ValidationError):
            names = field_names or {}
            self.show_problems({names.get(field, field): message for field, message in error.problems.items()})
        elif isinstance(error, ServiceError):
            self.show_problems({})
            self.show_general(str(error))
        else:
            raise error

    def show_general(self, message: str) -> None:
        self.general.setText(message)
        self.general.show()

    def text_of(self, field: str) -> str:
        return self.fields.get(field, self.general).text()


def text_box(parent: QWidget, name: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class CharacterCounter(QLabel):
    """'120 of 4,000 characters' under a text box, red once past the limit, so nobody learns it only at save.

    Counts what the service counts: the text without leading and trailing spaces.
    """

    def __init__(self, box: QPlainTextEdit, limit: int, parent: QWidget) -> None:
        super().__init__(parent)
        self._box, self.limit = box, limit
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setAccessibleName(self.tr("Characters used in the {0}").format(box.accessibleName().lower() or 'text'))
        box.textChanged.connect(self.update_count)
        self.update_count()

    def update_count(self) -> None:
        used = len(self._box.toPlainText().strip())
        over = used > self.limit
        self.setText(self.tr("{0:,} of {1:,} characters").format(used, self.limit) + (self.tr(
                " — {0:,} too many").format(used - self.limit) if over else ""))
        self.setStyleSheet(ERROR_STYLE if over else "color: palette(placeholder-text);")


def with_message(parent: QWidget, field: QWidget, message: QLabel, counter: QLabel | None = None) -> QWidget:
    """The field with its (usually hidden) message right under it, and its character counter if it has one."""
    box = QWidget(parent)
    grows = field.sizePolicy().verticalPolicy().value & QSizePolicy.PolicyFlag.ExpandFlag.value
    box.setSizePolicy(QSizePolicy.Policy.Preferred,
                      QSizePolicy.Policy.Expanding if grows else QSizePolicy.Policy.Maximum)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    if counter is not None:
        layout.addWidget(counter)
    layout.addWidget(message)
    return box
