"""The evidence files of an actual: attach by dialog or drag-and-drop, preview the chosen one, open it outside.

The preview (a picture, or a PDF's pages) sits beside the list once the owner
hands the list its ``Operations`` with ``enable_preview``: the file's bytes are
read (and checked against their hash) off the GUI thread. "Larger preview…"
shows the same file in a window sized to the screen. Double-click, Enter or
"Open in viewer" open the file in the system's own program; when the computer
has no program for it, or the file cannot be read, the list says so under it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services import evidence
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.worklists import EvidenceSummary

from ..operations import Operations
from .document_preview import DocumentPreview
from .field_messages import message_label
from .sizing import resize_to_screen
from .status import file_size

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole


class EvidenceList(QWidget):
    """Shows files; when ``editable`` it takes files dropped on it or chosen with "Attach file…"."""

    files_chosen = Signal(list)  # list[Path]
    open_requested = Signal(object)  # EvidenceSummary
    remove_requested = Signal(object)  # EvidenceSummary; the owner asks and removes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations: Operations | None = None
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Evidence files"))
        self.list.setAlternatingRowColors(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.attach = QPushButton(self.tr("Attach &file…"), self)  # Alt+A is the Account menu, Alt+H Help
        self.attach.setToolTip(self.tr("Choose evidence files, or drag them from a folder onto the list"))
        self.open_button = QPushButton(self.tr("Open in vie&wer"), self)  # Alt+V verifies
        self.open_button.setToolTip(self.tr("Open the chosen file in the program the system uses for it"))
        self.remove = QPushButton(self.tr("Re&move…"), self)
        self.remove.setToolTip(self.tr("Take the chosen file off this actual (Delete); you are asked first"))
        self.larger = QPushButton(self.tr("&Larger preview…"), self)
        self.larger.setToolTip(self.tr("Show the chosen file in a window as large as the screen"))
        self.problem = message_label(self, self.tr("Problem with an evidence file"))
        self.preview = DocumentPreview(self)
        self.preview.setAccessibleName(self.tr("Preview of the chosen evidence file"))
        self.preview.setMinimumWidth(160)
        self.preview.hide()
        # Few buttons to a row, so a narrow form (a 1024-pixel screen) never scrolls sideways.
        opening = QHBoxLayout()
        opening.addWidget(self.open_button)
        opening.addStretch(1)
        changes = QHBoxLayout()  # what changes the list, under it
        changes.addWidget(self.attach)
        changes.addWidget(self.remove)
        changes.addStretch(1)
        files = QVBoxLayout()
        files.addWidget(self.list, 1)
        files.addWidget(self.hint)
        files.addWidget(self.problem)
        files.addLayout(opening)
        files.addLayout(changes)
        viewing = QHBoxLayout()  # under the preview
        viewing.addWidget(self.larger)
        viewing.addStretch(1)
        shown = QVBoxLayout()
        shown.addWidget(self.preview, 1)
        shown.addLayout(viewing)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(files, 2)
        layout.addLayout(shown, 3)  # a page needs more room than a file name
        self.attach.clicked.connect(self._choose_files)
        self.open_button.clicked.connect(self._open_current)
        self.remove.clicked.connect(self._remove_current)
        self.larger.clicked.connect(self.show_larger)
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(self._activated)
        self.list.currentItemChanged.connect(lambda current, _previous: self._preview(current))
        self.set_editable(False)

    def enable_preview(self, operations: Operations) -> None:
        """Show the chosen file beside the list, its bytes read through ``operations``."""
        self._operations = operations
        self.preview.show()
        self._preview(self.list.currentItem())
        self._update_hint()

    def set_files(self, files: tuple[EvidenceSummary, ...]) -> None:
        self.list.clear()
        self.show_problem(None)
        for summary in files:
            item = QListWidgetItem(f"{summary.original_name}   ({file_size(summary.size)})")
            item.setData(EVIDENCE_ID_ROLE, summary)
            item.setToolTip(self.tr("Uploaded by {0}; double-click to open").format(summary.uploaded_by or 'unknown'))
            self.list.addItem(item)
        if files:
            self.list.setCurrentRow(0)
        else:
            self._preview(None)
        self._update_hint()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.setAcceptDrops(editable)
        self.attach.setVisible(editable)
        self.remove.setVisible(editable)
        self._update_hint()

    def names(self) -> list[str]:
        return [self.list.item(row).data(EVIDENCE_ID_ROLE).original_name for row in range(self.list.count())]

    def current(self) -> EvidenceSummary | None:
        item = self.list.currentItem()
        return None if item is None else item.data(EVIDENCE_ID_ROLE)

    def show_problem(self, text: str | None) -> None:
        """A sentence under the list about the file just opened or removed (None: hide it)."""
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def _update_hint(self) -> None:
        chosen = self.list.currentItem() is not None
        self.open_button.setEnabled(chosen)
        self.remove.setEnabled(chosen)
        self.larger.setEnabled(chosen and self._operations is not None)
        self.larger.setVisible(self._operations is not None)
        if self._editable:
            self.hint.setText(self.tr("Drop files here or attach them. Double-click a file to open it."))
        elif self.list.count() == 0:
            self.hint.setText(self.tr("No evidence attached."))
        else:
            self.hint.setText(self.tr("Double-click a file to open it."))

    def _preview(self, item: QListWidgetItem | None) -> None:
        self._update_hint()
        if self._operations is None:
            return
        if item is None:
            self.preview.clear()
            return
        summary: EvidenceSummary = item.data(EVIDENCE_ID_ROLE)
        self.preview.show_message(self.tr("Loading {0}…").format(summary.original_name))
        self._operations.run(lambda context: evidence.read_evidence(context.session, summary.id),
                             lambda data: self._show_preview(summary, data),
                             lambda error: self._preview_failed(summary, error),
                             label=self.tr("Reading {0}…").format(summary.original_name))

    def _is_current(self, summary: EvidenceSummary) -> bool:
        """Whether ``summary`` is still the chosen file (a slow read may finish after another click)."""
        item = self.list.currentItem()
        return item is not None and item.data(EVIDENCE_ID_ROLE).id == summary.id

    def _show_preview(self, summary: EvidenceSummary, data: bytes) -> None:
        if self._is_current(summary):
            self.preview.show_file(summary.original_name, data)

    def _preview_failed(self, summary: EvidenceSummary, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        if self._is_current(summary):
            self.preview.show_message(self.tr("{0} cannot be shown: {1}").format(summary.original_name, error))

    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activated(item)

    def _remove_current(self) -> None:
        summary = self.current()
        if summary is not None and self._editable:
            self.remove_requested.emit(summary)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.list and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Delete and self._editable and self.current() is not None):
            self._remove_current()
            return True
        return super().eventFilter(watched, event)

    def show_larger(self) -> EvidencePreviewDialog | None:
        """The chosen file in a window sized to the screen (the preview beside the list is narrow)."""
        summary = self.current()
        if summary is None or self._operations is None:
            return None
        dialog = EvidencePreviewDialog(summary, self)
        self._operations.run(lambda context: evidence.read_evidence(context.session, summary.id),
                             lambda data: dialog.preview.show_file(summary.original_name, data),
                             lambda error: dialog.preview.show_message(
                                 self.tr("{0} cannot be shown: {1}").format(summary.original_name, problem_words(error))),
                             label=self.tr("Reading {0}…").format(summary.original_name))
        dialog.open()
        return dialog

    def _choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, self.tr("Attach evidence"))
        if names:
            self.files_chosen.emit([Path(name) for name in names])

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(EVIDENCE_ID_ROLE))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._editable and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_chosen.emit(paths)


class EvidencePreviewDialog(QDialog):
    """One evidence file previewed as large as the screen allows, pages turned with Page Up / Page Down."""

    def __init__(self, summary: EvidenceSummary, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Evidence: {0}").format(summary.original_name))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = DocumentPreview(self)
        self.preview.setAccessibleName(self.tr("Preview of {0}").format(summary.original_name))
        self.preview.show_message(self.tr("Loading {0}…").format(summary.original_name))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        resize_to_screen(self, QSize(900, 1000))


def problem_words(error: Exception) -> str:
    """A service's refusal as a sentence (without the field names a ValidationError carries)."""
    if isinstance(error, ValidationError):
        return "; ".join(error.problems.values())
    if isinstance(error, ServiceError):
        return str(error)
    raise error


