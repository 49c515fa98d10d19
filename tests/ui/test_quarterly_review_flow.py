"""The whole quarterly flow through the windows: capture, return, correct, verify, approve."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from pmsdesk.models import ActualStatus, EvidenceFile, Kpi, PeriodActual
from pmsdesk.services import actuals

from .helpers import click_row, column_text, open_screen, sign_in


def actual_of(database, reference: str) -> PeriodActual:
    with database.session() as session:
        actual = session.scalar(select(PeriodActual).join(Kpi).where(Kpi.reference == reference))
        names = [item.original_name for item in session.scalars(
            select(EvidenceFile).where(EvidenceFile.actual_id == actual.id))] if actual else []
        return actual, names


def reporting_screen(qtbot, database, operations, username="capturer"):
    window = sign_in(qtbot, database, operations, username)
    screen = open_screen(window, "Quarterly reporting")
    assert screen.periods.select_label("Q2")
    return window, screen


def verification_screen(qtbot, database, operations, username):
    window = sign_in(qtbot, database, operations, username)
    screen = open_screen(window, "Verification")
    assert screen.periods.select_label("Q2")
    return window, screen


def test_capture_return_correct_verify_and_approve(qtbot, seeded_database, operations, tmp_path, monkeypatch,
                                                  answers):
    database = seeded_database
    certificate = tmp_path / "completion certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4 signed completion certificate")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kw: ([str(certificate)], ""))

    # The capturer sees only Technical Services' KPIs with a Q2 target.
    _window, reporting = reporting_screen(qtbot, database, operations)
    worklist = reporting.table
    assert [worklist.model().index(r, 0).data() for r in range(worklist.model().rowCount())] == \
        ["KPI 1", "KPI 3", "KPI 5", "KPI 7"]
    click_row(qtbot, worklist, "KPI 1")
    form = reporting.editor.ui
    assert "Target for Q2: <b>300</b>" in form.facts.text()

    qtbot.keyClicks(form.number, "-40")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.messages.text_of("value") == "A number actual cannot be negative."
    assert actual_of(database, "KPI 1")[0] is None

    form.number.clear()
    qtbot.keyClicks(form.number, "1,240")
    qtbot.keyClicks(form.narrative, "Connected 240 households in wards 3 and 5.")
    qtbot.mouseClick(form.evidence.attach, Qt.MouseButton.LeftButton)
    assert form.evidence.names() == ["completion certificate.pdf"]
    assert column_text(worklist, "KPI 1", reporting.model.STATUS).startswith("Draft")
    answers[0].append("Submit")
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)

    actual, files = actual_of(database, "KPI 1")
    assert (actual.status, actual.value, files) == (ActualStatus.SUBMITTED, 1240.0, ["completion certificate.pdf"])
    assert form.banner.text() == "It was submitted and waits for verification, so it can no longer be edited."
    assert form.number.isReadOnly() and not form.submit.isEnabled()

    # The verifier returns it; a comment is required.
    _window, verification = verification_screen(qtbot, database, operations, "verifier")
    click_row(qtbot, verification.table, "KPI 1")
    panel = verification.panel.ui
    assert panel.facts["actual"].text() == "1,240"
    assert panel.evidence.names() == ["completion certificate.pdf"]
    qtbot.mouseClick(panel.return_, Qt.MouseButton.LeftButton)
    assert panel.messages.text_of("comment") == "Say what the capturer must fix."
    qtbot.keyClicks(panel.comment, "The certificate covers 140 households; attach the ward 5 register.")
    qtbot.mouseClick(panel.return_, Qt.MouseButton.LeftButton)
    assert actual_of(database, "KPI 1")[0].status == ActualStatus.RETURNED
    assert verification.table.model().rowCount() == 0

    # The capturer sees the comment, corrects and resubmits.
    _window, reporting = reporting_screen(qtbot, database, operations)
    assert column_text(reporting.table, "KPI 1", reporting.model.STATUS).startswith("Returned")
    click_row(qtbot, reporting.table, "KPI 1")
    form = reporting.editor.ui
    assert form.banner.text() == ("Returned for correction: The certificate covers 140 households; "
                                  "attach the ward 5 register.")
    form.number.clear()
    qtbot.keyClicks(form.number, "140")
    answers[0].append("Submit")
    qtbot.mouseClick(form.submit, Qt.MouseButton.LeftButton)
    assert actual_of(database, "KPI 1")[0].status == ActualStatus.SUBMITTED

    # The verifier verifies; the approver approves.
    _window, verification = verification_screen(qtbot, database, operations, "verifier")
    click_row(qtbot, verification.table, "KPI 1")
    assert not verification.panel.ui.approve.isVisible()
    qtbot.mouseClick(verification.panel.ui.verify, Qt.MouseButton.LeftButton)
    assert actual_of(database, "KPI 1")[0].status == ActualStatus.VERIFIED

    approver_window, approval = verification_screen(qtbot, database, operations, "approver")
    dashboard = open_screen(approver_window, "Dashboard")
    assert dashboard.ui.periods.select_label("Q2")
    awaiting_approval = dashboard.ui.tiles["approval"].count()
    assert awaiting_approval == "1"
    open_screen(approver_window, "Verification")
    click_row(qtbot, approval.table, "KPI 1")
    assert not approval.panel.ui.verify.isVisible()
    qtbot.mouseClick(approval.panel.ui.approve, Qt.MouseButton.LeftButton)

    actual, files = actual_of(database, "KPI 1")
    assert (actual.status, actual.value, actual.verified_by, actual.approved_by) == \
        (ActualStatus.APPROVED, 140.0, "verifier", "approver")
    assert "Q2 · Approved · late" in approval.panel.ui.heading.text()  # Q2 2025/26 was due in January 2026
    assert actual.is_late

    # The dashboard shows the change when the approver goes back to it.
    open_screen(approver_window, "Dashboard")
    assert dashboard.ui.periods.period().label == "Q2"
    assert dashboard.ui.tiles["approval"].count() == "0"


def test_someone_who_captured_a_value_is_told_they_cannot_verify_it(qtbot, seeded_database, operations, answers):
    _window, reporting = reporting_screen(qtbot, seeded_database, operations, "admin")
    click_row(qtbot, reporting.table, "KPI 2")
    qtbot.keyClicks(reporting.editor.ui.number, "96")
    answers[0].append("Submit")
    qtbot.mouseClick(reporting.editor.ui.submit, Qt.MouseButton.LeftButton)

    _window, verification = verification_screen(qtbot, seeded_database, operations, "admin")
    click_row(qtbot, verification.table, "KPI 2")
    panel = verification.panel.ui
    assert panel.banner.text() == actuals.OWN_VALUE
    qtbot.mouseClick(panel.verify, Qt.MouseButton.LeftButton)

    assert panel.messages.general.text() == actuals.OWN_VALUE
    assert actual_of(seeded_database, "KPI 2")[0].status == ActualStatus.SUBMITTED
