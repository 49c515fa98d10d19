"""Day one at a real office, through the windows, on a file that never saw the demo.

The set-up wizard on an empty file; a directorate on the Plans screen; two
people on the People screen; a KPI with quarterly targets in the KPI editor;
a Q1 actual captured, verified and approved by three different users; the
quarterly report and a signed agreement for one of the people printed; and
nothing of ``pmsdesk.demo`` imported at any point.
"""

from __future__ import annotations

import sys
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import ActualStatus, AgreementStatus, Kpi, PeriodActual, Role, Unit, User
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.reports.pdf.issue import issue_report
from pmsdesk.services import users
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.setup import SetupWizard

from .helpers import click_row, open_screen
from .test_agreements import TITLE, WEIGHT, type_into_cell
from .test_kpi_editor import choose

ADMIN, ADMIN_PASSWORD = "thabo.mokoena", "Vaal-river-2026!"
ORGANISATION = {"name": "Ngwathe Local Municipality", "code": "ngw", "region": "Free State",
                "address": "PO Box 359, Parys, 9585", "contact": "Tel 056 816 2700"}


@pytest.fixture
def without_demo(monkeypatch):
    """Forget pmsdesk.demo if an earlier test loaded it, so an import during this test shows."""
    for name in [name for name in sys.modules if name == "pmsdesk.demo" or name.startswith("pmsdesk.demo.")]:
        monkeypatch.delitem(sys.modules, name)
    yield
    loaded = [name for name in sys.modules if name == "pmsdesk.demo" or name.startswith("pmsdesk.demo.")]
    assert loaded == [], f"the day-one flow imported {loaded}"


@pytest.fixture
def empty_file(tmp_path):
    database = open_database(tmp_path / "ngwathe.sqlite")
    yield database
    database.dispose()


def run_wizard(qtbot, database, operations) -> SetupWizard:
    """Type the organisation, accept the laid-out year, type the administrator, keep the defaults."""
    wizard = SetupWizard(database, operations)
    qtbot.addWidget(wizard)
    wizard.show()
    fields = wizard.organisation.fields
    qtbot.keyClicks(fields.name, ORGANISATION["name"])
    qtbot.keyClicks(fields.code, ORGANISATION["code"])
    qtbot.keyClicks(fields.region, ORGANISATION["region"])
    qtbot.keyClicks(fields.address, ORGANISATION["address"])
    qtbot.keyClicks(fields.contact, ORGANISATION["contact"])
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.year
    wizard.year.year.setText("2026/27")
    wizard.year.lay_out()
    assert [(first.date().toPython(), last.date().toPython()) for first, last in wizard.year.quarter_boxes][0] == \
        (date(2026, 7, 1), date(2026, 9, 30))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.administrator
    qtbot.keyClicks(page.full_name, "Thabo Mokoena")
    qtbot.keyClicks(page.username, ADMIN)
    qtbot.keyClicks(page.password, ADMIN_PASSWORD)
    qtbot.keyClicks(page.password_again, ADMIN_PASSWORD)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.defaults
    assert "Basic Service Delivery" in wizard.defaults.summary.toPlainText()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    return wizard


def window_for(qtbot, database, operations, actor) -> MainWindow:
    window = MainWindow(database, actor, operations)
    qtbot.addWidget(window)
    window.show()
    return window


def signed_in(qtbot, database, operations, username: str, password: str) -> MainWindow:
    with database.session() as session:
        actor = users.sign_in(session, username, password)
    return window_for(qtbot, database, operations, actor)


def add_directorate(qtbot, window: MainWindow) -> None:
    plans = open_screen(window, "Plans")
    plans.tree.setFocus()
    plans.tree.select("group:unit")
    qtbot.mouseClick(plans.add_child_button, Qt.MouseButton.LeftButton)
    page = plans.pages["unit"]
    qtbot.keyClicks(page.inputs["code"], "TS")
    qtbot.keyClicks(page.inputs["name"], "Technical Services")
    qtbot.mouseClick(plans.save_button, Qt.MouseButton.LeftButton)
    assert plans.status.text() == "Added the unit.", plans.status.text()


def add_person(qtbot, screen, name: str, number: str, post: str, senior: bool, supervisor: str | None) -> None:
    qtbot.mouseClick(screen.add, Qt.MouseButton.LeftButton)
    form = screen.form
    qtbot.keyClicks(form.full_name, name)
    qtbot.keyClicks(form.employee_number, number)
    qtbot.keyClicks(form.position_title, post)
    form.senior.setChecked(senior)
    form.unit.setCurrentIndex(form.unit.findText("TS Technical Services"))
    if supervisor:
        form.supervisor.setCurrentIndex(form.supervisor.findText(supervisor))
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert not form.form.general.isVisible(), form.form.general.text()


def add_kpi(qtbot, window: MainWindow) -> None:
    dialog = open_screen(window, "KPI register").new_kpi()
    ui = dialog.ui
    qtbot.keyClicks(ui.lines["reference"], "TS1")
    qtbot.keyClicks(ui.texts["name"], "Number of households connected to water")
    choose(ui.links["kpa_id"], "BSD Basic Service Delivery")
    choose(ui.links["responsible_unit_id"], "TS Technical Services")
    qtbot.keyClicks(ui.lines["unit_of_measure"], "households")
    qtbot.keyClicks(ui.lines["annual_target"], "400")
    for row in range(4):
        ui.targets.item(row, 1).setText("100")
    qtbot.mouseClick(ui.save, Qt.MouseButton.LeftButton)


