"""Creating or editing one KPI with its quarterly targets, saved together or not at all."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from pmsdesk.models import MeasureType
from pmsdesk.models.kpi_texts import KPI_TEXT_KEYS
from pmsdesk.services import framework, kpis
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.framework import FrameworkChoices
from pmsdesk.services.kpis import SavedKpi
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.register.model import TOP_LAYER_COUNTRIES
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.sizing import resize_to_screen
from pmsdesk.vocabulary import vocabulary_for

from .form_fields import fill_choices, select_choice
from .layout import CHOICE_FIELDS, LINE_FIELDS, LINK_FIELDS, TEXT_FIELDS, KpiEditorLayout
from .typed_values import DAY, NUMBER, WORDS, read_number, read_typed, shown, slot_of

NUMBER_FIELDS = ("weight", "budget")
#: Where each measure keeps its annual target and baseline.
ANNUAL_TARGET_KEYS = {NUMBER: "annual_target", DAY: "annual_target_date", WORDS: "annual_target_text"}
TARGETS_PREFIX = "targets."
BLANK_LINKS = {"kpa_id": QT_TR_NOOP("(no KPA)"), "strategic_objective_id": QT_TR_NOOP(
        "(no objective)"), "programme_id": QT_TR_NOOP("(no programme)"),
               "responsible_unit_id": QT_TR_NOOP("(no unit)"), "responsible_person_id": QT_TR_NOOP("(nobody named)")}


#: Two columns of fields side by side; smaller screens get a smaller dialog that scrolls down.
PREFERRED_SIZE = QSize(1180, 700)


class KpiEditorDialog(QDialog):
    """Opens empty for a new KPI (``kpi_id`` None) or filled from the database; Esc asks before dropping edits."""

    saved = Signal(str)  # the KPI's id, after a save

    def __init__(self, operations: Operations, actor: Actor, year: FinancialYearSummary, kpi_id: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._year = year
        self._kpi: SavedKpi | None = None
        self._initial: tuple[dict[str, Any], dict[str, dict[str, Any]]] | None = None
        self.setWindowTitle(self.tr("New KPI") if kpi_id is None else self.tr("Edit KPI"))
        resize_to_screen(self, PREFERRED_SIZE)
        self.ui = KpiEditorLayout()
        self.ui.setup(self)
        self._words = vocabulary_for(year.country)
        self.ui.use_words(self._words)
        self.ui.top_layer.setVisible(self._words.country in TOP_LAYER_COUNTRIES)
        self.ui.save.clicked.connect(lambda: self.save())
        self.ui.cancel.clicked.connect(self.reject)
        self.ui.choices["measure_type"].currentIndexChanged.connect(lambda _index: self._measure_changed())
        self._set_loaded(False)

        def work(context) -> tuple[SavedKpi, FrameworkChoices]:
            return (kpis.kpi_for_editing(context.session, year.id, kpi_id),
                    framework.framework_choices(context.session, year.organisation_id))

        operations.run(work, self._show, self._failed, label=self.tr("Opening the KPI…"))

    # -- showing ------------------------------------------------------------
    def _show(self, loaded: tuple[SavedKpi, FrameworkChoices]) -> None:
        kpi, choices = loaded
        self._kpi = kpi
        for name in LINK_FIELDS:
            options = getattr(choices, {"kpa_id": "kpas", "strategic_objective_id": "objectives",
                                        "programme_id": "programmes", "responsible_unit_id": "units",
                                        "responsible_person_id": "people"}[name])
            blank = self.tr("(no {0})").format(self._words.kpa_word) if name == "kpa_id" else BLANK_LINKS[name]
            fill_choices(self.ui.links[name], options, blank=blank)
        values = {"is_active": True, **kpi.values}
        measure = MeasureType(values.get("measure_type") or MeasureType.NUMBER)
        for name in LINK_FIELDS + CHOICE_FIELDS:
            select_choice((self.ui.links | self.ui.choices)[name], values.get(name))
        for name in LINE_FIELDS:
            if name not in ("annual_target", "baseline"):
                self.ui.lines[name].setText(shown(values.get(name), MeasureType.NUMBER))
        self.ui.lines["annual_target"].setText(shown(_first(values, ANNUAL_TARGET_KEYS.values()), measure))
        self.ui.lines["baseline"].setText(shown(_first(values, ("baseline", "baseline_text")), measure))
        for name in TEXT_FIELDS:
            self.ui.texts[name].setPlainText(values.get(name) or "")
        self.ui.is_active.setChecked(bool(values["is_active"]))
        self.ui.top_layer.setChecked(bool(values.get("top_layer")))
        self.ui.targets.set_targets(kpi.periods, kpi.targets, measure)
        new = kpi.id is None
        self.ui.heading.setText(self.tr("<b>New KPI for {0}</b>").format(self._year.label) if new
                                else f"<b>{values['reference']}</b> — {self._year.label}")
        self.ui.reason_label.setVisible(not new)
        self.ui.reason.setVisible(not new)
        self._measure_changed()
        self._initial = (self.values(), self.targets())
        self._set_loaded(True)
        self.ui.lines["reference"].setFocus()

    def _set_loaded(self, loaded: bool) -> None:
        """Until the KPI is loaded only Cancel works (a failed load leaves its message and Cancel)."""
        self.ui.body.setEnabled(loaded)
        self.ui.save.setEnabled(loaded)

    def _measure_changed(self) -> None:
        measure = self._measure()
        self.ui.targets.set_measure(measure)
        hint = {NUMBER: "e.g. 1250", DAY: self.tr(
                "e.g. 31 Mar 2026"), WORDS: self.tr("what is to be achieved")}[slot_of(measure)]
        self.ui.lines["annual_target"].setPlaceholderText(self.tr("Yes or No") if measure is MeasureType.YES_NO else hint)

    def _measure(self) -> MeasureType:
        return MeasureType(self.ui.choices["measure_type"].currentData())

    # -- what was typed -------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The KPI's fields as ``save_kpi_with_targets`` takes them (numbers that cannot be read stay text)."""
        measure = self._measure()
        values: dict[str, Any] = {name: self.ui.lines[name].text().strip() or None
                                  for name in ("reference", "unit_of_measure", "budget_vote", "ward", *KPI_TEXT_KEYS)}
        values |= {name: read_number(self.ui.lines[name].text()) for name in NUMBER_FIELDS}
        values |= {name: self.ui.texts[name].toPlainText().strip() or None for name in TEXT_FIELDS}
        values |= {name: box.currentData() for name, box in (self.ui.links | self.ui.choices).items()}
        values["is_active"] = self.ui.is_active.isChecked()
        values["top_layer"] = self.ui.top_layer.isChecked() or None
        slot = slot_of(measure)
        values[ANNUAL_TARGET_KEYS[slot]] = read_typed(self.ui.lines["annual_target"].text(), measure)
        baseline = self.ui.lines["baseline"].text()
        if slot == NUMBER:
            values["baseline"] = read_typed(baseline, measure)
        else:  # a milestone's baseline is words, e.g. "SDF 2019"
            values["baseline_text"] = baseline.strip() or None
        return values

    def targets(self) -> dict[str, dict[str, Any]]:
        return self.ui.targets.targets()

    def unsaved_changes(self) -> str | None:
        """A one-line description of edits not saved yet, or None."""
        if self._initial is None or (self.values(), self.targets()) == self._initial:
            return None
        reference = self.ui.lines["reference"].text().strip() or self.tr("the new KPI")
        return self.tr("Unsaved changes to {0}").format(reference)

    # -- actions --------------------------------------------------------------
    def save(self, *, close: bool = True) -> None:
        """Write the KPI and its targets in one transaction; on success emit ``saved`` and close."""
        kpi = self._kpi
        if kpi is None or self._initial is None:
            return
        values, targets = self.values(), self.targets()
        if kpi.id is not None:  # only what changed: fields the form does not show are left alone
            initial_values, initial_targets = self._initial
            values = {key: value for key, value in values.items() if initial_values.get(key) != value}
            targets = {period: row for period, row in targets.items() if initial_targets.get(period) != row}
        reason = self.ui.reason.text().strip() or None
        actor, year_id = self._actor, self._year.id

        def work(context) -> str:
            return kpis.save_kpi_with_targets(context.session, actor, year_id, kpi.id, values, targets,
                                              reason=reason, expected_version=kpi.version).id

        self._clear_problems()
        self._operations.run(work, lambda kpi_id: self._saved(kpi_id, close), self._failed, label=self.tr("Saving the KPI…"))

    def _saved(self, kpi_id: str, close: bool) -> None:
        self._initial = (self.values(), self.targets())
        self.saved.emit(kpi_id)
        if close:
            self.accept()

    def reject(self) -> None:
        """Esc, Cancel or the window's close button: ask before unsaved edits are lost."""
        what = self.unsaved_changes()
        if what is None:
            super().reject()
            return
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, self.tr("Unsaved changes"), self.tr("{0}. Save them before closing?").format(what),
                                      buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Save:
            self.save()
        elif answer == buttons.Discard:
            super().reject()

    def _clear_problems(self) -> None:
        self.ui.form.messages.clear()
        self.ui.targets.show_problems({})

    def _failed(self, error: Exception) -> None:
        self._clear_problems()
        if isinstance(error, ValidationError):
            cells = {key.removeprefix(TARGETS_PREFIX).split(".")[0]: message
                     for key, message in error.problems.items() if key.startswith(TARGETS_PREFIX)}
            self.ui.form.messages.show_problems(
                {key: message for key, message in error.problems.items() if not key.startswith(TARGETS_PREFIX)})
            self.ui.targets.show_problems(cells)
            if cells:
                quarters = ", ".join(self.ui.targets.label_of(period) for period in cells)
                other = self.ui.form.messages.general.text()
                self.ui.form.messages.show_general(" ".join(filter(None, [other, self.tr(
                        "Check the target of {0}.").format(quarters)])))
        elif isinstance(error, ServiceError):
            self.ui.form.messages.show_general(str(error))
        else:
            raise error


def _first(values: dict[str, Any], keys) -> Any:
    return next((values[key] for key in keys if values.get(key) is not None), None)
