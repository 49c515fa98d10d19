"""The in-window preview shows PDF pages and pictures, and says so when it cannot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from pmsdesk.ui.widgets.document_preview import DocumentPreview

SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"


def _png(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def _preview(qtbot) -> DocumentPreview:
    preview = DocumentPreview()
    qtbot.addWidget(preview)
    preview.resize(500, 600)
    preview.show()
    return preview


def test_a_pdf_shows_its_first_page_and_pages_forward(qtbot):
    preview = _preview(qtbot)
    preview.show_pdf((SAMPLES / "quarterly.pdf").read_bytes())

    pixmap = preview.page.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 300
    assert pixmap.height() > 200  # a whole page, not a blank strip
    assert preview.page_count > 1
    assert preview.page_label.text() == f"Page 1 of {preview.page_count}"
    first = pixmap.toImage()

    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.page_index == 1
    assert preview.page_label.text() == f"Page 2 of {preview.page_count}"
    assert preview.page.pixmap().toImage() != first
    assert not preview.previous_button.isHidden() and preview.previous_button.isEnabled()


def test_a_rendered_page_has_ink_on_it(qtbot):
    preview = _preview(qtbot)
    preview.show_pdf((SAMPLES / "agreement.pdf").read_bytes())
    image = preview.page.pixmap().toImage()
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
               if QColor(image.pixel(x, y)).lightness() < 128)
    assert dark > 50


def test_a_picture_is_shown_no_larger_than_the_view(qtbot):
    preview = _preview(qtbot)
    preview.show_image(_png(2000, 1000, "#2a7"))
    pixmap = preview.page.pixmap()
    assert 0 < pixmap.width() <= 500
    assert preview.previous_button.isHidden() and preview.page_label.isHidden()
    assert "2000 × 1000" in preview.page.accessibleDescription()


def test_damaged_files_say_what_is_wrong(qtbot):
    preview = _preview(qtbot)
    preview.show_pdf(b"%PDF-1.7\nthis is not really a pdf")
    assert "cannot be shown" in preview.page.text()
    assert preview.page_count == 0

    preview.show_image(b"\x89PNG broken")
    assert "image cannot be shown" in preview.page.text()


def test_show_file_chooses_by_content_not_by_name(qtbot):
    preview = _preview(qtbot)
    preview.show_file("scan.jpg", (SAMPLES / "agreement.pdf").read_bytes())
    assert not preview.page.pixmap().isNull()

    preview.show_file("minutes.docx", b"PK\x03\x04 not previewable")
    assert preview.page.text() == "No preview for minutes.docx. Use Open to view it in its own program."

    preview.clear()
    assert preview.page.text() == "Nothing to preview." and preview.page_count == 0
