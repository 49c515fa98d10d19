"""The sync screen: export a package for another office, import theirs, decide conflicts."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QWidget

from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.wording import count_of

from . import work
from .conflicts_model import ConflictsModel
from .layout import Ui_SyncView
from .work import ConflictRow, PackageResult, SyncState

PACKAGE_FILTER = "pmsdesk packages (*.pmspkg);;All files (*)"
REFUSED_COLOUR = QColor("#a4262c")


class SyncView(QWidget):
    """For administrators and PMS officers; the services check permissions again."""

    title = "Sync"

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._office: str | None = None
        self.model = ConflictsModel(self)
        self.ui = Ui_SyncView()
        self.ui.setup_ui(self, self.model)
        self.ui.export_button.clicked.connect(self.export_package)
        self.ui.import_button.clicked.connect(self.import_packages)
        self.ui.receiver.returnPressed.connect(self.export_package)
        self.ui.keep_local.clicked.connect(lambda: self.resolve_selected("local"))
        self.ui.keep_incoming.clicked.connect(lambda: self.resolve_selected("incoming"))
        self.ui.conflicts.selectionModel().selectionChanged.connect(self._update_buttons)
        self._show_state(SyncState(None, None, None, ()))

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Sync is not about one year; opening the screen refreshes the office and its conflicts."""
        self.reload()

    def reload(self) -> None:
        actor = self._actor
        self._operations.run(lambda context: work.load_state(context.session, actor), self._show_state,
                             self._show_failure, label="Loading sync status…")

    # -- actions ----------------------------------------------------------------
    def export_package(self) -> None:
        receiver = self.ui.receiver.text().strip().upper()
        if not receiver:
            self._add_result(PackageResult("", "Type the code of the office the package is for, then export.",
                                           refused=True))
            self.ui.receiver.setFocus()
            return
        suggested = f"{self._office or 'office'}-to-{receiver}.pmspkg"
        out, _ = QFileDialog.getSaveFileName(self, "Export package", suggested, PACKAGE_FILTER)
        if not out:
            return
        actor, full = self._actor, self.ui.full.isChecked()
        self._operations.run(lambda context: work.export(context.session, actor, receiver, out, full),
                             self._add_result, self._show_failure, label=f"Exporting a package for {receiver}…")

    def import_packages(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import packages", "", PACKAGE_FILTER)
        if not paths:
            return
        actor = self._actor
        self._operations.run(lambda context: work.import_all(context.session, actor, paths),
                             self._imported, self._show_failure,
                             label=f"Importing {count_of(len(paths), 'package')}…")

    def resolve_selected(self, choice: str) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            return
        actor = self._actor
        self._operations.run(lambda context: work.resolve(context.session, actor, conflict.id, choice),
                             self._show_conflicts, self._show_failure, label="Keeping the chosen version…")

    def selected_conflict(self) -> ConflictRow | None:
        rows = self.ui.conflicts.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # -- results ----------------------------------------------------------------
    def result_messages(self) -> list[str]:
        return [self.ui.results.item(row).text() for row in range(self.ui.results.count())]

    def _show_state(self, state: SyncState) -> None:
        self._office = state.office
        self.ui.office.setText(state.office or "—")
        self.ui.fingerprint.setText(state.fingerprint or "—")
        self.ui.setup_problem.setText(state.setup_problem or "")
        self.ui.setup_problem.setVisible(bool(state.setup_problem))
        self._show_conflicts(state.conflicts)

    def _show_conflicts(self, conflicts: tuple[ConflictRow, ...]) -> None:
        self.model.set_rows(conflicts)
        self.ui.conflict_count.setText(
            count_of(len(conflicts), "conflict") + " waiting for a decision" if conflicts else "No open conflicts.")
        self._update_buttons()

    def _imported(self, results: tuple[PackageResult, ...]) -> None:
        for result in results:
            self._add_result(result)
        self.reload()

    def _add_result(self, result: PackageResult) -> None:
        item = QListWidgetItem(result.message)
        item.setToolTip(result.message)
        if result.refused:
            item.setForeground(QBrush(REFUSED_COLOUR))
        self.ui.results.addItem(item)
        self.ui.results.scrollToItem(item)

    def _show_failure(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        self._add_result(PackageResult("", str(error), refused=True))

    def _update_buttons(self, *_args) -> None:
        chosen = self.selected_conflict() is not None
        self.ui.keep_local.setEnabled(chosen)
        self.ui.keep_incoming.setEnabled(chosen)
