"""SPAS and OPRAS appraisals on the agreements screen, as each role drives them: the administrator types the
appraisee's, supervisor's and agreed scores and the remarks (a wrong score is named and nothing is kept),
a reader sees them locked, the approver finalises; an OPRAS mid-year review records progress and the
factors affecting performance, without marks."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from pmsdesk.models import Assessment, AssessmentStatus, Organisation
from pmsdesk.services import agreements, assessments, people, register
from pmsdesk.services.actor import Actor
from pmsdesk.ui.agreements import AgreementsView
from pmsdesk.ui.agreements.tabs import ASSESSMENT_TAB
from tests.kenya.test_spas import TARGETS

SPAS_ITEMS = TARGETS
OPRAS_ITEMS = [
    {"kind": "objective", "title": "Inspect building projects", "weight": 100, "target_text": "40 inspections",
     "performance_criteria": "Inspection reports filed", "resources": "Vehicle and fuel"},
    {"kind": "attribute", "title": "Ability to work in a team", "weight": 50, "category": "Working relationships"},
    {"kind": "attribute", "title": "Ability to express in writing", "weight": 50,
     "category": "Communication and listening"},
]


def _signed(database, seeded, country: str, kind: str, items, reviews) -> str:
    """The seeded organisation moved to ``country`` with a signed agreement of ``kind`` and its reviews
    started; the agreement's id."""
    system = Actor.system()
    with database.session() as session:
        session.get(Organisation, seeded.organisation_id).country = country
        session.commit()
        person = people.create_person(session, system, seeded.organisation_id, {"full_name": "Akinyi Njeri"})
        draft = agreements.create_agreement(session, system, person.id, seeded.year_id,
                                            {"kind": kind, "rule_set_code": kind, "title": "Appraisal"}, items)
        agreements.sign_agreement(session, system, draft.id, date(2025, 7, 15), "Moshi")
        for label in reviews:
            assessments.start_assessment(session, system, draft.id, label)
        return draft.id


def _screen(qtbot, operations, actor_named, database, seeded, user: str) -> AgreementsView:
    with database.session() as session:
        year = next(y for y in register.list_financial_years(session, seeded.organisation_id) if y.id == seeded.year_id)
    screen = AgreementsView(operations, actor_named(user), today=date(2026, 7, 20))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.show_year(year)
    screen.table.selectRow(0)
    screen.tabs.setCurrentIndex(ASSESSMENT_TAB)
    return screen


