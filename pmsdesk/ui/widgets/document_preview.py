"""A read-only preview of a PDF or an image, drawn inside the window.

Officials check evidence and agreements before they sign or verify; opening an
external viewer for every file breaks that flow, and some office laptops have
none. PDF pages are rasterised with pdfium (``pypdfium2``), one page at a time
at the width of the view, so a 60-page report costs no more than one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

#: Never render wider than this, however wide the window (memory per page stays small).
MAX_RENDER_WIDTH = 1600
#: Images are shown at most at their own size; small scans are not blown up.
MIN_RENDER_WIDTH = 200


@contextmanager
def _opened(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """A PDF opened for one render: nothing stays open between pages or after the widget goes."""
    document = pdfium.PdfDocument(data)
    try:
        yield document
    finally:
        document.close()


def page_image(page: pdfium.PdfPage, scale: float) -> QImage:
    """One PDF page drawn at ``scale`` pixels per point, as a QImage that owns its pixels."""
    bitmap = page.render(scale=scale, rev_byteorder=True)
    # Copy: the bitmap's buffer is freed with the bitmap.
    pixel_format = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
    return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, pixel_format).copy()


def looks_like_pdf(data: bytes) -> bool:
    """PDF files start with '%PDF' within their first bytes (some have junk before it)."""
    return b"%PDF" in data[:1024]


class DocumentPreview(QWidget):
    """Shows one page of a PDF (with page buttons) or an image, or a message when it cannot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf: bytes | None = None
        self._pdf_pages = 0
        self._image: QImage | None = None
        self.page_index = 0

        self.page_label = QLabel(self)
        self.page = QLabel(self)
        self.page.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page.setWordWrap(True)
        self.page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.page.setAccessibleName(self.tr("Preview"))
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.page)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.previous_button = QPushButton("◀", self)
        self.previous_button.setToolTip(self.tr("Previous page (Page Up)"))
        self.previous_button.setAccessibleName(self.tr("Previous page"))
        self.next_button = QPushButton("▶", self)
        self.next_button.setToolTip(self.tr("Next page (Page Down)"))
        self.next_button.setAccessibleName(self.tr("Next page"))
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.page_index - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.page_index + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self.scroll_area,
                  lambda: self.go_to_page(self.page_index - 1), context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self.scroll_area,
                  lambda: self.go_to_page(self.page_index + 1), context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        pages = QHBoxLayout()
        pages.setContentsMargins(0, 0, 0, 0)
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        pages.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(pages)
        self.clear()

    # -- what to show ---------------------------------------------------------------------------

    def show_pdf(self, data: bytes) -> None:
        """Show the first page of a PDF; a damaged file shows a message saying so."""
        self._forget()
        try:
            with _opened(data) as document:
                pages = len(document)
        except pdfium.PdfiumError as error:
            self.show_message(self.tr("This PDF cannot be shown: it is damaged or protected ({0}).").format(error))
            return
        if not pages:
            self.show_message(self.tr("This PDF cannot be shown: it has no pages."))
            return
        self._pdf, self._pdf_pages = data, pages
        self.go_to_page(0)

    def show_image(self, data: bytes) -> None:
        """Show a picture (PNG, JPEG, …); anything Qt cannot read shows a message."""
        self._forget()
        image = QImage.fromData(QByteArray(data))
        if image.isNull():
            self.show_message(self.tr("This image cannot be shown: the file is damaged or not a picture."))
            return
        self._image = image
        self._render()
        self._show_page_controls(False)

    def show_file(self, name: str, data: bytes) -> None:
        """Preview a file by its content: PDF, picture, or a message that there is no preview."""
        if looks_like_pdf(data):
            self.show_pdf(data)
        elif not QImage.fromData(QByteArray(data)).isNull():
            self.show_image(data)
        else:
            self._forget()
            self.show_message(self.tr("No preview for {0}. Use Open to view it in its own program.").format(name))

    def show_message(self, text: str) -> None:
        self._show_page_controls(False)
        self.page.setPixmap(QPixmap())
        self.page.setText(text)
        self.page.setAccessibleDescription(text)

    def clear(self) -> None:
        self._forget()
        self.show_message(self.tr("Nothing to preview."))

    # -- pages ----------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self._pdf_pages if self._pdf is not None else (1 if self._image is not None else 0)

    def go_to_page(self, index: int) -> None:
        if self._pdf is None or not 0 <= index < self._pdf_pages:
            return
        self.page_index = index
        self._render()
        self._show_page_controls(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._pdf is not None or self._image is not None:
            self._render()

    def _target_width(self) -> int:
        return max(MIN_RENDER_WIDTH, min(MAX_RENDER_WIDTH, self.scroll_area.viewport().width() - 4))

    def _render(self) -> None:
        width = self._target_width()
        if self._pdf is not None:
            image = self._render_pdf_page(self._pdf, width)
            description = self.tr("Page {0} of {1}").format(self.page_index + 1, self._pdf_pages)
        elif self._image is not None:
            image = self._image
            if image.width() > width:
                image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            description = self.tr("Picture, {0} × {1} pixels").format(self._image.width(), self._image.height())
        else:
            return
        self.page.setText("")
        self.page.setPixmap(QPixmap.fromImage(image))
        self.page.setAccessibleDescription(description)

    def _render_pdf_page(self, pdf: bytes, width: int) -> QImage:
        with _opened(pdf) as document:
            page = document[self.page_index]
            return page_image(page, width / page.get_width())

    def _show_page_controls(self, visible: bool) -> None:
        pages = self._pdf_pages if self._pdf is not None else 0
        for widget in (self.previous_button, self.next_button, self.page_label):
            widget.setVisible(visible and pages > 1)
        self.page_label.setText(self.tr("Page {0} of {1}").format(self.page_index + 1, pages))
        self.previous_button.setEnabled(self.page_index > 0)
        self.next_button.setEnabled(self.page_index < pages - 1)

    def _forget(self) -> None:
        self._pdf, self._pdf_pages = None, 0
        self._image = None
        self.page_index = 0
