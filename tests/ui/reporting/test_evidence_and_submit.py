"""The capture form's evidence and submission: remove a wrong file, see it large, open it or be told why not,
confirm before submitting and be warned about required evidence, count the narrative's characters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from pmsdesk.models import ActualStatus, EvidenceContent, EvidenceFile, Kpi, PeriodActual
from pmsdesk.services import kpis
from pmsdesk.services.actor import Actor
from tests.ui.test_evidence_preview import pdf_bytes


def files_in_database(database, reference: str) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(EvidenceFile.original_name).join(PeriodActual).join(Kpi)
                                    .where(Kpi.reference == reference)))


def status_in_database(database, reference: str) -> ActualStatus | None:
    with database.session() as session:
        return session.scalar(select(PeriodActual.status).join(Kpi).where(Kpi.reference == reference))


@pytest.fixture
def with_certificate(editor_for, tmp_path):
    def with_certificate(reference: str = "KPI 1"):
        editor = editor_for(reference)
        certificate = tmp_path / "ward 2 certificate.pdf"
        certificate.write_bytes(pdf_bytes(pages=1))
        editor.ui.number.setText("120")
        editor.attach([certificate])
        assert editor.ui.evidence.names() == ["ward 2 certificate.pdf"]
        return editor

    return with_certificate


def test_a_wrong_file_is_removed_with_the_delete_key_after_asking(qtbot, with_certificate, seeded_database,
                                                                  answers):
    editor = with_certificate()
    queued, asked = answers
    editor.ui.evidence.list.setFocus()
    queued.append("Keep it")
    qtbot.keyClick(editor.ui.evidence.list, Qt.Key.Key_Delete)
    assert files_in_database(seeded_database, "KPI 1") == ["ward 2 certificate.pdf"]

    editor.ui.narrative.setPlainText("typed but not saved yet")
    queued.append("Remove the file")
    qtbot.keyClick(editor.ui.evidence.list, Qt.Key.Key_Delete)

    assert asked[-1].startswith("Remove ward 2 certificate.pdf from the Q2 actual of KPI 1?")
    assert files_in_database(seeded_database, "KPI 1") == []
    assert editor.ui.evidence.names() == []
    assert editor.ui.narrative.toPlainText() == "typed but not saved yet", "unsaved typing survives"


def test_a_submitted_actuals_files_cannot_be_removed_from_the_form(with_certificate, answers):
    editor = with_certificate()
    answers[0].append("Submit")
    editor.ui.submit.click()
    assert editor.detail.status == ActualStatus.SUBMITTED
    assert not editor.ui.evidence.remove.isVisible() and not editor.ui.evidence.attach.isVisible()


def test_submitting_asks_first_and_names_missing_required_evidence(editor_for, seeded_database, seeded, answers):
    with seeded_database.session() as session:
        kpi_id = session.scalar(select(Kpi.id).where(Kpi.financial_year_id == seeded.year_id, Kpi.reference == "KPI 3"))
        kpis.update_kpi(session, Actor.system(), kpi_id, {"required_evidence": "Signed completion certificates"})
    editor = editor_for("KPI 3")
    editor.ui.number.setText("96")
    queued, asked = answers

    queued.append("Go back")
    editor.ui.submit.click()
    assert "KPI 3 needs evidence (Signed completion certificates) and none is attached." in asked[-1]
    assert status_in_database(seeded_database, "KPI 3") is None
    assert editor.ui.number.text() == "96"

    queued.append("Submit without evidence")
    editor.ui.submit.click()
    assert status_in_database(seeded_database, "KPI 3") == ActualStatus.SUBMITTED


def test_a_kpi_without_an_evidence_rule_is_submitted_after_a_plain_question(editor_for, seeded_database, answers):
    editor = editor_for("KPI 1")
    editor.ui.number.setText("1240")
    queued, asked = answers
    queued.append("Submit")
    editor.ui.submit.click()
    assert asked == ["Submit the Q2 actual of KPI 1 (1,240) for verification?\nOnce submitted it cannot be changed "
                     "unless a verifier returns it or a PMS officer reopens it."]
    assert status_in_database(seeded_database, "KPI 1") == ActualStatus.SUBMITTED


def test_the_narrative_counts_its_characters_as_they_are_typed(qtbot, editor_for):
    editor = editor_for("KPI 1")
    counter = editor.ui.counters["narrative"]
    qtbot.keyClicks(editor.ui.narrative, "Connected 240")
    assert counter.text() == "13 of 4,000 characters"
    editor.ui.narrative.setPlainText("x" * 4003)
    assert counter.text() == "4,003 of 4,000 characters — 3 too many"
    assert "b00020" in counter.styleSheet()


def test_open_in_viewer_says_so_when_no_program_opens_the_file(qtbot, with_certificate, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    editor = with_certificate()
    qtbot.mouseClick(editor.ui.evidence.open_button, Qt.MouseButton.LeftButton)
    problem = editor.ui.evidence.problem
    assert problem.isVisible()
    assert problem.text().startswith("This computer has no program that opens PDF files, so ward 2 certificate.pdf "
                                     "could not be opened.")


def test_a_damaged_file_is_named_when_opened(qtbot, with_certificate, seeded_database, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    editor = with_certificate()
    with seeded_database.session() as session:
        session.execute(update(EvidenceContent).values(data=b"changed on disk"))
        session.commit()
    editor.ui.evidence.open_button.click()
    assert opened == []
    assert editor.ui.evidence.problem.text() == ("ward 2 certificate.pdf could not be opened: the stored bytes of "
                                                 "ward 2 certificate.pdf do not match their hash.")


def test_the_larger_preview_shows_the_file_in_a_window_sized_to_the_screen(qtbot, with_certificate):
    editor = with_certificate()
    dialog = editor.ui.evidence.show_larger()
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.windowTitle() == "Evidence: ward 2 certificate.pdf"
    assert dialog.preview.page.accessibleDescription() == "Page 1 of 1"
    available = QApplication.primaryScreen().availableGeometry()
    assert dialog.height() <= available.height() and dialog.width() <= available.width()
    assert dialog.width() > 2 * editor.ui.evidence.preview.width()
