"""The widgets of the KPI editor (layout only; ``KpiEditorDialog`` gives them behaviour)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.kpi_fields import FIELD_BY_KEY, FIELDS, FORM
from pmsdesk.ui.widgets.field_messages import message_label
from pmsdesk.ui.widgets.screen_parts import scrolled
from pmsdesk.vocabulary import PLAN_KIND_SHORT, Vocabulary
from pmsdesk.wording import CALCULATION_LABELS, DIRECTION_TOOLTIPS, MEASURE_LABELS

from ..translation import translated
from .form_fields import FieldForm, chain_tab_order, choice_box, enum_choices
from .targets_grid import TargetsGrid

# The fields and their widgets come from the table of KPI fields (pmsdesk/kpi_fields.py), placed as its FORM says.
#: Fields typed as one line, with their placeholder; the longer texts get a few lines.
LINE_FIELDS = {field.key: field.hint for field in FIELDS if field.editor == "line"}
TEXT_FIELDS = {field.key: 2 for field in FIELDS if field.editor == "lines"}
LINK_FIELDS = tuple(field.key for field in FIELDS if field.editor == "link")
CHOICE_FIELDS = tuple(field.key for field in FIELDS if field.editor == "choice")
#: How a choice's entries read, where they are not its values in words.
CHOICE_LABELS: dict[str, dict] = {"measure_type": MEASURE_LABELS, "calculation_type": CALCULATION_LABELS,
                 "direction": DIRECTION_TOOLTIPS}


def _text_box(parent: QWidget, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class KpiEditorLayout:
    """Two columns of fields (what the KPI is and links to; how it is measured), targets below."""

    def setup(self, dialog: QDialog) -> None:
        self.body = body = QWidget(dialog)
        self.heading = QLabel(body)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.lines = {name: QLineEdit(body) for name in LINE_FIELDS}
        for name, hint in LINE_FIELDS.items():
            self.lines[name].setPlaceholderText(translated(hint))
        self.texts = {name: _text_box(body, lines) for name, lines in TEXT_FIELDS.items()}
        self.links = {name: choice_box(body, ()) for name in LINK_FIELDS}
        not_set = QCoreApplication.translate("KpiEditorLayout", "(not set)")
        self.choices = {name: self._choice_box(body, name, not_set) for name in CHOICE_FIELDS}
        self.checks = {field.key: QCheckBox(translated(field.label), body) for field in FIELDS if field.editor == "check"}
        for name, box in self.checks.items():
            if FIELD_BY_KEY[name].hint:
                box.setToolTip(translated(FIELD_BY_KEY[name].hint))
        self.is_active, self.top_layer = self.checks["is_active"], self.checks["top_layer"]
        self.targets = TargetsGrid(body)
        self.reason = QLineEdit(body)
        self.reason.setPlaceholderText(QCoreApplication.translate("KpiEditorLayout",
                "e.g. Adjustment budget approved by Council, February"))
        self.form = FieldForm(body)

        widgets: dict[str, QWidget] = {**self.lines, **self.texts, **self.links, **self.choices, **self.checks}
        for number, names in enumerate(FORM):
            if number:
                self.form.new_column()
            for name in names:
                caption = "" if FIELD_BY_KEY[name].editor == "check" else translated(FIELD_BY_KEY[name].label)
                self.form.add(caption, name, widgets[name],
                              also_for=[field.key for field in FIELDS if field.shown_by == name])
        targets_label = QLabel(QCoreApplication.translate("KpiEditorLayout",
                "<b>Period targets</b> (one row per quarter; leave empty for no target)"), body)
        targets_label.setBuddy(self.targets)
        self.reason_label = QLabel(QCoreApplication.translate("KpiEditorLayout", "Reason for the &change:"), body)
        self.reason_label.setBuddy(self.reason)
        self.reason.setAccessibleName(QCoreApplication.translate("KpiEditorLayout", "Reason for the change"))
        self.reason_message = message_label(body, QCoreApplication.translate("KpiEditorLayout", "Problem with the reason"))
        self.form.messages.fields["reason"] = self.reason_message

        columns = QHBoxLayout()
        columns.setSpacing(18)
        for form in self.form.columns:
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)  # the shorter column keeps its rows together at the top
            columns.addLayout(column, 1)
        inner = QVBoxLayout(body)
        inner.addWidget(self.heading)
        inner.addLayout(columns)
        inner.addWidget(targets_label)
        inner.addWidget(self.targets)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        inner.addLayout(reason_row)
        inner.addWidget(self.reason_message)
        inner.addStretch(1)

        self.save = QPushButton(QCoreApplication.translate("KpiEditorLayout", "&Save"), dialog)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.save.setToolTip(QCoreApplication.translate("KpiEditorLayout", "Save the KPI and its targets (Ctrl+S)"))
        self.save.setDefault(True)
        self.buttons = QDialogButtonBox(dialog)
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        footer = QHBoxLayout()
        footer.addWidget(self.form.messages.general, 1)
        footer.addWidget(self.buttons)
        layout = QVBoxLayout(dialog)
        layout.addWidget(scrolled(body, dialog), 1)
        layout.addLayout(footer)
        chain_tab_order([*self.form.fields, self.targets, self.reason, self.save, self.cancel])

    @staticmethod
    def _choice_box(body: QWidget, name: str, not_set: str) -> QComboBox:
        """A drop-down of the field's choices; one that may be left empty starts with '(not set)'."""
        field = FIELD_BY_KEY[name]
        assert field.choices is not None, name
        return choice_box(body, enum_choices(field.choices, CHOICE_LABELS.get(name)),
                          blank=None if field.required else not_set)

    def use_words(self, words: Vocabulary) -> None:
        """The KPA, the currency of amounts and the example reason in the organisation's country's words."""
        plan = PLAN_KIND_SHORT[words.plan_kinds[0]].removesuffix("s")
        captions = {self.links["kpa_id"]: f"&{words.kpa_short}:",
                    self.lines["budget"]: QCoreApplication.translate("KpiEditorLayout",
                            "&Budget ({0}):").format(words.money.symbol or 'amount'),
                    self.lines["strategy"]: QCoreApplication.translate("KpiEditorLayout",
                            "{0}{1} strate&gy:").format(plan[:1].upper(), plan[1:])}
        for label in self.body.findChildren(QLabel):
            if label.buddy() in captions:
                label.setText(captions[label.buddy()])
            if label.buddy() is self.lines["national_kpa"]:  # national KPAs are South African local government's
                label.setVisible(words.has_national_kpas)
        national_box = self.lines["national_kpa"].parentWidget()  # the field with its message, in the form row
        if national_box is not None:
            national_box.setVisible(words.has_national_kpas)
        self.links["kpa_id"].setAccessibleName(words.kpa_short)
        self.lines["strategy"].setAccessibleName(QCoreApplication.translate("KpiEditorLayout", "{0} strategy").format(plan))
        self.lines["strategy"].setPlaceholderText(QCoreApplication.translate("KpiEditorLayout",
                "the {0} strategy the KPI carries out").format(plan))
        self.lines["project"].setPlaceholderText(QCoreApplication.translate("KpiEditorLayout",
                "as the {0} writes it").format(words.annual_plan))
        self.reason.setPlaceholderText(words.target_change_example)
        self.targets.use_money(words.money)
