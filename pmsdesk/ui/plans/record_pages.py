"""One form page per kind of framework record (unit, plan, objective, KPA, programme)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout, QWidget

from pmsdesk.models import KpaScope, PlanKind, UnitLevel
from pmsdesk.ui.kpi_editor.form_fields import FieldForm, choice_box, enum_choices, fill_choices, select_choice
from pmsdesk.ui.kpi_editor.typed_values import read_number
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.vocabulary import PLAN_KIND_NAMES, Vocabulary
from pmsdesk.wording import plain_number

#: Lists of other records a field picks from, filled when the outline loads.
PLANS, UNITS = "plans", "units"


@dataclass(frozen=True)
class Field:
    caption: str
    name: str
    #: "line", "text", "year", "number", "flag", an enum, or PLANS / UNITS.
    kind: Any


KIND_WORDS = {"unit": "unit", "plan": "plan", "strategic_objective": QT_TR_NOOP(
        "strategic objective"), "kpa": QT_TR_NOOP("KPA"),
              "programme": "programme"}
FIELDS: dict[str, tuple[Field, ...]] = {
    "unit": (Field(QT_TR_NOOP("&Code:"), "code", "line"), Field(QT_TR_NOOP("&Name:"), "name", "line"), Field(QT_TR_NOOP(
            "&Level:"), "level", UnitLevel)),
    "plan": (Field(QT_TR_NOOP("&Kind:"), "kind", PlanKind), Field(QT_TR_NOOP("&Title:"), "title", "line"),
             Field(QT_TR_NOOP("&First year:"), "start_year", "year"), Field(QT_TR_NOOP("&Last year:"), "end_year", "year")),
    "strategic_objective": (Field(QT_TR_NOOP("&Code:"), "code", "line"), Field(QT_TR_NOOP("&Title:"), "title", "text")),
    "kpa": (Field(QT_TR_NOOP("&Code:"), "code", "line"), Field(QT_TR_NOOP(
            "&Name:"), "name", "line"), Field(QT_TR_NOOP("Sc&ope:"), "scope", KpaScope),
            Field(QT_TR_NOOP("&Weight (%):"), "weight", "number")),
    "programme": (Field(QT_TR_NOOP("&Code:"), "code", "line"), Field(QT_TR_NOOP("&Name:"), "name", "line"), Field(QT_TR_NOOP(
            "&Plan:"), "plan_id", PLANS),
                  Field(QT_TR_NOOP("&Unit:"), "unit_id", UNITS), Field("", "is_project", "flag"),
                  Field(QT_TR_NOOP("&Budget:"), "budget", "number")),
}
#: What a new record starts with (the services require these).
DEFAULTS: dict[str, dict[str, Any]] = {
    "unit": {"level": UnitLevel.DEPARTMENT}, "plan": {"kind": PlanKind.IDP, "start_year": 2022, "end_year": 2027},
    "kpa": {"scope": KpaScope.LOCAL}, "programme": {"is_project": False},
}


class RecordPage(QWidget):
    """The fields of one kind of record; ``values()`` gives them as the framework services take them."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.form = FieldForm(self)
        self.inputs: dict[str, QWidget] = {}
        for field in FIELDS[kind]:
            self.inputs[field.name] = self.form.add(field.caption, field.name, self._input(field))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form.columns[0])
        layout.addWidget(self.form.messages.general)
        layout.addStretch(1)

    def _input(self, field: Field) -> QWidget:
        if field.kind == "text":
            box = QPlainTextEdit(self)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
            return box
        if field.kind == "year":
            spin = QSpinBox(self)
            spin.setRange(1990, 2100)
            return spin
        if field.kind == "flag":
            return QCheckBox(self.tr("A capital pro&ject (not an ongoing programme)"), self)
        if field.kind in (PLANS, UNITS):
            return choice_box(self, (), blank="(none)")
        if isinstance(field.kind, type) and issubclass(field.kind, StrEnum):
            return choice_box(self, enum_choices(field.kind))
        return QLineEdit(self)

    def set_choices(self, lists: dict[str, list[tuple[str, str]]]) -> None:
        for field in FIELDS[self.kind]:
            box = self.inputs[field.name]
            if field.kind in lists and isinstance(box, QComboBox):
                chosen = box.currentData()
                fill_choices(box, lists[field.kind], blank="(none)")
                select_choice(box, chosen)

    def use_words(self, words: Vocabulary) -> None:
        """Offer the plan kinds the organisation's country keeps, and name unit levels in its words."""
        choices = {"kind": [(kind.value, PLAN_KIND_NAMES[kind]) for kind in words.plan_kinds],
                   "level": [(level.value, words.level_name(level)) for level in UnitLevel]}
        for field in FIELDS[self.kind]:
            box = self.inputs[field.name]
            if field.kind in (PlanKind, UnitLevel) and isinstance(box, QComboBox):
                fill_choices(box, choices[field.name])

    def set_values(self, values: dict[str, Any]) -> None:
        for name, widget in self.inputs.items():
            value = values.get(name)
            if isinstance(widget, QComboBox):
                wanted = value.value if isinstance(value, StrEnum) else value
                if name == "kind" and wanted and widget.findData(wanted) < 0:  # a kind another country keeps
                    widget.addItem(PLAN_KIND_NAMES.get(PlanKind(wanted), str(wanted)), wanted)
                select_choice(widget, value)
            elif isinstance(widget, QSpinBox):
                widget.setValue(int(value or widget.minimum()))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QLineEdit):
                widget.setText(plain_number(value) if isinstance(value, float) else value or "")
        self.form.messages.clear()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field in FIELDS[self.kind]:
            widget = self.inputs[field.name]
            if isinstance(widget, QComboBox):
                values[field.name] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                values[field.name] = widget.value()
            elif isinstance(widget, QCheckBox):
                values[field.name] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                values[field.name] = widget.toPlainText().strip() or None
            elif isinstance(widget, QLineEdit) and field.kind == "number":
                values[field.name] = read_number(widget.text())
            elif isinstance(widget, QLineEdit):
                values[field.name] = widget.text().strip() or None
        return values

    def set_editable(self, editable: bool) -> None:
        for widget in self.inputs.values():
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QSpinBox)):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable)
