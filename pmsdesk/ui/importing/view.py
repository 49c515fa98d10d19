"""The SDBIP import screen: choose a workbook and year, preview every problem, then import."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QTableWidgetItem, QWidget

from pmsdesk.importers import WorkbookError
from pmsdesk.importers.templates import template_names
from pmsdesk.importers.workbook import FILE_DIALOG_FILTER
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.vocabulary import vocabulary_for, with_article

from . import work
from .layout import COLUMN, MAPS_TO, NOTE, Ui_SdbipImportView, mapping_combo
from .problems_model import ProblemsModel
from .work import ColumnRow, ImportOutcome

WORKBOOK_FILTER = FILE_DIALOG_FILTER  # .xlsx, .xlsm, .xls, .ods, .csv
ERROR_STYLE = "color: #a4262c;"


class SdbipImportView(QWidget):
    """For PMS officers; Import is offered only after a preview of the same workbook and year."""

    title = QT_TR_NOOP("Import SDBIP")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.path: str | None = None
        self.previewed: ImportOutcome | None = None
        #: The columns of the last preview, and the user's corrections (heading → field key or 'ignore').
        self.column_rows: tuple[ColumnRow, ...] = ()
        self.corrections: dict[str, str] = {}
        self.model = ProblemsModel(self)
        self._words = vocabulary_for(self.tr("ZA"))  # the layout's own words, until an organisation is shown
        self.ui = Ui_SdbipImportView()
        self.ui.setup_ui(self, self.model)
        self.ui.choose.clicked.connect(self.choose_workbook)
        self.ui.preview.clicked.connect(self.run_preview)
        self.ui.import_button.clicked.connect(self.run_import)
        self.ui.year.textEdited.connect(self._forget_preview)
        self.ui.accept_valid_rows.toggled.connect(self._update_buttons)
        self.ui.update_existing.toggled.connect(self._forget_preview)
        self.ui.include_hidden.toggled.connect(self._forget_preview)
        self.ui.template.currentIndexChanged.connect(self._forget_preview)
        self.ui.save_template.clicked.connect(self.save_as_template)
        self._update_buttons()
        self.reload_templates()

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Suggest the year chosen in the main window; the user may type another."""
        words = vocabulary_for(year.country if year else None)
        if words is not self._words:
            self._words = words
            self.title = words.import_title
            self.ui.use_words(words)
        if year is not None and not self.ui.year.isModified():
            self.ui.year.setText(year.label)
            self._forget_preview()

    def choose_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr(
                "Choose {0} workbook").format(with_article(self._words.annual_plan)), "",
                                              WORKBOOK_FILTER)
        if path:
            self.path = path
            self.ui.workbook.setText(path)
            self.corrections.clear()
            self._show_columns(())
            self._forget_preview()

    def run_preview(self) -> None:
        self._run(dry_run=True, accept_valid_rows=False, label=self.tr("Checking the workbook…"))

    def run_import(self) -> None:
        accept = self.previewed is not None and bool(self.previewed.errors) and self.ui.accept_valid_rows.isChecked()
        self._run(dry_run=False, accept_valid_rows=accept, label=self.tr("Importing the KPIs…"))

    def _run(self, *, dry_run: bool, accept_valid_rows: bool, label: str) -> None:
        if self.path is None:
            return
        actor, path, year = self._actor, self.path, self.ui.year.text().strip()
        template, mapping = self.ui.template.currentData(), dict(self.corrections)
        update_existing, include_hidden = self.ui.update_existing.isChecked(), self.ui.include_hidden.isChecked()
        self._operations.run(
            lambda context: work.run_import(context.session, actor, path, year, dry_run=dry_run,
                                            accept_valid_rows=accept_valid_rows, template=template,
                                            mapping=mapping, update_existing=update_existing,
                                            include_hidden=include_hidden,
                                            progress=context.progress),
            self._show_outcome, self._show_failure, label=label, cancellable=True, on_cancelled=self._cancelled)

    def _cancelled(self) -> None:
        self.ui.summary.setText(self.tr("Cancelled: nothing was imported; the register is as it was."))
        self.ui.summary.setStyleSheet("")

    def _show_outcome(self, outcome: ImportOutcome) -> None:
        self.model.set_rows(outcome.problems)
        quarters = "; ".join(line for line in outcome.recovered if line.startswith("quarterly"))
        self.ui.summary.setText(outcome.summary() + (self.tr(
                "\nRead from the workbook: {0}.").format(quarters) if quarters else ""))
        self.ui.summary.setToolTip("\n".join(outcome.recovered))
        self.ui.summary.setStyleSheet("" if outcome.dry_run or outcome.written else ERROR_STYLE)
        self.previewed = outcome if outcome.dry_run else None
        if outcome.dry_run:
            self._show_columns(outcome.columns)
        if not outcome.dry_run and outcome.written:
            self.ui.accept_valid_rows.setChecked(False)
        self._update_buttons()

    def _show_failure(self, error: Exception) -> None:
        if not isinstance(error, (WorkbookError, ServiceError)):
            raise error
        self.previewed = None
        self.model.set_rows([])
        self.ui.summary.setText(self.tr("The workbook cannot be imported: {0}").format(error))
        self.ui.summary.setStyleSheet(ERROR_STYLE)
        self._update_buttons()

    def _forget_preview(self, *_args) -> None:
        if self.previewed is not None:
            self.previewed = None
            self.model.set_rows([])
            self.ui.summary.setText(self.tr("Preview the workbook again before importing."))
            self.ui.summary.setStyleSheet("")
        self._update_buttons()

    def _show_columns(self, rows: tuple[ColumnRow, ...]) -> None:
        """One line per workbook column, with a combo box to correct the field it maps to."""
        self.column_rows = rows
        table = self.ui.columns
        table.setRowCount(0)
        table.setRowCount(len(rows))
        several_sheets = len({row.sheet for row in rows}) > 1
        for index, row in enumerate(rows):
            label = QTableWidgetItem(f"{row.sheet}: {row.column}" if several_sheets else row.column)
            label.setToolTip(self.tr("Sheet {0}, column {1}").format(row.sheet, row.column))
            table.setItem(index, COLUMN, label)
            combo = mapping_combo(table, row.field)
            combo.currentIndexChanged.connect(lambda _index, heading=row.heading, combo=combo:
                                                self._correct(heading, combo.currentData()))
            table.setCellWidget(index, MAPS_TO, combo)
            table.setItem(index, NOTE, QTableWidgetItem(row.note))
        self._update_buttons()

    def _correct(self, heading: str, field: str) -> None:
        """Remember the correction and preview again (once this combo box's signal has returned)."""
        self.corrections[heading] = field
        QTimer.singleShot(0, self, self.run_preview)

    def mapping(self) -> dict[str, str]:
        """The columns' mapping as last previewed, with the user's corrections on top."""
        return {row.heading: row.field for row in self.column_rows if row.field} | self.corrections

    def reload_templates(self, select: str | None = None) -> None:
        self._operations.run(lambda context: template_names(context.session),
                             lambda names: self._show_templates(names, select), label=self.tr("Reading templates…"))

    def _show_templates(self, names: tuple[str, ...], select: str | None) -> None:
        combo = self.ui.template
        chosen = select or combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for name in names:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        combo.blockSignals(False)

    def save_as_template(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save mapping as template"), self.tr("Template name:"),
                                        text=self.ui.template.currentData() or "")
        if not ok or not name.strip():
            return
        actor, name, mapping = self._actor, name.strip(), self.mapping()
        self._operations.run(lambda context: work.save_mapping(context.session, actor, name, mapping),
                             self._template_saved, self._show_save_failure, label=self.tr("Saving the template…"))

    def _template_saved(self, name: str) -> None:
        self.ui.summary.setText(self.tr(
                "{0} The column mapping was saved as template '{1}'.").format(self.ui.summary.text(), name))
        self.reload_templates(select=name)

    def _show_save_failure(self, error: Exception) -> None:
        if not isinstance(error, (WorkbookError, ServiceError)):
            raise error
        self.ui.summary.setText(self.tr("The template was not saved: {0}").format(error))
        self.ui.summary.setStyleSheet(ERROR_STYLE)

    def _update_buttons(self, *_args) -> None:
        preview = self.previewed
        has_errors = preview is not None and preview.errors > 0
        self.ui.preview.setEnabled(self.path is not None)
        self.ui.save_template.setEnabled(bool(self.column_rows))
        self.ui.accept_valid_rows.setVisible(has_errors)
        self.ui.import_button.setEnabled(
            preview is not None and (not has_errors or self.ui.accept_valid_rows.isChecked()))
