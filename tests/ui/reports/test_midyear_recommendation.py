"""The mid-year report's adjustments-budget recommendation, typed on the Reports screen beside the report and
saved as PDF with it; too long a text is refused with nothing stored; a reader sees it but cannot change it."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt

from pmsdesk.services import midyear

from .test_reports_screen import choose, save_to

WORDS = "An adjustments budget is recommended: water revenue is 8% below the budget projection."


def stored(screen) -> str | None:
    with screen.database.session() as session:
        return midyear.adjustments_recommendation(session, "ZA-001", screen.year.label)


def test_the_recommendation_is_typed_saved_and_printed_in_the_mid_year_report(reports_screen, monkeypatch,
                                                                               tmp_path, qtbot):
    screen = reports_screen("za", "approver")
    box = screen.view.recommendation
    choose(screen, "quarterly")
    assert not box.isVisible(), "only beside the mid-year report"
    choose(screen, "mid-year")
    assert box.isVisible() and box.save.isVisible()
    assert box.text.toPlainText().startswith("An adjustments budget is recommended."), "the demo's, as recorded"

    box.text.clear()
    box.text.setFocus()
    box.text.insertPlainText("x" * 8001)  # pasted: typing 8,001 keys would only slow the test
    qtbot.mouseClick(box.save, Qt.MouseButton.LeftButton)
    assert box.message.text() == "Not saved: the recommendation is 8001 characters long; at most 8000 allowed."
    assert stored(screen).startswith("An adjustments budget is recommended. Revenue from water sales")

    box.text.clear()
    qtbot.keyClicks(box.text, WORDS)
    qtbot.keyClick(box.save, Qt.Key.Key_Space)
    assert stored(screen) == WORDS and box.message.text() == "Saved; the mid-year report prints it."

    out = tmp_path / "mid-year.pdf"
    save_to(monkeypatch, out)
    qtbot.mouseClick(screen.view.save_button, Qt.MouseButton.LeftButton)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages)
    assert f"Recommendation on an adjustments budget {WORDS}" in text


def test_a_reader_sees_the_recommendation_but_cannot_change_it(reports_screen):
    screen = reports_screen("za", "viewer")
    with screen.database.session() as session:
        from pmsdesk.services.actor import Actor

        midyear.save_adjustments_recommendation(session, Actor.system(), "ZA-001", screen.year.label, WORDS)
    choose(screen, "mid-year")
    box = screen.view.recommendation
    assert box.text.toPlainText() == WORDS
    assert box.text.isReadOnly() and not box.save.isVisible()


def test_statuses_as_of_a_chosen_day_are_printed_and_registered(reports_screen, monkeypatch, tmp_path, qtbot):
    from PySide6.QtCore import QDate
    from sqlalchemy import select

    from pmsdesk.models import IssuedDocument

    screen = reports_screen("za", "pmsofficer")
    choose(screen, "agreement")
    assert not screen.view.as_of.isVisible() and screen.view.request().as_of is None
    choose(screen, "quarterly")
    unit = screen.view.form.unit
    unit.setCurrentIndex(unit.findData("BTO"))
    quarter = screen.view.form.quarter
    quarter.setCurrentIndex(quarter.findData(1))
    as_of = screen.view.as_of
    assert as_of.isVisible() and not as_of.day.isEnabled()
    as_of.fixed.setFocus()
    qtbot.keyClick(as_of.fixed, Qt.Key.Key_Space)
    as_of.day.setDate(QDate(2025, 10, 1))
    assert screen.view.request().as_of == "2025-10-01"

    out = tmp_path / "q1.pdf"
    save_to(monkeypatch, out)
    qtbot.mouseClick(screen.view.save_button, Qt.MouseButton.LeftButton)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(out)).pages)
    assert "Awaiting report" in text, "on 1 October the Q1 reporting deadline had not passed"
    with screen.database.session() as session:
        issued = session.scalars(select(IssuedDocument).order_by(IssuedDocument.generated_at.desc())).first()
        assert issued.parameters["as_of"] == "2025-10-01"
