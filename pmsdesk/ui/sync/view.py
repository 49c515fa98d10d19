"""The sync screen: export a package for another office, verify and import theirs (trusting a new
sender after comparing its fingerprint), decide conflicts, and manage the trusted keys."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QMessageBox, QWidget

from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.wording import count_of

from ..translation import translated
from ..widgets.refusals import RefusalsModel, RefusalsTable
from . import work
from .confirm_dialog import ConfirmDialog
from .conflicts_panel import ConflictsPanel
from .cover_sheet import CoverSheetDialog
from .keys_panel import TrustedKeysPanel
from .layout import CONFLICTS_TAB, REFUSED_TAB, Ui_SyncView
from .work import CoverSheet, NextPackage, PackageResult, SenderKey, SyncState

PACKAGE_FILTER = QT_TR_NOOP("pmsdesk packages (*.pmspkg);;All files (*)")
REFUSED_COLOUR = QColor("#a4262c")
RESULT_ROLE = Qt.ItemDataRole.UserRole


class SyncView(QWidget):
    """For administrators and PMS officers; the services check permissions again."""

    title = QT_TR_NOOP("Sync")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._office: str | None = None
        #: Where the last package was saved (a USB stick, a shared folder): the next one is suggested there.
        self._folder = str(Path.home())
        self.trust_dialog: ConfirmDialog | None = None
        self.cover_dialog: CoverSheetDialog | None = None
        #: Senders of the last import still to be asked about, after the one asked now.
        self._untrusted: list[SenderKey] = []
        self.conflicts = ConflictsPanel(operations, actor, self)
        self.keys = TrustedKeysPanel(operations, actor, self)
        self.refused_model = RefusalsModel(self)
        self.refused = RefusalsTable(self.refused_model, self.tr("Package imports refused here"), self)
        self.ui = Ui_SyncView()
        self.ui.setup_ui(self, self.conflicts, self.keys, self.refused)
        self.ui.export_button.clicked.connect(self.export_package)
        self.ui.import_button.clicked.connect(self.import_packages)
        self.ui.verify_button.clicked.connect(self.verify_package)
        self.ui.trust_button.clicked.connect(self.trust_selected_sender)
        self.ui.cover_button.clicked.connect(self.print_cover_sheet)
        self.ui.receiver.returnPressed.connect(self.export_package)
        self.ui.results.currentItemChanged.connect(self._update_buttons)
        self.conflicts.model.modelReset.connect(self._show_conflict_count)
        self._show_state(SyncState(None, None, None, ()))
        self._update_buttons()  # nothing to trust yet

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Sync is not about one year; opening the screen refreshes the office, its conflicts and keys."""
        self.reload()

    def reload(self) -> None:
        actor = self._actor
        self._operations.run(lambda context: work.load_state(context.session, actor), self._show_state,
                             self._show_failure, label=self.tr("Loading sync status…"))

    # -- actions ----------------------------------------------------------------
    def export_package(self) -> None:
        receiver = self.ui.receiver.text().strip().upper()
        if not receiver:
            self._add_result(PackageResult("", self.tr("Type the code of the office the package is for, then export."),
                                           refused=True))
            self.ui.receiver.setFocus()
            return
        full = self.ui.full.isChecked()
        self._operations.run(lambda context: work.package_plan(context.session, receiver, full),
                             self._save_package, self._show_failure, label=self.tr(
                                     "Preparing a package for {0}…").format(receiver))

    def _save_package(self, plan: NextPackage) -> None:
        """Ask where to save the package the plan describes; a receiver nobody here knows is asked about first."""
        receiver = plan.receiver
        if not plan.known and QMessageBox.question(
                self, self.tr("Unknown receiver"),
                self.tr(
                        "No office {0} is trusted here and none has exchanged packages with this office. "
                        "Check the code (head office's is on its cover sheet): a package for a code nobody "
                        "has is refused where it arrives.\n\nExport a package for {0} anyway?").format(receiver),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            self.ui.receiver.setFocus()
            return
        out, _ = QFileDialog.getSaveFileName(self, self.tr(
                "Export package {0} for {1}: {2}").format(plan.sequence, receiver, plan.reason),
                                             str(Path(self._folder) / plan.file_name), translated(PACKAGE_FILTER))
        if not out:
            return
        self._folder = str(Path(out).parent)  # the next package goes to the same stick or folder
        actor, full, carries = self._actor, self.ui.full.isChecked(), plan.reason
        self._operations.run(lambda context: work.export(context.session, actor, receiver, out, full, context.progress,
                                                         carries),
                             self._add_result, self._show_failure, label=self.tr(
                                     "Exporting a package for {0}…").format(receiver),
                             cancellable=True, on_cancelled=lambda: self._cancelled(self.tr("Export"), out))

    def import_packages(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import packages"), "", translated(PACKAGE_FILTER))
        if not paths:
            return
        actor = self._actor
        self._operations.run(lambda context: work.import_all(context.session, actor, paths, context.progress),
                             self._imported, self._show_failure,
                             label=self.tr("Importing {0}…").format(count_of(len(paths), 'package')), cancellable=True,
                             on_cancelled=lambda: self._cancelled(self.tr("Import"), ", ".join(Path(p).name for p in paths)))

    def verify_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Verify package"), "", translated(PACKAGE_FILTER))
        if not path:
            return
        self._operations.run(lambda context: work.verify(context.session, path),
                             lambda result: self._imported((result,)), self._show_failure,
                             label=self.tr("Verifying the package…"))

    def print_cover_sheet(self) -> None:
        """The chosen exported package's cover sheet, or one asked for; shown to preview, print or save."""
        item = self.ui.results.currentItem()
        result = item.data(RESULT_ROLE) if item is not None else None
        path = result.exported_to if result is not None else None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Print the cover sheet of a package"), self._folder,
                                                  PACKAGE_FILTER)
            if not path:
                return
        self._operations.run(lambda context: work.cover_sheet(context.session, path), self._show_cover_sheet,
                             self._show_failure, label=self.tr("Making the cover sheet…"))

    def _show_cover_sheet(self, sheet: CoverSheet) -> None:
        self.cover_dialog = CoverSheetDialog(self._operations, self._actor, sheet, self)
        self.cover_dialog.open()

    def trust_selected_sender(self) -> None:
        item = self.ui.results.currentItem()
        result = item.data(RESULT_ROLE) if item is not None else None
        if result is not None and result.sender is not None:
            self.ask_trust(result.sender)

    def ask_trust(self, sender: SenderKey) -> None:
        """Show the key's fingerprint; trusting needs the fingerprint typed from the cover sheet."""
        office, name = escape(sender.office), escape(Path(sender.path).name)
        who = self.tr("head office") if sender.head_office else "office"
        self.trust_dialog = ConfirmDialog(
            self.tr("Trust {0}?").format(sender.office),
            self.tr(
                    "<b>{0}</b> comes from {1} <b>{2}</b>, signed with a key this office does not "
                    "trust yet. Compare the key's fingerprint below with the one printed on the "
                    "package's cover sheet (or read out by {2} on the phone) and type the cover "
                    "sheet's fingerprint. If they differ, cancel: the package may not come from "
                    "{2}.").format(name, who, office)
            + (self.tr(" Trusted as head office, its packages may carry rule sets and other offices' records as they "
               "signed them.") if sender.head_office else ""),
            self.tr("Fingerprint on the &cover sheet:"), "fingerprint",
            self.tr("Trust {0} and import").format(sender.office), self,
            highlight=sender.fingerprint)
        self.trust_dialog.entry.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        dialog = self.trust_dialog
        dialog.confirmed.connect(lambda typed: self._trust(dialog, sender, typed))
        dialog.open()

    def _trust(self, dialog: ConfirmDialog, sender: SenderKey, typed: str) -> None:
        actor = self._actor
        self._operations.run(lambda context: work.trust_and_import(context.session, actor, sender, typed,
                                                                   context.progress),
                             lambda results: self._trusted(dialog, results), dialog.show_failure,
                             label=self.tr("Trusting {0} and importing…").format(sender.office))

    def _trusted(self, dialog: ConfirmDialog, results: tuple[PackageResult, ...]) -> None:
        """Trusted and imported; the next unknown sender of the same import is asked about in turn."""
        dialog.accept()
        self._imported(results, waiting=self._untrusted)

    # -- results ----------------------------------------------------------------
    def result_messages(self) -> list[str]:
        return [self.ui.results.item(row).text() for row in range(self.ui.results.count())]

    def _show_state(self, state: SyncState) -> None:
        self._office = state.office
        self.ui.office.setText(state.office or "—")
        if state.head_office and not self.ui.receiver.text():  # where this office's packages usually go
            self.ui.receiver.setText(state.head_office)
        self.ui.fingerprint.setText(state.fingerprint or "—")
        self.ui.setup_problem.setText(state.setup_problem or "")
        self.ui.setup_problem.setVisible(bool(state.setup_problem))
        self.conflicts.show_conflicts(state.conflicts)
        self.keys.show_keys(state.keys)
        self.refused_model.set_rows(state.refused)
        still = self.refused_model.still_refused()
        self.ui.tabs.setTabText(REFUSED_TAB, self.tr(
                "&Refused imports ({0} still refused)").format(still) if still else self.tr("&Refused imports"))

    def _show_conflict_count(self) -> None:
        waiting = self.conflicts.model.total_count()
        self.ui.tabs.setTabText(CONFLICTS_TAB, self.tr(
                "C&onflicts ({0})").format(waiting) if waiting else self.tr("C&onflicts"))

    def _imported(self, results: tuple[PackageResult, ...], waiting: list[SenderKey] | None = None) -> None:
        """List the results; the first sender still unknown is asked about (the others after it, one by one)."""
        for result in results:
            self._add_result(result)
        untrusted = [result.sender for result in results if result.sender is not None] + list(waiting or ())
        self._untrusted = untrusted[1:]
        if untrusted:
            self.ask_trust(untrusted[0])
        self.reload()

    def _add_result(self, result: PackageResult) -> None:
        item = QListWidgetItem(result.message)
        item.setToolTip(result.message)
        item.setData(RESULT_ROLE, result)
        if result.refused:
            item.setForeground(QBrush(REFUSED_COLOUR))
        self.ui.results.addItem(item)
        self.ui.results.setCurrentItem(item)
        self.ui.results.scrollToItem(item)

    def _cancelled(self, what: str, files: str) -> None:
        """Cancel was pressed: the package being written or applied was rolled back."""
        shown = Path(files).name if what == self.tr("Export") else files
        self._add_result(PackageResult("", self.tr("{0} cancelled ({1}): the package in progress was rolled back; "
                                                   "nothing of it was kept.").format(what, shown), refused=True))
        self.reload()

    def _show_failure(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        self._add_result(PackageResult("", str(error), refused=True))

    def _update_buttons(self, *_args) -> None:
        item = self.ui.results.currentItem()
        result = item.data(RESULT_ROLE) if item is not None else None
        self.ui.trust_button.setEnabled(result is not None and result.sender is not None)