def _type(qtbot, box, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def _review(database, agreement_id: str, label: str) -> SimpleNamespace:
    """What is stored of a review (its fields and its lines), read in a session of its own."""
    with database.session() as session:
        review = session.query(Assessment).filter_by(agreement_id=agreement_id, review_label=label).one()
        lines = [SimpleNamespace(**{column.key: getattr(line, column.key) for column in line.__table__.columns})
                 for line in review.ratings]
        return SimpleNamespace(**{column.key: getattr(review, column.key) for column in review.__table__.columns},
                               ratings=lines)


def test_a_spas_end_year_appraisal_is_scored_on_the_agreed_scores(qtbot, operations, actor_named,
                                                                   seeded_database, seeded):
    agreement_id = _signed(seeded_database, seeded, "KE", "ke_spas", SPAS_ITEMS, ["End-year appraisal"])
    admin = _screen(qtbot, operations, actor_named, seeded_database, seeded, "admin")
    panel = admin.assessment
    headings = [panel.grid.horizontalHeaderItem(c).text() for c in range(panel.grid.columnCount())
                if not panel.grid.isColumnHidden(c)]
    assert headings == ["Item", "Weight %", "Result", "Self-appraisal %", "Supervisor's %", "Agreed %", "Comment"]
    assert panel.remarks.shown and panel.remarks.labels["second_comments"].text() == \
        "Second supervisor's comments:"
    assert panel.comments_label.text() == "Supervisor's &comments:"
    for row, values in enumerate((("1080", "95", "85", "90"), ("8", "100", "100", "100"))):
        for field, text in zip(("actual", "appraisee_score", "supervisor_score", "agreed_score"), values):
            _type(qtbot, panel.field_box(row, field), text)
    assert panel.score.text() == "<b>94% of the agreed targets achieved</b>" and panel.level.text() == "Good"
    assert not panel.field_box(2, "agreed_score").isEnabled(), "a value is commented on, not scored"
    qtbot.keyClicks(panel.remarks.boxes["appraisee_comments"], "Stock-outs were outside my control")
    qtbot.keyClicks(panel.remarks.boxes["recommendation"], "Letter of commendation")
    _type(qtbot, panel.field_box(0, "supervisor_score"), "-5")
    assert "Row 1 (Immunise children under one): the supervisor's score must be from 0 to 1,000, got -5" in \
        panel.messages.general.text()
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    assert all(line.supervisor_score is None and line.actual is None
               for line in _review(seeded_database, agreement_id, "End-year appraisal").ratings), "nothing kept"
    _type(qtbot, panel.field_box(0, "supervisor_score"), "85")
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    review = _review(seeded_database, agreement_id, "End-year appraisal")
    assert sorted((line.appraisee_score, line.supervisor_score, line.agreed_score) for line in review.ratings
                  if line.actual is not None) == [(95, 85, 90), (100, 100, 100)]
    assert (review.appraisee_comments, review.recommendation, review.score_percent) == (
        "Stock-outs were outside my control", "Letter of commendation", 94)

    reader = _screen(qtbot, operations, actor_named, seeded_database, seeded, "viewer").assessment
    assert reader.field_box(0, "agreed_score").text() == "90" and reader.field_box(0, "agreed_score").isReadOnly()
    assert reader.remarks.boxes["recommendation"].isReadOnly() and not reader.save.isEnabled()

    approver = _screen(qtbot, operations, actor_named, seeded_database, seeded, "approver")
    qtbot.mouseClick(approver.assessment.finalise, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(approver.dialog.ok, Qt.MouseButton.LeftButton)
    final = _review(seeded_database, agreement_id, "End-year appraisal")
    assert (final.status, final.outcome_label, final.score_percent) == (AssessmentStatus.FINAL, "Good", 94)


def test_an_opras_form_takes_marks_at_the_annual_review_and_progress_at_mid_year(qtbot, operations, actor_named,
                                                                                 seeded_database, seeded):
    agreement_id = _signed(seeded_database, seeded, "TZ", "tz_opras", OPRAS_ITEMS, ["Mid-year review", "Annual review"])
    admin = _screen(qtbot, operations, actor_named, seeded_database, seeded, "admin")
    panel = admin.assessment
    assert panel.reviews.currentText().startswith("Annual review")
    headings = [panel.grid.horizontalHeaderItem(c).text() for c in range(panel.grid.columnCount())
                if not panel.grid.isColumnHidden(c)]
    assert headings == ["Item", "Weight %", "Appraisee's mark", "Supervisor's mark", "Agreed mark", "Comment"]
    for row, marks in enumerate((("1", "2", "2"), ("2", "2", "2"), ("3", "4", "4"))):
        for field, text in zip(("appraisee_score", "supervisor_score", "rating"), marks):
            _type(qtbot, panel.field_box(row, field), text)
    assert panel.score.text() == "<b>Overall rating 2.50</b>"  # objectives 2, attributes 3: (2 + 3) / 2
    _type(qtbot, panel.field_box(1, "appraisee_score"), "6")
    assert "Row 2 (Ability to work in a team): the appraisee's score must be from 1 to 5, got 6" in \
        panel.messages.general.text()
    _type(qtbot, panel.field_box(1, "appraisee_score"), "2")
    assert panel.remarks.labels["second_comments"].text() == "Observer's comments:"
    qtbot.keyClicks(panel.remarks.boxes["second_comments"], "Fair and open discussion")
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    annual = _review(seeded_database, agreement_id, "Annual review")
    assert annual.second_comments == "Fair and open discussion" and annual.overall_rating == 2.5

    panel.reviews.setFocus()
    qtbot.keyClick(panel.reviews, Qt.Key.Key_Up)  # to the mid-year review, as the keyboard chooses it
    assert panel.detail.review_label == "Mid-year review"
    headings = [panel.grid.horizontalHeaderItem(c).text() for c in range(panel.grid.columnCount())
                if not panel.grid.isColumnHidden(c)]
    assert headings == ["Item", "Weight %", "Factors affecting performance", "Progress towards targets"]
    assert not panel.remarks.shown and not panel.remarks.boxes["recommendation"].isVisible()
    _type(qtbot, panel.field_box(0, "comment"), "Twenty inspections done")
    _type(qtbot, panel.field_box(0, "factors"), "Vehicle off the road in October")
    assert panel.score.text() == "<b>No rating at mid-year: progress and comments only</b>"
    qtbot.mouseClick(panel.save, Qt.MouseButton.LeftButton)
    [line] = [line for line in _review(seeded_database, agreement_id, "Mid-year review").ratings
              if line.comment]
    assert (line.comment, line.factors, line.rating) == ("Twenty inspections done", "Vehicle off the road in October",
                                                         None)


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    """Leaving a review with typed changes asks first; these tests save before they move."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