def test_a_new_municipality_sets_up_reports_and_prints_without_the_demo(
        qtbot, without_demo, empty_file, tmp_path, monkeypatch, answers):
    monkeypatch.setattr("pmsdesk.ui.main_window.ask_to_discard", lambda *_args: True)  # a failure must not hang
    database = empty_file
    operations = ImmediateOperations(database)

    wizard = run_wizard(qtbot, database, operations)
    assert wizard.result() == QWizard.DialogCode.Accepted and wizard.actor.username == ADMIN
    admin = window_for(qtbot, database, operations, wizard.actor)
    assert admin.windowTitle() == f"pmsdesk — {ORGANISATION['name']} — {ADMIN}"
    assert "DEMO" not in admin.windowTitle() and not hasattr(admin, "demo_label")
    with database.session() as session:
        assert sorted(session.scalars(select(User.username))) == [ADMIN], "no demo accounts"

    add_directorate(qtbot, admin)
    people_screen = open_screen(admin, "People")
    add_person(qtbot, people_screen, "Sipho Nkosi", "E100", "Director: Technical Services", True, None)
    add_person(qtbot, people_screen, "Lerato Dube", "E101", "Water engineer", False, "Sipho Nkosi")
    assert [people_screen.model.row_at(row).full_name for row in range(people_screen.model.rowCount())] == \
        ["Lerato Dube", "Sipho Nkosi"]
    assert people_screen.model.row_at(0).supervisor_name == "Sipho Nkosi"
    add_kpi(qtbot, admin)
    with database.session() as session:
        kpi = session.scalar(select(Kpi))
        assert (kpi.reference, sorted(target.value for target in kpi.targets)) == ("TS1", [100] * 4)
        unit_id = session.scalar(select(Unit.id).where(Unit.code == "TS"))
        for username, role, unit in (("capturer.ts", Role.CAPTURER, unit_id), ("auditor", Role.VERIFIER, None),
                                     ("mm", Role.APPROVER, None)):
            users.create_user(session, wizard.actor, {"username": username, "full_name": username},
                              f"{username}-Pass-2026", [(role, unit)])

    capturer = signed_in(qtbot, database, operations, "capturer.ts", "capturer.ts-Pass-2026")
    reporting = open_screen(capturer, "Quarterly reporting")
    assert reporting.periods.select_label("Q1")
    click_row(qtbot, reporting.table, "TS1")
    qtbot.keyClicks(reporting.editor.ui.number, "95")
    qtbot.keyClicks(reporting.editor.ui.narrative, "Connected 95 households in ward 4.")
    answers[0].append("Submit")
    qtbot.mouseClick(reporting.editor.ui.submit, Qt.MouseButton.LeftButton)
    for username, button in (("auditor", "verify"), ("mm", "approve")):
        reviewer = signed_in(qtbot, database, operations, username, f"{username}-Pass-2026")
        review = open_screen(reviewer, "Verification")
        assert review.periods.select_label("Q1")
        click_row(qtbot, review.table, "TS1")
        qtbot.mouseClick(getattr(review.panel.ui, button), Qt.MouseButton.LeftButton)
    with database.session() as session:
        actual = session.scalar(select(PeriodActual))
        assert (actual.status, actual.value, actual.captured_by, actual.verified_by, actual.approved_by) == \
            (ActualStatus.APPROVED, 95.0, "capturer.ts", "auditor", "mm")

    agreements = open_screen(admin, "Agreements")
    form = agreements.form
    qtbot.mouseClick(agreements.new, Qt.MouseButton.LeftButton)
    assert agreements.unsaved_changes() is None, "the suggested lines are no edit"
    assert [form.person.itemText(n) for n in range(1, form.person.count())] == \
        ["Lerato Dube — Water engineer", "Sipho Nkosi — Director: Technical Services"], "the People screen's people"
    form.person.setCurrentIndex(form.person.findText("Sipho Nkosi — Director: Technical Services"))
    assert [form.grid.item(row, TITLE).text() for row in range(form.grid.rowCount())] == [
        "Financial Management", "People Management and Empowerment", "Client Orientation and Customer Focus"], \
        "a new agreement starts with the compulsory CCRs the set-up stored"
    qtbot.keyClicks(form.picker.search, "households")
    qtbot.keyClick(form.picker.search, Qt.Key.Key_Return)
    for row, weight in enumerate(("40", "30", "30", "100")):
        type_into_cell(qtbot, form.grid, row, WEIGHT, weight)
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    assert not form.messages.general.isVisible(), form.messages.general.text()
    qtbot.mouseClick(form.sign, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(agreements.dialog.place, "Parys")
    qtbot.mouseClick(agreements.dialog.ok, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert form.detail.agreement.status == AgreementStatus.SIGNED

    with database.session() as session:
        quarterly = issue_report(session, wizard.actor, ReportRequest("quarterly", year="2026/27", period=1),
                                 tmp_path / "q1.pdf")
        agreement = issue_report(session, wizard.actor, ReportRequest("agreement", year="2026/27",
                                                                      person="Sipho Nkosi"), tmp_path / "pa.pdf")
    quarterly_text = " ".join(page.extract_text() for page in PdfReader(quarterly.path).pages)
    agreement_text = " ".join(page.extract_text() for page in PdfReader(agreement.path).pages)
    assert ORGANISATION["name"] in quarterly_text and "TS1" in quarterly_text
    assert "Sipho Nkosi" in agreement_text and "Financial Management" in agreement_text
    assert "DEMO" not in quarterly_text + agreement_text
