"""Bringing a filled-in actuals template back: checked first, every problem listed with its
row and column, saved only when all rows are fine and the person agrees."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pmsdesk.importers.actuals import ActualsReport
from pmsdesk.importers.problems import WARNING
from pmsdesk.services.actor import Actor
from pmsdesk.ui.importing.work import ERROR, WARNING_KIND, ProblemRow
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.user_settings import user_key
from pmsdesk.wording import count_of

from . import work
from .actions import REPORTS_FOLDER_KEY, refusal_text


def problem_rows(report: ActualsReport) -> tuple[ProblemRow, ...]:
    return tuple(ProblemRow(WARNING_KIND if p.severity == WARNING else ERROR, p.sheet, p.row, p.column, p.message)
                 for p in report.problems)


def summary(report: ActualsReport) -> str:
    where = f"{Path(report.file).name} ({report.organisation} {report.year} {report.period})"
    counts = QCoreApplication.translate("reports.actuals_import",
            "{0} unchanged, {1} left empty").format(report.unchanged, report.empty)
    if report.problems:
        return (QCoreApplication.translate("reports.actuals_import",
                "{0}: nothing saved: {1} listed below. Fix them in "
                "the workbook and import it again.").format(where, count_of(len(report.problems), 'problem')))
    if report.written:
        return QCoreApplication.translate("reports.actuals_import",
                "{0}: saved {1}; {2}.").format(where, count_of(len(report.saved), 'actual'), counts)
    return QCoreApplication.translate("reports.actuals_import",
            "{0}: {1} ready to save; {2}.").format(where, count_of(len(report.saved), 'actual'), counts)


class ActualsImport(QObject):
    """Asks for the file, checks it, lists the problems (``checked``) or asks to save (``said``)."""

    checked = Signal(object)  # tuple[ProblemRow, ...]
    said = Signal(str, bool)

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._parent = parent

    def choose_and_check(self) -> None:
        settings, key = QSettings(), user_key(self._actor.username, REPORTS_FOLDER_KEY)
        path, _ = QFileDialog.getOpenFileName(self._parent, self.tr("Import a filled-in actuals template"),
                                              str(settings.value(key, str(Path.home()))),
                                              self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.check(path)

    def check(self, path: str) -> None:
        """A dry run first: nothing is saved until every row is fine and the person says so."""
        actor = self._actor
        self._operations.run(lambda context: work.import_filled_template(context.session, actor, path, dry_run=True),
                             lambda report: self._checked(report, path), self._failed,
                             label=self.tr("Checking {0}…").format(Path(path).name))

    def _checked(self, report: ActualsReport, path: str) -> None:
        rows = problem_rows(report)
        self.checked.emit(rows)
        self.said.emit(summary(report), bool(rows))
        if rows or not report.saved:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Save the actuals?"),
                          self.tr(
                                  "Save {0} from {1} for {2}?").format(count_of(len(report.saved), 'actual'),
                                  Path(path).name,
                                  report.period), parent=self._parent)
        box.setInformativeText(self.tr("They are saved as drafts; submitted, verified and approved values are not touched."))
        save = box.addButton(self.tr("Save the actuals"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is save:
            actor = self._actor
            self._operations.run(
                lambda context: work.import_filled_template(context.session, actor, path, dry_run=False),
                self._saved, self._failed, label=self.tr("Saving the actuals from {0}…").format(Path(path).name))

    def _saved(self, report: ActualsReport) -> None:
        rows = problem_rows(report)
        self.checked.emit(rows)
        self.said.emit(summary(report), bool(rows))

    def _failed(self, error: Exception) -> None:
        text = refusal_text(error)
        if text is None and isinstance(error, OSError):
            text = self.tr(
                    "Cannot read {0}: {1}.").format(getattr(error, 'filename', None) or self.tr('the file'),
                    error.strerror or error)
        if text is None:
            raise error
        self.checked.emit(())
        self.said.emit(text, True)
