"""Exchanging the staff list with Excel from the People screen: the template out, a filled-in list back."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.ui.operations import Operations


class StaffFiles(QObject):
    """Runs the export and the import off the GUI thread and says how it went; ``imported`` after a good import."""

    imported = Signal()

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._parent = parent
        #: The last import's refusal, one problem a line (for tests and the details box).
        self.last_problems: list[str] = []

    def export(self, organisation_id: str | None, path: str | None = None) -> None:
        if organisation_id is None:
            return
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self._parent, self.tr("Export the staff list"),
                                                        "staff-list.xlsx", self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return

        def work(context) -> int:
            from pmsdesk.reports.excel.staff_template import export_staff_template

            return export_staff_template(context.session, organisation_id, path)

        self._operations.run(work, lambda count: QMessageBox.information(
            self._parent, self.tr("Staff list exported"),
            self.tr("{0} lists {1} official(s). Add or correct rows and import it again.").format(path, count)),
            self._failed, label=self.tr("Exporting the staff list…"))

    def import_list(self, organisation_id: str | None, path: str | None = None) -> None:
        if organisation_id is None:
            return
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self._parent, self.tr("Import a staff list"), "",
                                                        self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        actor = self._actor

        def work(context):
            from pmsdesk.importers.staff import import_staff_list

            return import_staff_list(context.session, actor, organisation_id, path)

        self._operations.run(work, self._done, self._failed, label=self.tr("Importing the staff list…"))

    def _done(self, result) -> None:
        self.last_problems = []
        self.imported.emit()
        QMessageBox.information(self._parent, self.tr("Staff list imported"),
                                self.tr("{0} official(s) added, {1} updated.").format(result.added, result.updated))

    def _failed(self, error: Exception) -> None:
        from pmsdesk.importers.problems import WorkbookError
        from pmsdesk.importers.staff import StaffListRefused

        if isinstance(error, StaffListRefused):
            self.last_problems = [str(problem) for problem in error.problems]
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Staff list not imported"),
                              self.tr("Nothing was imported: the list has {0} problem(s). Correct them in the "
                                      "workbook and import it again.\n\n{1}").format(
                                  len(error.problems), "\n".join(self.last_problems[:12])), parent=self._parent)
            box.setDetailedText("\n".join(self.last_problems))
            box.open()
            return
        if not isinstance(error, (ServiceError, WorkbookError, OSError)):
            raise error
        self.last_problems = [str(error)]
        QMessageBox.warning(self._parent, self.tr("Staff list"), str(error))
