"""The widgets of the provider form and the quarterly assessment form (layout only; ``ProviderEditor`` acts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label, text_box, with_message

from ..translation import translated

#: Service field → caption with its mnemonic.
PROVIDER_CAPTIONS = {
    "name": QT_TR_NOOP("&Name:"),
    "services": QT_TR_NOOP("Ser&vices:"),
    "contract_reference": QT_TR_NOOP("Contract &reference:"),
    "contract_value": QT_TR_NOOP("Contract va&lue:"),
    "start_date": QT_TR_NOOP("S&tarts:"),
    "end_date": QT_TR_NOOP("&Ends:"),
    "responsible_unit_id": QT_TR_NOOP("&Directorate:"),
    "responsible_person_id": QT_TR_NOOP("Responsible offi&cial:"),
}
ASSESSMENT_CAPTIONS = {
    "period_id": QT_TR_NOOP("&Quarter:"),
    "rating": QT_TR_NOOP("Ratin&g:"),
    "comment": QT_TR_NOOP("Co&mment:"),
    "corrective_action": QT_TR_NOOP("Correct&ive action:"),
    "assessed_by": QT_TR_NOOP("Assessed &by:"),
    "assessed_on": QT_TR_NOOP("Assessed on:"),
}


def _combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setMinimumContentsLength(20)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def _line(parent: QWidget, name: str, hint: str = "") -> QLineEdit:
    box = QLineEdit(parent)
    box.setAccessibleName(name)
    box.setPlaceholderText(hint)
    return box


def _fields(form: QWidget, captions: dict[str, str], widgets: dict[str, QWidget],
            messages: dict[str, QLabel]) -> QFormLayout:
    layout = QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for name, widget in widgets.items():
        label = QLabel(translated(captions[name]), form)
        label.setBuddy(widget)
        layout.addRow(label, with_message(form, widget, messages[name]))
    return layout


def _messages(form: QWidget, captions: dict[str, str]) -> dict[str, QLabel]:
    return {name: message_label(form, QCoreApplication.translate("ProviderFormLayout", "Problem with the {0}").format(
        translated(caption).replace("&", "").rstrip(":"))) for name, caption in captions.items()}


class ProviderFormLayout:
    """Heading, the provider's fields with their messages and buttons; below, the quarter's assessment."""

    def setup(self, form: QWidget) -> None:
        date_hint = QCoreApplication.translate("ProviderFormLayout", "YYYY-MM-DD, e.g. 2025-07-01")
        self.heading = QLabel(form)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.name = _line(form, QCoreApplication.translate("ProviderFormLayout", "Service provider's name"))
        self.services = text_box(form, QCoreApplication.translate("ProviderFormLayout", "Services or contract description"), 2)
        self.contract_reference = _line(form, QCoreApplication.translate("ProviderFormLayout", "Contract or bid reference"),
                                        QCoreApplication.translate("ProviderFormLayout", "e.g. T12/2025"))
        self.contract_value = _line(form, QCoreApplication.translate("ProviderFormLayout", "Contract value"),
                                    QCoreApplication.translate("ProviderFormLayout", "optional, e.g. 4 850 000"))
        self.start_date = _line(form, QCoreApplication.translate("ProviderFormLayout", "Contract start date"), date_hint)
        self.end_date = _line(form, QCoreApplication.translate("ProviderFormLayout", "Contract end date"), date_hint)
        self.unit = _combo(form, QCoreApplication.translate("ProviderFormLayout", "Responsible directorate"))
        self.person = _combo(form, QCoreApplication.translate("ProviderFormLayout", "Responsible official"))
        provider_messages = _messages(form, PROVIDER_CAPTIONS)
        general = message_label(form, QCoreApplication.translate("ProviderFormLayout", "Problem"))
        self.messages = FieldMessages(general, provider_messages)
        provider_fields = _fields(form, PROVIDER_CAPTIONS, {
            "name": self.name, "services": self.services, "contract_reference": self.contract_reference,
            "contract_value": self.contract_value, "start_date": self.start_date, "end_date": self.end_date,
            "responsible_unit_id": self.unit, "responsible_person_id": self.person}, provider_messages)
        self.new = QPushButton(QCoreApplication.translate("ProviderFormLayout", "Ne&w provider"), form)
        self.new.setToolTip(QCoreApplication.translate("ProviderFormLayout", "Clear the form to record another service provider"))
        self.save = QPushButton(QCoreApplication.translate("ProviderFormLayout", "Save &provider"), form)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.save.setToolTip(QCoreApplication.translate("ProviderFormLayout", "Save the provider and its contract (Ctrl+S)"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.messages.general, 1)
        buttons.addWidget(self.new)
        buttons.addWidget(self.save)

        self.assessment = QGroupBox(QCoreApplication.translate("ProviderFormLayout", "Quarterly performance assessment"), form)
        self.quarter = _combo(self.assessment, QCoreApplication.translate("ProviderFormLayout", "Quarter assessed"))
        self.rating = _combo(self.assessment, QCoreApplication.translate("ProviderFormLayout", "Rating"))
        self.comment = text_box(self.assessment, QCoreApplication.translate(
            "ProviderFormLayout", "Comment on the quarter's performance"), 2)
        self.corrective_action = text_box(self.assessment, QCoreApplication.translate(
            "ProviderFormLayout", "Corrective action"), 2)
        self.assessed_by = _line(self.assessment, QCoreApplication.translate("ProviderFormLayout", "Assessed by"),
                                 QCoreApplication.translate("ProviderFormLayout", "name and post"))
        self.assessed_on = _line(self.assessment, QCoreApplication.translate("ProviderFormLayout", "Date assessed"), date_hint)
        assessment_messages = _messages(self.assessment, ASSESSMENT_CAPTIONS)
        general = message_label(self.assessment, QCoreApplication.translate(
            "ProviderFormLayout", "Problem with the assessment"))
        self.assessment_messages = FieldMessages(general, assessment_messages)
        self.save_assessment = QPushButton(QCoreApplication.translate("ProviderFormLayout", "&Save assessment"), self.assessment)
        self.save_assessment.setToolTip(QCoreApplication.translate(
            "ProviderFormLayout", "Record this quarter's rating (a second save corrects it)"))
        assessment_buttons = QHBoxLayout()
        assessment_buttons.addWidget(self.assessment_messages.general, 1)
        assessment_buttons.addWidget(self.save_assessment)
        inner = QVBoxLayout(self.assessment)
        inner.addLayout(_fields(self.assessment, ASSESSMENT_CAPTIONS, {
            "period_id": self.quarter, "rating": self.rating, "comment": self.comment,
            "corrective_action": self.corrective_action, "assessed_by": self.assessed_by,
            "assessed_on": self.assessed_on}, assessment_messages))
        inner.addLayout(assessment_buttons)

        layout = QVBoxLayout(form)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(provider_fields)
        layout.addLayout(buttons)
        layout.addWidget(self.assessment)
        layout.addStretch(1)
