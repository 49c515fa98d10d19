"""The evidence list previews the chosen file beside it: a picture, a PDF's first page, or why it cannot."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QDesktopServices, QImage
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from pmsdesk.models import Kpi
from pmsdesk.services import actuals, evidence, worklists, years
from pmsdesk.services.actor import Actor
from pmsdesk.ui.widgets.evidence import EvidenceList


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a7ab0"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def pdf_bytes(pages: int = 2) -> bytes:
    out = io.BytesIO()
    document = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        document.drawString(72, 760, f"Completion certificate, page {number}")
        document.showPage()
    document.save()
    return out.getvalue()


@pytest.fixture
def files_of(seeded_database, seeded):
    """Attach ``{name: bytes}`` to the Q2 actual of KPI 1 and return the evidence summaries, in order."""

    def files_of(files: dict[str, bytes]):
        actor = Actor.system()
        with seeded_database.session() as session:
            kpi_id = session.scalar(select(Kpi.id).where(Kpi.financial_year_id == seeded.year_id,
                                                         Kpi.reference == "KPI 1"))
            q2 = years.quarters(session, seeded.year_id)[1].id
            actual = actuals.save_actual(session, actor, kpi_id, q2, {"value": 280})
            for name, content in files.items():
                evidence.attach_evidence(session, actor, actual.id, name, content)
            return worklists.actual_detail(session, kpi_id, q2).evidence

    return files_of


@pytest.fixture
def evidence_list(qtbot, operations) -> EvidenceList:
    widget = EvidenceList()
    qtbot.addWidget(widget)
    widget.resize(640, 320)
    widget.show()
    widget.enable_preview(operations)
    return widget


def test_a_picture_is_shown_beside_the_list(evidence_list, files_of):
    evidence_list.set_files(files_of({"site photo.png": png_bytes()}))
    assert evidence_list.preview.isVisible()
    assert not evidence_list.preview.page.pixmap().isNull()
    assert evidence_list.preview.page.accessibleDescription() == "Picture, 40 × 30 pixels"


def test_a_pdf_shows_its_first_page_and_pages_on(qtbot, evidence_list, files_of):
    evidence_list.set_files(files_of({"certificate.pdf": pdf_bytes(pages=2)}))
    preview = evidence_list.preview
    assert preview.page.accessibleDescription() == "Page 1 of 2"
    assert preview.page.pixmap().width() > 100
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.page.accessibleDescription() == "Page 2 of 2"


def test_choosing_another_file_previews_it(evidence_list, files_of):
    evidence_list.set_files(files_of({"certificate.pdf": pdf_bytes(pages=1), "site photo.png": png_bytes()}))
    assert evidence_list.preview.page.accessibleDescription() == "Page 1 of 1"
    evidence_list.list.setCurrentRow(evidence_list.names().index("site photo.png"))
    assert evidence_list.preview.page.accessibleDescription().startswith("Picture")


def test_a_file_without_a_preview_says_so_and_still_opens_outside(evidence_list, files_of, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    evidence_list.open_requested.connect(lambda summary: opened.append(summary.original_name))
    evidence_list.set_files(files_of({"register.xlsx": b"PK\x03\x04 spreadsheet"}))
    assert evidence_list.preview.page.text() == "No preview for register.xlsx. Use Open to view it in its own program."
    evidence_list.open_button.click()
    assert opened == ["register.xlsx"]


def test_no_files_clear_the_preview(evidence_list, files_of):
    evidence_list.set_files(files_of({"site photo.png": png_bytes()}))
    evidence_list.set_files(())
    assert evidence_list.preview.page.pixmap().isNull()
    assert evidence_list.preview.page.text() == "Nothing to preview."
    assert not evidence_list.open_button.isEnabled()


def test_without_operations_there_is_no_preview(qtbot, files_of):
    widget = EvidenceList()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_files(files_of({"site photo.png": png_bytes()}))
    assert not widget.preview.isVisible() and widget.open_button.isEnabled()
