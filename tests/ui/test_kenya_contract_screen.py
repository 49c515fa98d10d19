"""A Kenyan county's contract on the agreements screen, as each role drives it: drafted with its
criteria category and history, signed, self-evaluated with evidence, submitted, verified by the
verifier, finalised by the approver with the grade of the verified values; SPAS for other staff."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from sqlalchemy import select

from pmsdesk.models import AgreementItem, AgreementKind, AssessmentStatus, Organisation, PerformanceAgreement, Programme
from pmsdesk.services import framework, people, register
from pmsdesk.services.actor import Actor
from pmsdesk.ui.agreements import AgreementsView
from pmsdesk.ui.agreements.assessment_panel import EVIDENCE, NOTE, VERIFIED
from pmsdesk.ui.agreements.items_grid import FIELDS, WEIGHT
from pmsdesk.ui.agreements.tabs import ASSESSMENT_TAB

from .test_agreements import type_into_cell


@pytest.fixture
def county_year(seeded_database, seeded):
    """The seeded organisation as a Kenyan county, with a chief officer (senior post) and a clerk."""
    system = Actor.system()
    with seeded_database.session() as session:
        organisation = session.get(Organisation, seeded.organisation_id)
        organisation.country, organisation.name = "KE", "Murang'a County Government"
        session.commit()
        post = people.create_position(session, system, seeded.organisation_id,
                                      {"title": "Chief Officer: Water", "is_senior_manager": True})
        people.create_person(session, system, seeded.organisation_id,
                             {"full_name": "Otieno Odhiambo", "position_id": post.id})
        people.create_person(session, system, seeded.organisation_id, {"full_name": "Akinyi Njeri"})
        cidp = framework.create_plan(session, system, seeded.organisation_id,
                                     {"kind": "cidp", "title": "CIDP 2023-2027", "start_year": 2023, "end_year": 2027})
        framework.create_programme(session, system, seeded.organisation_id,
                                   {"code": "WS-01", "name": "Water supply and sanitation", "plan_id": cidp.id})
        return next(y for y in register.list_financial_years(session, seeded.organisation_id) if y.id == seeded.year_id)


def _screen(qtbot, operations, actor_named, year, user: str) -> AgreementsView:
    screen = AgreementsView(operations, actor_named(user), today=date(2026, 7, 20))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.show_year(year)
    return screen


def _cell(grid, row, field, text, qtbot):
    type_into_cell(qtbot, grid, row, FIELDS.index(field), text)


def _type(qtbot, box, text):
    box.clear()
    qtbot.keyClicks(box, text)


def test_a_contract_goes_from_draft_through_verification_to_its_grade(qtbot, operations, actor_named, county_year,
                                                                      seeded_database):
    admin = _screen(qtbot, operations, actor_named, county_year, "admin")
    form = admin.form
    kinds = [form.kind.itemText(n) for n in range(form.kind.count())]
    assert kinds == ["Performance contract (Kenya)", "SPAS staff appraisal (Kenya)"], "no Section 56 in Kenya"
    form.person.setCurrentIndex(form.person.findText("Akinyi Njeri"))
    assert form.chosen_kind() == AgreementKind.KE_SPAS, "staff without a senior post get a SPAS appraisal"
    form.person.setCurrentIndex(form.person.findText("Otieno Odhiambo — Chief Officer: Water"))
    assert form.chosen_kind() == AgreementKind.KE_PERFORMANCE_CONTRACT
    assert form.title.text() == "Performance contract: Otieno Odhiambo"
    assert form.parts.isTabVisible(1), "the front matter tab is there for a contract"
    qtbot.keyClicks(form.front.vision, "Water for every household")
    qtbot.keyClicks(form.picker.search, "basic water")
    qtbot.keyClick(form.picker.search, Qt.Key.Key_Return)
    for field, text in (("weight", "100"), ("unit", "households"), ("baseline", "1100"),
                        ("achieved_year_before", "1050"), ("achieved_last_year", "1150"),
                        ("criteria_excellent", "1500"), ("criteria_good", "1000"), ("criteria_fair", "800"),
                        ("criteria_poor", "600")):
        _cell(form.grid, 0, field, text, qtbot)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.messages.general.text().startswith("Line 1, category: choose the criteria category")
    with seeded_database.session() as session:
        assert session.query(PerformanceAgreement).count() == 0, "nothing written"
    form.grid.setCurrentCell(0, FIELDS.index("category"))
    form.grid.editItem(form.grid.item(0, FIELDS.index("category")))
    [chooser] = [child for child in form.grid.viewport().findChildren(QComboBox) if child.isVisible()]
    assert [chooser.itemText(n) for n in range(chooser.count())] == [
        "Financial Stewardship and Discipline", "Service Delivery", "Core Mandate", "Cross-Cutting Issues"]
    qtbot.keyClick(chooser, Qt.Key.Key_Escape)
    _cell(form.grid, 0, "category", "service delivery", qtbot)
    assert "Service Delivery 100" in form.totals.text(), "the chooser completes the category's name"
    assert form.totals.text().endswith("Not linked to a CIDP programme or ADP project: line 1 (Number of households "
                                       "with access to basic water)")
    form.grid.setCurrentCell(0, FIELDS.index("programme_id"))
    qtbot.keyClick(form.grid, Qt.Key.Key_F2)
    [chooser] = [child for child in form.grid.viewport().findChildren(QComboBox) if child.isVisible()]
    assert [chooser.itemText(n) for n in range(chooser.count())] == ["(none)", "CIDP · WS-01 Water supply and sanitation"]
    qtbot.keyClick(chooser, Qt.Key.Key_Down)
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits Enter by a queued call
    assert form.grid.item(0, FIELDS.index("programme_id")).text() == "CIDP · WS-01 Water supply and sanitation"
    assert "Not linked" not in form.totals.text(), "the check clears once the indicator names its programme"
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert form.heading.text() == "<b>Otieno Odhiambo</b> — Original · Draft"
    qtbot.mouseClick(form.sign, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(admin.dialog.place, "Murang'a")
    qtbot.mouseClick(admin.dialog.ok, Qt.MouseButton.LeftButton)
    assert form.detail.front_matter["vision"] == "Water for every household"
    assert form.detail.items[0].category == "Service Delivery"
    assert form.grid.item(0, FIELDS.index("programme_id")).text() == "CIDP · WS-01 Water supply and sanitation"
    with seeded_database.session() as session:
        [item] = session.scalars(select(AgreementItem)).all()
        assert session.get(Programme, item.programme_id).code == "WS-01"

    panel = admin.assessment
    admin.tabs.setCurrentIndex(ASSESSMENT_TAB)
    labels = [panel.new_review.itemText(n) for n in range(panel.new_review.count())]
    assert labels == ["Quarter 1 report", "Quarter 2 report", "Quarter 3 report", "Annual evaluation"]
    panel.new_review.setCurrentText("Annual evaluation")
    qtbot.mouseClick(panel.start, Qt.MouseButton.LeftButton)
    _type(qtbot, panel.rating_box(0), "1250")
    assert panel.score.text() == "<b>Composite score 2.00</b>" and panel.level.text() == "Very Good"
    qtbot.mouseClick(panel.submit, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(admin.dialog.ok, Qt.MouseButton.LeftButton)
    assert "name the evidence for this value" in panel.messages.general.text()
    _type(qtbot, panel.grid.cellWidget(0, EVIDENCE), "Water connections register 2025/26")
    qtbot.mouseClick(panel.submit, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(admin.dialog.ok, Qt.MouseButton.LeftButton)
    assert panel.detail.status == AssessmentStatus.SUBMITTED
    assert panel.rating_box(0).isReadOnly() and not panel.save.isEnabled()
    assert not panel.verify.isEnabled(), "the administrator self-evaluated: verifying is for someone else"

    verifier = _screen(qtbot, operations, actor_named, county_year, "verifier")
    verifier.table.selectRow(0)
    checking = verifier.assessment
    assert checking.verify.isEnabled() and not checking.save.isVisible()
    assert "Self-evaluation submitted by admin" in checking.banner.text()
    _type(qtbot, checking.grid.cellWidget(0, VERIFIED), "1000")
    _type(qtbot, checking.grid.cellWidget(0, NOTE), "250 connections not yet metered")
    assert checking.score.text().startswith("<b>Verified: Composite score 3.00 · self-evaluated: Composite score 2.00")
    qtbot.keyClicks(checking.notes, "Metering records checked on site")
    qtbot.mouseClick(checking.verify, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(verifier.dialog.ok, Qt.MouseButton.LeftButton)
    assert checking.detail.status == AssessmentStatus.VERIFIED and checking.detail.verified_by == "verifier"

    approver = _screen(qtbot, operations, actor_named, county_year, "approver")
    approver.table.selectRow(0)
    deciding = approver.assessment
    assert deciding.finalise.isEnabled() and not deciding.verify.isEnabled()
    qtbot.mouseClick(deciding.finalise, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(approver.dialog.ok, Qt.MouseButton.LeftButton)
    assert deciding.detail.status == AssessmentStatus.FINAL
    assert deciding.level.text() == "Good", "the grade of the verified value, not of the self-evaluation"

    viewer = _screen(qtbot, operations, actor_named, county_year, "viewer")
    viewer.table.selectRow(0)
    assert not viewer.new.isVisible() and not viewer.assessment.submit.isEnabled()
    assert viewer.form.grid.item(0, WEIGHT).text() == "100"
