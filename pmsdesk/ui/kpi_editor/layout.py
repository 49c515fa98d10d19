"""The widgets of the KPI editor (layout only; ``KpiEditorDialog`` gives them behaviour)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
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

from pmsdesk.models import CalculationType, Direction, KpiConcept, KpiType, MeasureType
from pmsdesk.models.kpi_texts import KPI_TEXTS
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import message_label
from pmsdesk.ui.widgets.screen_parts import scrolled
from pmsdesk.vocabulary import PLAN_KIND_SHORT, Vocabulary
from pmsdesk.wording import CALCULATION_LABELS, DIRECTION_TOOLTIPS, MEASURE_LABELS

from ..translation import translated
from .form_fields import FieldForm, chain_tab_order, choice_box, enum_choices
from .targets_grid import TargetsGrid

#: Fields typed as one line; the rest of the texts get a few lines.
LINE_FIELDS = {"reference": QT_TR_NOOP("e.g. BSD 12"), "unit_of_measure": QT_TR_NOOP("e.g. households, km, % of budget"),
               "baseline": QT_TR_NOOP("last year's figure"), "annual_target": "", "weight": "0–100",
               "budget": "e.g. 2500000", "budget_vote": "", "ward": QT_TR_NOOP("e.g. Ward 7")} | {
    text.key: text.hint for text in KPI_TEXTS}
TEXT_FIELDS = {"name": 2, "definition": 2, "data_source": 2, "required_evidence": 2}
LINK_FIELDS = ("kpa_id", "strategic_objective_id", "programme_id", "responsible_unit_id", "responsible_person_id")
CHOICE_FIELDS = ("measure_type", "calculation_type", "direction", "kpi_type", "kpi_concept")


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
        self.choices = {
            "measure_type": choice_box(body, enum_choices(MeasureType, MEASURE_LABELS)),
            "calculation_type": choice_box(body, enum_choices(CalculationType, CALCULATION_LABELS)),
            "direction": choice_box(body, enum_choices(Direction, DIRECTION_TOOLTIPS)),
            "kpi_type": choice_box(body, enum_choices(KpiType), blank=QCoreApplication.translate("KpiEditorLayout",
                    "(not set)")),
            "kpi_concept": choice_box(body, enum_choices(KpiConcept), blank=QCoreApplication.translate("KpiEditorLayout",
                    "(not set)")),
        }
        self.is_active = QCheckBox(QCoreApplication.translate("KpiEditorLayout",
                "&Active (listed in the register and reported on)"), body)
        self.top_layer = QCheckBox(QCoreApplication.translate("KpiEditorLayout", "Top-layer &SDBIP"), body)
        self.top_layer.setToolTip(QCoreApplication.translate("KpiEditorLayout",
                "On the organisational scorecard rather than a departmental SDBIP; managers' agreements take "
                "top-layer KPIs by default"))
        self.targets = TargetsGrid(body)
        self.reason = QLineEdit(body)
        self.reason.setPlaceholderText(QCoreApplication.translate("KpiEditorLayout",
                "e.g. Adjustment budget approved by Council, February"))
        self.form = FieldForm(body)

        def add(caption: str, name: str, field: QWidget, **also) -> None:
            """A row, then the descriptive text fields that follow it (kpi_texts.KPI_TEXTS says where)."""
            self.form.add(caption, name, field, **also)
            for text in KPI_TEXTS:
                if text.after == name:
                    add(text.label, text.key, self.lines[text.key])

        add(QCoreApplication.translate("KpiEditorLayout", "&Reference:"), "reference", self.lines["reference"])
        add(QCoreApplication.translate("KpiEditorLayout", "&Name:"), "name", self.texts["name"])
        add(QCoreApplication.translate("KpiEditorLayout", "De&finition:"), "definition", self.texts["definition"])
        add(QCoreApplication.translate("KpiEditorLayout", "&KPA:"), "kpa_id", self.links["kpa_id"])
        add(QCoreApplication.translate("KpiEditorLayout",
                "Strategic &objective:"), "strategic_objective_id", self.links["strategic_objective_id"])
        add(QCoreApplication.translate("KpiEditorLayout", "&Programme:"), "programme_id", self.links["programme_id"])
        add(QCoreApplication.translate("KpiEditorLayout",
                "Responsible &unit:"), "responsible_unit_id", self.links["responsible_unit_id"])
        add(QCoreApplication.translate("KpiEditorLayout",
                "Responsible o&fficial:"), "responsible_person_id", self.links["responsible_person_id"])
        add(QCoreApplication.translate("KpiEditorLayout", "KPI t&ype:"), "kpi_type", self.choices["kpi_type"])
        add(QCoreApplication.translate("KpiEditorLayout", "KPI conce&pt:"), "kpi_concept", self.choices["kpi_concept"])
        add(QCoreApplication.translate("KpiEditorLayout", "&Budget:"), "budget", self.lines["budget"])
        add(QCoreApplication.translate("KpiEditorLayout", "Budget &vote:"), "budget_vote", self.lines["budget_vote"])
        add(QCoreApplication.translate("KpiEditorLayout", "&Ward:"), "ward", self.lines["ward"])
        self.form.new_column()
        add(QCoreApplication.translate("KpiEditorLayout", "&Measure type:"), "measure_type", self.choices["measure_type"])
        add(QCoreApplication.translate("KpiEditorLayout",
                "Unit of meas&ure:"), "unit_of_measure", self.lines["unit_of_measure"])
        add(QCoreApplication.translate("KpiEditorLayout",
                "C&alculation type:"), "calculation_type", self.choices["calculation_type"])
        add(QCoreApplication.translate("KpiEditorLayout", "&Direction:"), "direction", self.choices["direction"])
        add(QCoreApplication.translate("KpiEditorLayout",
                "Base&line:"), "baseline", self.lines["baseline"], also_for=("baseline_text",))
        add(QCoreApplication.translate("KpiEditorLayout", "Annual &target:"), "annual_target", self.lines["annual_target"],
            also_for=("annual_target_date", "annual_target_text"))
        add(QCoreApplication.translate("KpiEditorLayout", "W&eight (%):"), "weight", self.lines["weight"])
        add(QCoreApplication.translate("KpiEditorLayout", "Data sou&rce:"), "data_source", self.texts["data_source"])
        add(QCoreApplication.translate("KpiEditorLayout",
                "Evidence re&quired:"), "required_evidence", self.texts["required_evidence"])
        add("", "top_layer", self.top_layer)
        add("", "is_active", self.is_active)
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
