"""Print… and Save as… for one report request, shared by the Reports screen and the screens
that show the thing itself (agreement, assessment, register, head office).

The document is made in the background through Operations; the print dialog, the
pages sent to the printer and every message stay on the GUI thread. Whatever goes
wrong (a folder that cannot be written, a full disk, a file open in Excel, a
printer that fails) ends in one clear sentence through ``said`` and no half file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QProgressDialog, QWidget

from pmsdesk.importers import WorkbookError
from pmsdesk.reports.catalogue import PDF, report_kind
from pmsdesk.reports.errors import ReportError
from pmsdesk.reports.files import write_error_message, written_atomically
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.user_settings import user_key

from ..translation import translated
from . import work
from .printing import PrintCancelled, PrintFailed, pdf_page_count, print_pdf, printer_name

REPORTS_FOLDER_KEY = "reports/folder"
FILTERS = {PDF: QT_TR_NOOP("PDF documents (*.pdf)"), "xlsx": QT_TR_NOOP("Excel workbooks (*.xlsx)")}


def refusal_text(error: Exception) -> str | None:
    """The sentence for an error a person can act on; None for a bug."""
    if isinstance(error, (ReportError, ServiceError, WorkbookError, PrintFailed)):
        return str(error)
    return None


class ReportActions(QObject):
    """Makes, saves and prints documents for one screen; ``said(text, is_error)`` tells the outcome."""

    said = Signal(str, bool)

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._parent = parent
        self.printer: QPrinter | None = None

    # -- saving -------------------------------------------------------------------------------------
    def ask_where_to_save(self, request: ReportRequest, suggested_name: str) -> str | None:
        kind = report_kind(request.kind)
        return self._ask_where(translated(kind.title), suggested_name, kind.output, kind.suffix)

    def _ask_where(self, title: str, suggested_name: str, output: str, suffix: str) -> str | None:
        """The file chosen in the save dialog (opened in the folder used last), with its suffix; None: cancelled."""
        settings, key = QSettings(), user_key(self._actor.username, REPORTS_FOLDER_KEY)
        folder = Path(str(settings.value(key, str(Path.home()))))
        out, _ = QFileDialog.getSaveFileName(self._parent, self.tr("Save {0}").format(title), str(folder / suggested_name),
                                             translated(FILTERS[output]))
        if not out:
            return None
        if not out.lower().endswith(suffix):
            out += suffix
        settings.setValue(key, str(Path(out).parent))
        return out

    def save_pdf(self, title: str, data: bytes, suggested_name: str) -> None:
        """A PDF made outside the report catalogue (a package's cover sheet): ask where, write it whole."""
        out = self._ask_where(title, suggested_name, PDF, ".pdf")
        if out is None:
            return
        try:
            with written_atomically(out) as temporary:
                temporary.write_bytes(data)
        except OSError as error:
            self._failed(error, out)
            return
        self.said.emit(self.tr("Saved {0} in {1}.").format(Path(out).name, Path(out).parent), False)

    def save(self, request: ReportRequest, suggested_name: str, organisation_id: str | None = None) -> None:
        """Ask where, then write the PDF or workbook there in the background.

        ``organisation_id`` names the organisation for screens that do not know its code.
        """
        out = self.ask_where_to_save(request, suggested_name)
        if out is not None:
            self.save_to(request, out, organisation_id)

    def save_to(self, request: ReportRequest, out: str, organisation_id: str | None = None) -> None:
        actor, kind = self._actor, report_kind(request.kind)

        def make(context):
            return work.save(context.session, actor, work.for_organisation(context.session, request, organisation_id),
                             out)

        def saved(result) -> None:
            pages = self.tr(
                    ", {0} page(s)").format(result.pages) if kind.output == PDF else self.tr(", {0} KPIs").format(result.kpis)
            state = self.tr(" Draft: {0}.").format(result.draft_reason) if getattr(result, "draft_reason", None) else ""
            fingerprint = self.tr(" Fingerprint {0}.").format(result.fingerprint) if kind.output == PDF else ""
            self.said.emit(self.tr(
                    "Saved {0} in {1}{2}.{3}{4}").format(Path(out).name, Path(out).parent, pages, fingerprint, state), False)

        self._operations.run(make, saved,
                             lambda error: self._failed(error, out), label=self.tr(
                                     "Making the {0}…").format(translated(kind.title)),
                             cancellable=True)

    # -- printing -----------------------------------------------------------------------------------
    def print_(self, request: ReportRequest, organisation_id: str | None = None) -> None:
        """The system's print dialog; when accepted, the document is issued and its pages sent."""
        kind = report_kind(request.kind)
        printer = self.ask_printer(translated(kind.title))
        if printer is None:
            return
        actor = self._actor
        self._operations.run(lambda context: work.issue_for_printing(
                                 context.session, actor, work.for_organisation(context.session, request, organisation_id)),
                             lambda found: self.send(found[0].title, found[1], printer, found[0].fingerprint),
                             lambda error: self._failed(error, printer.outputFileName() or None),
                             label=self.tr("Preparing the {0} for printing…").format(translated(kind.title)), cancellable=True)

    def ask_printer(self, title: str) -> QPrinter | None:
        """The printer chosen in the system's print dialog, or None when it was cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Print {0}").format(title))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        self.printer = printer
        return printer

    def send(self, title: str, data: bytes, printer: QPrinter, fingerprint: str | None = None) -> None:
        """Send the PDF ``data`` page by page, with progress and Cancel; ``said`` tells how it went."""
        progress = QProgressDialog(self.tr("Sending {0} to {1}…").format(title, printer_name(printer)), self.tr("Cancel"), 0,
                                   pdf_page_count(data), self._parent)
        progress.setWindowTitle(self.tr("Printing"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def on_page(done: int, total: int) -> bool:
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            pages = print_pdf(data, printer, on_page)
        except PrintCancelled:
            self.said.emit(self.tr("Printing cancelled; pages already sent may still come out of the printer."), True)
            return
        except (PrintFailed, OSError) as error:
            self._failed(error, printer.outputFileName() or None)
            return
        finally:
            progress.reset()
            progress.deleteLater()
        registered = self.tr("; fingerprint {0}").format(fingerprint) if fingerprint else ""
        self.said.emit(self.tr(
                "Sent {0} page(s) of {1} to {2}{3}.").format(pages, title, printer_name(printer), registered), False)

    def _failed(self, error: Exception, out: str | None) -> None:
        if isinstance(error, OSError) and out:
            self.said.emit(write_error_message(out, error), True)
            return
        text = refusal_text(error)
        if text is None:
            raise error
        self.said.emit(text[:1].upper() + text[1:], True)
