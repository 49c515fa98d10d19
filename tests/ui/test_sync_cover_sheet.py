"""Print cover sheet… on the Sync screen, and a PMS officer (not only an administrator) trusting an office."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from pmsdesk.models import AuditEvent, Role, SyncTrustedKey
from pmsdesk.services import users
from pmsdesk.services.actor import Actor
from pmsdesk.sync.keys import set_office_code
from pmsdesk.ui.reports.actions import ReportActions
from pmsdesk.ui.sync import SyncView

from .test_sync_screen import stranger  # noqa: F401 - fixture

OFFICER_PASSWORD = "Officer-password-1"


@pytest.fixture
def office(seeded_database, monkeypatch, tmp_path):
    monkeypatch.setenv("PMSDESK_KEYS_DIR", str(tmp_path / "keys"))
    with seeded_database.session() as session:
        set_office_code(session, Actor.system(), "ZA-T01")
        users.create_user(session, Actor.system(), {"username": "pms.officer", "full_name": "Naledi Dlamini"},
                          OFFICER_PASSWORD, [(Role.PMS_OFFICER, None)])
    return seeded_database


def sync_for(qtbot, database, operations, username: str, password: str) -> SyncView:
    with database.session() as session:
        actor = users.sign_in(session, username, password)
    view = SyncView(operations, actor)
    qtbot.addWidget(view)
    view.show_year(None)
    return view


def test_an_exported_package_s_cover_sheet_is_previewed_saved_and_printed(qtbot, office, operations, monkeypatch,
                                                                           tmp_path):
    view = sync_for(qtbot, office, operations, "pms.officer", OFFICER_PASSWORD)
    package = tmp_path / "ZA-T01-to-HEAD-OFFICE-0001.pmspkg"
    saved = tmp_path / "cover.pdf"
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _parent, title, *rest, **kw:
                        (str(package) if title.startswith("Export") else str(saved), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: pytest.fail("the exported one is used"))
    qtbot.keyClicks(view.ui.receiver, "HEAD-OFFICE")
    view.ui.export_button.click()
    assert package.exists(), view.result_messages()

    qtbot.mouseClick(view.ui.cover_button, Qt.MouseButton.LeftButton)

    dialog = view.cover_dialog
    assert dialog.isVisible() and dialog.preview.page_count == 1
    fingerprint = view.ui.fingerprint.text()
    assert dialog.sheet.fingerprint == fingerprint
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = PdfReader(saved).pages[0].extract_text()
    assert fingerprint in text and "From office: ZA-T01" in text and "To office: HEAD-OFFICE" in text
    assert dialog.message.text() == f"Saved cover.pdf in {tmp_path}."

    printed = tmp_path / "printed.pdf"

    def to_file(actions: ReportActions, title: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(ReportActions, "ask_printer", to_file)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Sent 1 page(s) of cover sheet of package 1 for HEAD-OFFICE to printed.pdf."
    assert len(PdfReader(io.BytesIO(printed.read_bytes())).pages) == 1


def test_another_office_s_package_gets_no_cover_sheet_here(qtbot, office, operations, stranger, monkeypatch):  # noqa: F811
    path, key = stranger
    view = sync_for(qtbot, office, operations, "admin", "admin-password")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))

    view.ui.cover_button.click()

    assert view.cover_dialog is None
    assert view.result_messages() == [
        f"za-t02-1.pmspkg was signed by ZA-T02 with key {key.fingerprint}, not by this office (key "
        f"{view.ui.fingerprint.text()}): no cover sheet is printed here for it. Its cover sheet is printed where it "
        "was exported."]


def test_a_pms_officer_trusts_an_office_from_the_window(qtbot, office, operations, stranger, monkeypatch):  # noqa: F811
    """The README's promise: PMS officers (not only administrators) trust offices; the audit trail names them."""
    path, key = stranger
    view = sync_for(qtbot, office, operations, "pms.officer", OFFICER_PASSWORD)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: ([str(path)], ""))
    view.ui.import_button.click()
    dialog = view.trust_dialog
    spaced = " ".join(key.fingerprint.replace("-", "").lower()[i:i + 4] for i in range(0, 16, 4))

    qtbot.keyClicks(dialog.entry, spaced)
    dialog.confirm_button.click()

    assert not dialog.isVisible(), dialog.messages.text_of("fingerprint")
    with office.session() as session:
        trusted = session.scalar(select(SyncTrustedKey))
        assert (trusted.office_code, trusted.trusted_by) == ("ZA-T02", "pms.officer")
        assert session.scalar(select(AuditEvent.actor).where(AuditEvent.action == "trust")) == "pms.officer"
