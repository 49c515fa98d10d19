"""The SDBIP import screen: choose a workbook and year, preview every problem, then import."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

from pmsdesk.importers import WorkbookError
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations

from . import work
from .layout import Ui_SdbipImportView
from .problems_model import ProblemsModel
from .work import ImportOutcome

WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm);;All files (*)"
ERROR_STYLE = "color: #a4262c;"


class SdbipImportView(QWidget):
    """For PMS officers; Import is offered only after a preview of the same workbook and year."""

    title = "Import SDBIP"

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.path: str | None = None
        self.previewed: ImportOutcome | None = None
        self.model = ProblemsModel(self)
        self.ui = Ui_SdbipImportView()
        self.ui.setup_ui(self, self.model)
        self.ui.choose.clicked.connect(self.choose_workbook)
        self.ui.preview.clicked.connect(self.run_preview)
        self.ui.import_button.clicked.connect(self.run_import)
        self.ui.year.textEdited.connect(self._forget_preview)
        self.ui.accept_valid_rows.toggled.connect(self._update_buttons)
        self._update_buttons()

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Suggest the year chosen in the main window; the user may type another."""
        if year is not None and not self.ui.year.isModified():
            self.ui.year.setText(year.label)
            self._forget_preview()

    def choose_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose an SDBIP workbook", "", WORKBOOK_FILTER)
        if path:
            self.path = path
            self.ui.workbook.setText(path)
            self._forget_preview()

    def run_preview(self) -> None:
        self._run(dry_run=True, accept_valid_rows=False, label="Checking the workbook…")

    def run_import(self) -> None:
        accept = self.previewed is not None and bool(self.previewed.errors) and self.ui.accept_valid_rows.isChecked()
        self._run(dry_run=False, accept_valid_rows=accept, label="Importing the KPIs…")

    def _run(self, *, dry_run: bool, accept_valid_rows: bool, label: str) -> None:
        if self.path is None:
            return
        actor, path, year = self._actor, self.path, self.ui.year.text().strip()
        self._operations.run(
            lambda context: work.run_import(context.session, actor, path, year, dry_run=dry_run,
                                            accept_valid_rows=accept_valid_rows),
            self._show_outcome, self._show_failure, label=label)

    def _show_outcome(self, outcome: ImportOutcome) -> None:
        self.model.set_rows(outcome.problems)
        self.ui.summary.setText(outcome.summary())
        self.ui.summary.setStyleSheet("" if outcome.dry_run or outcome.written else ERROR_STYLE)
        self.previewed = outcome if outcome.dry_run else None
        if not outcome.dry_run and outcome.written:
            self.ui.accept_valid_rows.setChecked(False)
        self._update_buttons()

    def _show_failure(self, error: Exception) -> None:
        if not isinstance(error, (WorkbookError, ServiceError)):
            raise error
        self.previewed = None
        self.model.set_rows([])
        self.ui.summary.setText(f"The workbook cannot be imported: {error}")
        self.ui.summary.setStyleSheet(ERROR_STYLE)
        self._update_buttons()

    def _forget_preview(self, *_args) -> None:
        if self.previewed is not None:
            self.previewed = None
            self.model.set_rows([])
            self.ui.summary.setText("Preview the workbook again before importing.")
            self.ui.summary.setStyleSheet("")
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        preview = self.previewed
        has_errors = preview is not None and preview.errors > 0
        self.ui.preview.setEnabled(self.path is not None)
        self.ui.accept_valid_rows.setVisible(has_errors)
        self.ui.import_button.setEnabled(
            preview is not None and (not has_errors or self.ui.accept_valid_rows.isChecked()))
