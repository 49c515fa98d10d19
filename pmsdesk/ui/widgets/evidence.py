"""The evidence files of an actual: attach by dialog or drag-and-drop, preview the chosen one, open it outside.

The preview (a picture, or a PDF's pages) sits beside the list once the owner
hands the list its ``Operations`` with ``enable_preview``: the file's bytes are
read (and checked against their hash) off the GUI thread. Double-click, Enter
or "Open in viewer" still open the file in the system's own program.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
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
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.worklists import EvidenceSummary

from ..operations import Operations
from .document_preview import DocumentPreview
from .status import file_size

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole


class EvidenceList(QWidget):
    """Shows files; when ``editable`` it takes files dropped on it or chosen with "Attach file…"."""

    files_chosen = Signal(list)  # list[Path]
    open_requested = Signal(object)  # EvidenceSummary

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
        self.preview = DocumentPreview(self)
        self.preview.setAccessibleName(self.tr("Preview of the chosen evidence file"))
        self.preview.setMinimumWidth(160)
        self.preview.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.attach)
        files = QVBoxLayout()
        files.addWidget(self.list, 1)
        files.addWidget(self.hint)
        files.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(files, 2)
        layout.addWidget(self.preview, 3)  # a page needs more room than a file name
        self.attach.clicked.connect(self._choose_files)
        self.open_button.clicked.connect(self._open_current)
        self.list.itemActivated.connect(self._activated)
        self.list.currentItemChanged.connect(lambda current, _previous: self._preview(current))
        self.set_editable(False)

    def enable_preview(self, operations: Operations) -> None:
        """Show the chosen file beside the list, its bytes read through ``operations``."""
        self._operations = operations
        self.preview.show()
        self._preview(self.list.currentItem())

    def set_files(self, files: tuple[EvidenceSummary, ...]) -> None:
        self.list.clear()
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
        self._update_hint()

    def names(self) -> list[str]:
        return [self.list.item(row).data(EVIDENCE_ID_ROLE).original_name for row in range(self.list.count())]

    def _update_hint(self) -> None:
        self.open_button.setEnabled(self.list.currentItem() is not None)
        if self._editable:
            self.hint.setText(self.tr("Drop files here or attach them. Double-click a file to open it."))
        elif self.list.count() == 0:
            self.hint.setText(self.tr("No evidence attached."))
        else:
            self.hint.setText(self.tr("Double-click a file to open it."))

    def _preview(self, item: QListWidgetItem | None) -> None:
        self.open_button.setEnabled(item is not None)
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


def open_evidence(operations: Operations, summary: EvidenceSummary, on_failure) -> None:
    """Read the file's checked bytes, write them to a private temporary folder and open the system viewer."""

    def read(context) -> Path:
        data = evidence.read_evidence(context.session, summary.id)
        folder = Path(tempfile.gettempdir()) / "pmsdesk-evidence" / summary.id
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(summary.original_name).name
        path.write_bytes(data)
        return path

    operations.run(read, lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))), on_failure,
                   label=QCoreApplication.translate("widgets.evidence", "Opening {0}…").format(summary.original_name))
