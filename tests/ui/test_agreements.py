"""The agreements screen driven like an official: draft, sign, amend, preview, rate with a live score."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import func, select

from pmsdesk.models import AgreementStatus, AssessmentRating, IssuedDocument, PerformanceAgreement
from pmsdesk.services import agreements, assessments, people, register
from pmsdesk.services.actor import Actor
from pmsdesk.services.assessments import RatingValues
from pmsdesk.ui.agreements import AgreementsView
from pmsdesk.ui.agreements.items_grid import TITLE, WEIGHT
from pmsdesk.ui.agreements.view import ASSESSMENT_TAB, PREVIEW_TAB

WORKED = [{"kind": "kpa", "title": f"KPA {n + 1}", "weight": w} for n, w in enumerate((30, 10, 25, 15, 20))] + [
    {"kind": "ccr", "title": f"CCR {n + 1}", "weight": 25} for n in range(4)]
WORKED_RATINGS = (4, 3, 4, 3, 5, 4, 3, 3, 4)


@pytest.fixture
def year(seeded_database, seeded):
    with seeded_database.session() as session:
        people.create_person(session, Actor.system(), seeded.organisation_id, {"full_name": "Lindiwe Dlamini"})
        return next(y for y in register.list_financial_years(session, seeded.organisation_id) if y.id == seeded.year_id)


@pytest.fixture
def view(qtbot, operations, actor_named, year):
    screen = AgreementsView(operations, actor_named("admin"), today=date(2025, 7, 28))
    qtbot.addWidget(screen)
    screen.resize(1180, 650)
    screen.show()
    screen.show_year(year)
    return screen


@pytest.fixture
def signed_with_review(seeded_database, seeded, year):
    """A signed agreement with the worked example's items and a mid-year review rated except the last CCR."""
    system = Actor.system()
    with seeded_database.session() as session:
        lindiwe = agreements.people_of(session, seeded.organisation_id)[0]
        draft = agreements.create_agreement(session, system, lindiwe.id, seeded.year_id,
                                            {"kind": "za_s56", "rule_set_code": "za_s56", "title": "PA"}, WORKED)
        agreements.sign_agreement(session, system, draft.id, date(2025, 7, 28), "Parys")
        review = assessments.start_assessment(session, system, draft.id, "Mid-year review")
        detail = assessments.assessment_detail(session, review.id)
        typed = {item.id: RatingValues(rating) for item, rating in zip(detail.items, WORKED_RATINGS[:-1])}
        assessments.save_ratings(session, system, review.id, typed)
        return draft.id, review.id


def type_into_cell(qtbot, grid, row: int, column: int, text: str) -> None:
    """Open the cell's editor as a double-click would, type, and press Enter."""
    grid.setCurrentCell(row, column)
    grid.editItem(grid.item(row, column))
    editors = [child for child in grid.viewport().findChildren(QLineEdit) if child.isVisible()]
    assert len(editors) == 1, editors
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits Enter by a queued call


def statuses(database) -> list[tuple[int, AgreementStatus]]:
    with database.session() as session:
        return [(a.amendment_number, a.status) for a in session.scalars(
            select(PerformanceAgreement).order_by(PerformanceAgreement.amendment_number))]


def test_create_sign_and_amend_through_the_widgets(qtbot, view, seeded_database):
    form = view.form
    qtbot.mouseClick(view.new, Qt.MouseButton.LeftButton)
    form.person.setCurrentIndex(form.person.findText("Lindiwe Dlamini"))
    assert form.title.text() == "Performance agreement: Lindiwe Dlamini"
    qtbot.keyClicks(form.picker.search, "basic water")
    qtbot.keyClick(form.picker.search, Qt.Key.Key_Return)
    assert form.grid.rowCount() == 1 and "basic water" in form.grid.item(0, TITLE).text()
    type_into_cell(qtbot, form.grid, 0, WEIGHT, "90")
    qtbot.mouseClick(form.add_line, Qt.MouseButton.LeftButton)
    type_into_cell(qtbot, form.grid, 1, TITLE, "People management")
    type_into_cell(qtbot, form.grid, 1, WEIGHT, "100")
    assert form.totals.text() == "Weights — KPAs: 90% (must be 100%) · CCRs: 100% ✓"
    assert view.unsaved_changes() == "An unsaved new agreement"

    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.messages.general.text() == "KPA weights sum to 90, they must sum to 100"
    assert statuses(seeded_database) == [], "nothing is written while the weights are wrong"
    type_into_cell(qtbot, form.grid, 0, WEIGHT, "100")
    assert form.totals.text() == "Weights — KPAs: 100% ✓ · CCRs: 100% ✓"
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert statuses(seeded_database) == [(0, AgreementStatus.DRAFT)]
    assert view.model.total_count() == 1 and view.unsaved_changes() is None
    assert form.heading.text() == "<b>Lindiwe Dlamini</b> — Original · Draft"

    qtbot.mouseClick(form.sign, Qt.MouseButton.LeftButton)
    assert not view.dialog.ok.isEnabled(), "a place of signing is needed"
    qtbot.keyClicks(view.dialog.place, "Piet Retief")
    qtbot.mouseClick(view.dialog.ok, Qt.MouseButton.LeftButton)
    assert statuses(seeded_database) == [(0, AgreementStatus.SIGNED)]
    assert form.banner.isVisible() and "locked" in form.banner.text()
    assert not form.save.isEnabled() and form.title.isReadOnly()
    assert form.grid.editTriggers() == form.grid.EditTrigger.NoEditTriggers

    qtbot.mouseClick(form.amend, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.dialog.reason, "Adjustment budget moved the water projects")
    qtbot.mouseClick(view.dialog.ok, Qt.MouseButton.LeftButton)
    assert statuses(seeded_database) == [(0, AgreementStatus.SIGNED), (1, AgreementStatus.DRAFT)]
    assert form.heading.text() == "<b>Lindiwe Dlamini</b> — Amendment 1 · Draft"
    assert form.save.isEnabled(), "the amendment is a draft again"
    assert [form.versions.item(n).text() for n in range(form.versions.count())] == [
        "Original: Signed, signed 28 Jul 2025 at Piet Retief",
        "Amendment 1: Draft — reason: Adjustment budget moved the water projects"]


