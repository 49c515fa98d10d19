"""Confirmations that lock or branch a record: sign (date, place), amend (reason), finalise (date).

Each asks only what the service needs and says what will happen, because the
step cannot be undone: a signed agreement and a final assessment never change.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.ui.translation import QT_TR_NOOP


class ConfirmDialog(QDialog):
    """A warning, the fields asked for, and a button naming the action; OK stays off until filled in."""

    def __init__(self, title: str, warning: str, action: str, parent: QWidget | None = None, *,
                 ask_date: str | None = None, ask_place: bool = False, ask_reason: bool = False,
                 today: date | None = None, reason_name: str = QT_TR_NOOP("Reason for the amendment")) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        text = QLabel(warning, self)
        text.setWordWrap(True)
        form = QFormLayout()
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        day = today or date.today()
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.day.setAccessibleName(ask_date or self.tr("Date"))
        self.place = QLineEdit(self)
        self.place.setAccessibleName(self.tr("Place of signing"))
        self.place.setPlaceholderText(self.tr("e.g. Parys"))
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(reason_name)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 14)
        for caption, field, wanted in (((ask_date or "") + ":", self.day, ask_date is not None),
                                       (self.tr("&Place:"), self.place, ask_place),
                                       (self.tr("&Reason:"), self.reason, ask_reason)):
            if wanted:
                label = QLabel(caption, self)
                label.setBuddy(field)
                form.addRow(label, field)
            else:
                field.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(action)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._needs = [field for field, wanted in ((self.place, ask_place), (self.reason, ask_reason)) if wanted]
        self.place.textChanged.connect(self._update_ok)
        self.reason.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _update_ok(self) -> None:
        texts = [self.place.text() if field is self.place else self.reason.toPlainText() for field in self._needs]
        self.ok.setEnabled(all(text.strip() for text in texts))

    def chosen_date(self) -> date:
        return self.day.date().toPython()

    def place_text(self) -> str:
        return self.place.text().strip()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()
