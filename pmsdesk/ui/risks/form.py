"""The widgets of the risk form (layout only; ``RiskEditor`` gives them behaviour)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label, text_box, with_message

from ..translation import translated

#: Service field → (caption with mnemonic, accessible name of its problem label).
CAPTIONS = {
    "title": QT_TR_NOOP("&Title:"),
    "kpi_id": QT_TR_NOOP("Linked &KPI:"),
    "likelihood": QT_TR_NOOP("&Likelihood (1–5):"),
    "impact": QT_TR_NOOP("&Impact (1–5):"),
    "mitigation": QT_TR_NOOP("&Mitigation:"),
    "owner_person_id": QT_TR_NOOP("&Owner:"),
    "description": QT_TR_NOOP("&Description:"),
    "reason": QT_TR_NOOP("&Reason to close or reopen:"),
}


def _combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setMinimumContentsLength(24)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def _rating_box(parent: QWidget, name: str, words: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setAccessibleName(name)
    box.setPlaceholderText(words)
    box.setMaximumWidth(260)
    return box


class RiskFormLayout:
    """Heading, the risk's fields each with its message, a reason for closing, and the buttons."""

    def setup(self, form: QWidget) -> None:
        self.heading = QLabel(form)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.title = QLineEdit(form)
        self.title.setAccessibleName(QCoreApplication.translate("RiskFormLayout", "Risk title"))
        self.kpi = _combo(form, QCoreApplication.translate("RiskFormLayout", "Linked KPI"))
        self.likelihood = _rating_box(form, QCoreApplication.translate("RiskFormLayout",
                "Likelihood, 1 to 5"), QCoreApplication.translate("RiskFormLayout",
                "1 rare … 5 almost certain"))
        self.impact = _rating_box(form, QCoreApplication.translate("RiskFormLayout",
                "Impact, 1 to 5"), QCoreApplication.translate("RiskFormLayout",
                "1 insignificant … 5 catastrophic"))
        self.mitigation = text_box(form, QCoreApplication.translate("RiskFormLayout", "Mitigation"), 3)
        self.owner = _combo(form, QCoreApplication.translate("RiskFormLayout", "Risk owner"))
        self.description = text_box(form, QCoreApplication.translate("RiskFormLayout", "Description"), 2)
        self.reason = QLineEdit(form)
        self.reason.setAccessibleName(QCoreApplication.translate("RiskFormLayout", "Reason to close or reopen the risk"))
        self.reason.setPlaceholderText(QCoreApplication.translate("RiskFormLayout",
                "Why the risk is closed or reopened (required)"))

        messages = {name: message_label(form, QCoreApplication.translate("RiskFormLayout",
                "Problem with the {0}").format(caption.replace('&', '').rstrip(':')))
                    for name, caption in CAPTIONS.items()}
        self.messages = FieldMessages(message_label(form, QCoreApplication.translate("RiskFormLayout", "Problem")), messages)
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, widget in (("title", self.title), ("kpi_id", self.kpi), ("likelihood", self.likelihood),
                             ("impact", self.impact), ("mitigation", self.mitigation),
                             ("owner_person_id", self.owner), ("description", self.description),
                             ("reason", self.reason)):
            label = QLabel(translated(CAPTIONS[name]), form)
            label.setBuddy(widget)
            fields.addRow(label, with_message(form, widget, messages[name]))

        self.new = QPushButton(QCoreApplication.translate("RiskFormLayout", "&New risk"), form)
        self.new.setToolTip(QCoreApplication.translate("RiskFormLayout", "Clear the form to record another risk"))
        self.save = QPushButton(QCoreApplication.translate("RiskFormLayout", "&Save"), form)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.save.setToolTip(QCoreApplication.translate("RiskFormLayout", "Save the risk (Ctrl+S)"))
        self.close_or_reopen = QPushButton(QCoreApplication.translate("RiskFormLayout", "&Close risk"), form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.messages.general, 1)
        for button in (self.new, self.close_or_reopen, self.save):
            buttons.addWidget(button)

        layout = QVBoxLayout(form)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(fields)
        layout.addLayout(buttons)
        layout.addStretch(1)