def test_typing_a_rating_updates_the_score_before_saving(qtbot, seeded_database, signed_with_review, view):
    _agreement_id, review_id = signed_with_review
    view.table.selectRow(0)
    view.tabs.setCurrentIndex(ASSESSMENT_TAB)
    panel = view.assessment
    assert panel.score.text() == "<b>—</b>" and panel.missing.text().startswith("1 of 9 items have no rating yet")
    last = panel.rating_box(8)
    qtbot.keyClicks(last, "7")
    assert panel.messages.general.text() == "Row 9 (CCR 4): must be from 1 to 5, got 7"
    last.clear()
    qtbot.keyClicks(last, "4")
    assert panel.score.text() == "<b>128.67% (overall rating 3.860)</b>"
    assert panel.bonus.text().startswith("Not applicable: a bonus is decided only on the final")
    assert view.unsaved_changes() == "Unsaved ratings in the Mid-year review"
    with seeded_database.session() as session:
        assert session.scalar(select(AssessmentRating.rating).where(
            AssessmentRating.assessment_id == review_id).order_by(AssessmentRating.rating.is_(None).desc())) is None

    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert view.unsaved_changes() is None
    with seeded_database.session() as session:
        saved = assessments.assessment_detail(session, review_id)
        assert [saved.ratings[item.id].rating for item in saved.items] == list(WORKED_RATINGS)

    qtbot.mouseClick(panel.finalise, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.dialog.ok, Qt.MouseButton.LeftButton)
    assert panel.detail.is_locked and panel.rating_box(0).isReadOnly() and not panel.save.isEnabled()


def test_preview_shows_a_rendered_page(qtbot, signed_with_review, view, seeded_database):
    view.table.selectRow(0)
    qtbot.mouseClick(view.form.preview, Qt.MouseButton.LeftButton)
    assert view.tabs.currentIndex() == PREVIEW_TAB
    assert view.preview.page_count > 1
    pixmap = view.preview.page.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 300
    with seeded_database.session() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0, "a preview is not issued"


def test_unsaved_ratings_are_not_dropped_by_opening_something_else(qtbot, signed_with_review, view, answers):
    queued, asked = answers
    view.table.selectRow(0)
    view.tabs.setCurrentIndex(ASSESSMENT_TAB)
    qtbot.keyClicks(view.assessment.rating_box(8), "4")

    queued.append("Go back")
    qtbot.mouseClick(view.new, Qt.MouseButton.LeftButton)
    assert view.unsaved_changes() == "Unsaved ratings in the Mid-year review"
    assert view.assessment.rating_box(8).text() == "4"
    assert view.table.selectionModel().selectedRows(), "the agreement stays selected"
    assert "Unsaved ratings in the Mid-year review" in asked[-1]

    queued.append("Discard and start a new agreement")
    qtbot.mouseClick(view.new, Qt.MouseButton.LeftButton)
    assert view.unsaved_changes() is None and view.form.detail is None


def test_the_printable_agreement_prints_and_its_assessment_saves_as_pdf(qtbot, signed_with_review, view,
                                                                        seeded_database, monkeypatch, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    from tests.ui.reports.test_reports_screen import print_to

    assert not view.print_bar.print_button.isEnabled(), "nothing chosen, nothing to print"
    view.table.selectRow(0)
    view.tabs.setCurrentIndex(PREVIEW_TAB)
    printed = tmp_path / "agreement-printed.pdf"
    print_to(monkeypatch, printed)
    qtbot.mouseClick(view.print_bar.print_button, Qt.MouseButton.LeftButton)
    assert view.print_bar.message.text().startswith(f"Sent {len(PdfReader(str(printed)).pages)} page(s) of ")

    view.tabs.setCurrentIndex(ASSESSMENT_TAB)
    saved = tmp_path / "assessment.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(saved), args[-1]))
    qtbot.mouseClick(view.assessment_bar.save_button, Qt.MouseButton.LeftButton)
    text = "\n".join(page.extract_text() for page in PdfReader(str(saved)).pages)
    assert "Lindiwe Dlamini" in text and "Mid-year review" in text and "Page 1 of" in text
    with seeded_database.session() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 2, "both copies are registered"


def test_discarded_ratings_are_not_asked_about_again(qtbot, signed_with_review, operations, actor_named, answers):
    from pmsdesk.ui.main_window import MainWindow

    queued, asked = answers
    window = MainWindow(operations._database, actor_named("admin"), operations)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "_discard_confirmed", True))
    window.show()
    window.selector.select_year("2025/26")
    screen = window.open_screen("agreements")
    screen.table.selectRow(0)
    screen.tabs.setCurrentIndex(ASSESSMENT_TAB)
    qtbot.keyClicks(screen.assessment.rating_box(8), "4")
    window.open_screen("register")  # the agreements screen is no longer the one shown

    queued.append("Discard")
    window.selector.select_year("2024/25")
    assert len(asked) == 1 and "Unsaved ratings in the Mid-year review" in asked[0]

    window.selector.select_year("2025/26")
    assert window.unsaved_changes() == []
    assert len(asked) == 1, "the discarded ratings were asked about again"
