"""The widgets of the capture form (layout only; ``ActualEditor`` gives them behaviour)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services.actuals import TEXT_LIMITS
from pmsdesk.ui.widgets.evidence import EvidenceList
from pmsdesk.ui.widgets.field_messages import CharacterCounter, FieldMessages, message_label, text_box, with_message

#: A date edit at this date means "no date yet" (shown as its special text).
NO_DATE = date(2000, 1, 1)
BANNER_STYLE = "background: #fff4ce; border: 1px solid #e0c060; border-radius: 3px; padding: 6px;"


class ActualFormLayout:
    """Heading, banner, value inputs for each measure type, texts, evidence and the buttons."""

    def setup(self, form: QWidget) -> None:
        self.heading = QLabel(form)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.facts = QLabel(form)
        self.facts.setWordWrap(True)
        self.banner = QLabel(form)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAccessibleName(QCoreApplication.translate("ActualFormLayout", "Notice about this actual"))
        self.banner.hide()

        self.number = QLineEdit(form)
        self.number.setAccessibleName(QCoreApplication.translate("ActualFormLayout", "Actual value"))
        self.number.setPlaceholderText(QCoreApplication.translate("ActualFormLayout", "e.g. 1250 or 12.5"))
        self.milestone = QLineEdit(form)
        self.milestone.setAccessibleName(QCoreApplication.translate("ActualFormLayout", "Actual (what was achieved)"))
        self.day = QDateEdit(form)
        self.day.setAccessibleName(QCoreApplication.translate("ActualFormLayout", "Date achieved"))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setMinimumDate(QDate(NO_DATE.year, NO_DATE.month, NO_DATE.day))
        self.day.setSpecialValueText(QCoreApplication.translate("ActualFormLayout", "Not yet achieved"))
        self.yes_no = QComboBox(form)
        self.yes_no.setAccessibleName(QCoreApplication.translate("ActualFormLayout", "Achieved (yes or no)"))
        self.yes_no.addItem("", None)
        self.yes_no.addItem(QCoreApplication.translate("ActualFormLayout", "Yes"), 1.0)
        self.yes_no.addItem(QCoreApplication.translate("ActualFormLayout", "No"), 0.0)
        self.value_stack = QStackedWidget(form)
        for widget in (self.number, self.milestone, self.day, self.yes_no):
            self.value_stack.addWidget(widget)
        self.value_stack.setFixedHeight(self.number.sizeHint().height())

        self.narrative = text_box(form, QCoreApplication.translate("ActualFormLayout", "Narrative: what was done"), 3)
        self.deviation_reason = text_box(form, QCoreApplication.translate("ActualFormLayout", "Reason for deviation"), 2)
        self.corrective_measure = text_box(form, QCoreApplication.translate("ActualFormLayout", "Corrective measure"), 2)
        self.counters = {name: CharacterCounter(getattr(self, name), TEXT_LIMITS[name], form)
                         for name in ("narrative", "deviation_reason", "corrective_measure")}
        self.evidence = EvidenceList(form)
        self.evidence.setMinimumHeight(90)

        messages = {name: message_label(form, QCoreApplication.translate("ActualFormLayout",
                "Problem with the {0}").format(name.replace('_', ' ')))
                    for name in ("value", "narrative", "deviation_reason", "corrective_measure", "evidence")}
        self.messages = FieldMessages(message_label(form, QCoreApplication.translate("ActualFormLayout", "Problem")), messages)

        self.save = QPushButton(QCoreApplication.translate("ActualFormLayout", "&Save draft"), form)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.save.setToolTip(QCoreApplication.translate("ActualFormLayout", "Save without sending (Ctrl+S)"))
        self.submit = QPushButton(QCoreApplication.translate("ActualFormLayout", "Su&bmit for verification"), form)
        self.reopen = QPushButton(QCoreApplication.translate("ActualFormLayout", "Reo&pen…"), form)
        self.reopen.setToolTip(QCoreApplication.translate("ActualFormLayout",
                "Send the value back to draft so it can be corrected; you give the reason"))

        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: more room to type
        self.value_label = QLabel(QCoreApplication.translate("ActualFormLayout", "Ac&tual:"), form)  # Alt+A is the Account menu
        self.value_label.setBuddy(self.number)
        fields.addRow(self.value_label, with_message(form, self.value_stack, messages["value"]))
        for caption, name in ((QCoreApplication.translate("ActualFormLayout", "&Narrative:"), "narrative"),
                              (QCoreApplication.translate("ActualFormLayout", "Reason for &deviation:"), "deviation_reason"),
                              (QCoreApplication.translate("ActualFormLayout", "&Corrective measure:"), "corrective_measure"),
                              (QCoreApplication.translate("ActualFormLayout", "&Evidence:"), "evidence")):
            label = QLabel(caption, form)
            # The label's Alt+letter goes to the box itself, not the wrapper holding its message.
            label.setBuddy(self.evidence.list if name == "evidence" else getattr(self, name))
            fields.addRow(label, with_message(form, getattr(self, name), messages[name], self.counters.get(name)))

        # The buttons go below the form's scroll area (see ReportingView), so Save and Submit
        # stay in view on a 600-pixel screen however long the form is.
        self.button_bar = QWidget(form)
        buttons = QHBoxLayout(self.button_bar)
        buttons.setContentsMargins(8, 4, 0, 0)
        buttons.addWidget(self.messages.general, 1)
        buttons.addWidget(self.save)
        buttons.addWidget(self.submit)
        buttons.addWidget(self.reopen)
        layout = QVBoxLayout(form)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.banner)
        layout.addLayout(fields, 1)