def open_evidence(operations: Operations, summary: EvidenceSummary, on_problem: Callable[[str], None]) -> None:
    """Read the file's checked bytes, write them to a private temporary folder and open the system viewer.

    ``on_problem`` gets a sentence when the file cannot be read or written, or when
    the computer has no program that opens it (Qt then reports failure and nothing
    else would tell the user).
    """
    name = summary.original_name

    def read(context) -> Path:
        data = evidence.read_evidence(context.session, summary.id)
        folder = Path(tempfile.gettempdir()) / "pmsdesk-evidence" / summary.id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(summary.original_name).name
        path.write_bytes(data)
        return path

    def opened(path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            suffix = path.suffix.upper().lstrip('.')
            kind = QCoreApplication.translate("widgets.evidence", "{0} files").format(suffix) if suffix \
                else QCoreApplication.translate("widgets.evidence", "this kind of file")
            on_problem(QCoreApplication.translate("widgets.evidence",
                    "This computer has no program that opens {0}, so {1} could not be opened. It is "
                    "saved at {2}; pictures and PDFs show in the preview.").format(kind, name, path))

    def failed(error: Exception) -> None:
        if isinstance(error, OSError):
            on_problem(QCoreApplication.translate("widgets.evidence",
                    "{0} could not be opened: it cannot be written to {1} ({2}).").format(name, error.filename, error.strerror))
        else:
            on_problem(QCoreApplication.translate("widgets.evidence",
                    "{0} could not be opened: {1}.").format(name, problem_words(error)))

    operations.run(read, opened, failed, label=QCoreApplication.translate("widgets.evidence", "Opening {0}…").format(name))
