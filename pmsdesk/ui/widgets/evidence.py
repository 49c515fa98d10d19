"""The list of evidence files of an actual: attach by dialog or drag-and-drop, open by double-click."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
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
from pmsdesk.services.worklists import EvidenceSummary

from ..operations import Operations
from .status import file_size

EVIDENCE_ID_ROLE = Qt.ItemDataRole.UserRole


class EvidenceList(QWidget):
    """Shows files; when ``editable`` it takes files dropped on it or chosen with "Attach file…"."""

    files_chosen = Signal(list)  # list[Path]
    open_requested = Signal(object)  # EvidenceSummary

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Evidence files")
        self.list.setAlternatingRowColors(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.attach = QPushButton("&Attach file…", self)
        self.attach.setToolTip("Choose evidence files, or drag them from a folder onto the list")
        bar = QHBoxLayout()
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.attach)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(bar)
        self.attach.clicked.connect(self._choose_files)
        self.list.itemActivated.connect(self._activated)
        self.set_editable(False)

    def set_files(self, files: tuple[EvidenceSummary, ...]) -> None:
        self.list.clear()
        for summary in files:
            item = QListWidgetItem(f"{summary.original_name}   ({file_size(summary.size)})")
            item.setData(EVIDENCE_ID_ROLE, summary)
            item.setToolTip(f"Uploaded by {summary.uploaded_by or 'unknown'}; double-click to open")
            self.list.addItem(item)
        self._update_hint()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.setAcceptDrops(editable)
        self.attach.setVisible(editable)
        self._update_hint()

    def names(self) -> list[str]:
        return [self.list.item(row).data(EVIDENCE_ID_ROLE).original_name for row in range(self.list.count())]

    def _update_hint(self) -> None:
        if self._editable:
            self.hint.setText("Drop files here or attach them. Double-click a file to open it.")
        elif self.list.count() == 0:
            self.hint.setText("No evidence attached.")
        else:
            self.hint.setText("Double-click a file to open it.")

    def _choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "Attach evidence")
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
                   label=f"Opening {summary.original_name}…")
