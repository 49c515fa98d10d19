"""The PEPMIS window: the HR officer plans and assigns, the employee reports progress, the supervisor
marks, and the printed report carries it all — driven by keyboard and mouse through pytest-qt."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from pmsdesk.models import PepmisTask
from pmsdesk.services import pepmis, years
from pmsdesk.services.register import list_financial_years
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.pepmis import PepmisView
from pmsdesk.ui.pepmis.model import AssignmentTableModel

from .conftest import build_council, build_plan


@pytest.fixture
def council_db(database, system):
    with database.session() as session:
        council = build_council(session, system)
        year = next(y for y in list_financial_years(session, council.organisation_id) if y.id == council.year_id)
    return database, council, year


@pytest.fixture
def open_view(qtbot, council_db):
    database, council, year = council_db
    operations = ImmediateOperations(database)

    def open_view(username: str) -> PepmisView:
        view = PepmisView(operations, council.actors[username])
        qtbot.addWidget(view)
        view.resize(1366, 768)
        view.show()
        view.show_year(year)
        return view

    return open_view


def assigned(council_db, sub_task: int = 0, **work) -> str:
    """The plan built by the services, one sub-task assigned to Amina for Q1; then ``work(session, council, id)``."""
    database, council, _ = council_db
    with database.session() as session:
        plan = build_plan(session, council.actors["hr"], council)
        assignment = pepmis.assign_sub_task(session, council.actors["hr"], plan.sub_task_ids[sub_task],
                                            council.employee_id, council.quarter_ids[0])
        for step in work.values():
            step(session, council, assignment.id)
        return assignment.id


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll() if hasattr(widget, "selectAll") else None
    qtbot.keyClicks(widget, text)


def set_number(qtbot, box, value: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, value)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(box, text: str) -> None:
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemText(i).startswith(text)))


def add_task(qtbot, view, code, title, weight) -> None:
    plan = view.plan
    type_into(qtbot, plan.task_code, code)
    type_into(qtbot, plan.task_title, title)
    set_number(qtbot, plan.task_weight, weight)
    click(qtbot, plan.add_task_button)


def add_sub_task(qtbot, view, task, code, title, weight, target) -> None:
    plan = view.plan
    choose(plan.sub_task_of, task)
    type_into(qtbot, plan.sub_code, code)
    type_into(qtbot, plan.sub_title, title)
    set_number(qtbot, plan.sub_weight, weight)
    type_into(qtbot, plan.sub_target, target)
    qtbot.keyClick(plan.add_sub_button, Qt.Key.Key_Space)


def test_a_sub_task_from_assignment_through_progress_and_marks_to_the_printed_report(
        qtbot, open_view, council_db, tmp_path):
    database, council, _ = council_db
    hr = open_view("hr")
    assert hr.plan.plan_group.isVisible() and "No plan for this year" in hr.plan.problems.text()
    type_into(qtbot, hr.plan.plan_title, "Mbeya DC performance plan 2025/26")
    click(qtbot, hr.plan.create_plan_button)
    add_task(qtbot, hr, "T1", "Raise child immunisation coverage", "60")
    add_task(qtbot, hr, "T2", "Submit health reports on time", "50")
    assert "would make the tasks' weights total 110" in hr.plan.task_messages.general.text()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(PepmisTask)) == 1
    hr.plan.task_code.clear()
    hr.plan.task_title.clear()
    add_task(qtbot, hr, "T2", "Submit health reports on time", "40")
    add_sub_task(qtbot, hr, "T1", "T1.1", "Run monthly outreach clinics", "100", "36 clinics")
    add_sub_task(qtbot, hr, "T2", "T2.1", "Submit the monthly DHIS2 report", "100", "12 reports")
    assert hr.plan.tree.topLevelItemCount() == 2 and not hr.plan.problems.isVisible()

    choose(hr.plan.assign_sub_task, "T1.1")
    choose(hr.plan.assign_person, "Amina Mushi")
    choose(hr.plan.assign_period, "Q1")
    choose(hr.plan.assign_supervisor, "Juma Said")
    click(qtbot, hr.plan.assign_button)
    assert hr.status.text() == "Sub-task assigned."

    amina = open_view("amina")
    amina.tabs.setCurrentIndex(1)
    work = amina.work
    assert work.model.rowCount() == 1
    work.table.selectRow(0)
    for day, text, percent in ((date(2025, 7, 11), "Clinics in Ilembo and Inyala", "20"),
                               (date(2025, 7, 18), "Clinics in Iwindi", "35")):
        work.progress_date.setDate(QDate(day))
        type_into(qtbot, work.progress_text, text)
        set_number(qtbot, work.progress_percent, percent)
        if percent == "35":
            work.attach("register-week3.pdf", b"%PDF register")
        click(qtbot, work.progress_button)
    assert work.model.row_at(0).percent_done == 35
    assert not work.marks_messages.general.isVisible()
    work.quantitative.setValue(90)
    click(qtbot, work.marks_button)  # an employee cannot mark
    assert "may not approve" in work.marks_messages.general.text()

    juma = open_view("juma")
    juma.tabs.setCurrentIndex(1)
    work = juma.work
    work.table.selectRow(0)
    set_number(qtbot, work.quantitative, "80")
    set_number(qtbot, work.qualitative, "70")
    type_into(qtbot, work.mark_comment, "Good coverage; registers late")
    work.marked_on.setDate(QDate(2025, 10, 5))
    click(qtbot, work.marks_button)
    row = work.model.row_at(0)
    assert (row.quantitative, row.qualitative, row.mark) == (80, 70, 75)
    assert work.model.data(work.model.index(0, AssignmentTableModel.MARK)) == "75"
    assert "Period score: 75.0 Performance above average (Juu ya wastani)" in work.score_label.text()

    hr = open_view("hr")
    hr.tabs.setCurrentIndex(2)
    choose(hr.report_person, "Amina Mushi")
    click(qtbot, hr.preview_button)
    assert hr.preview.page_count >= 1
    out = tmp_path / "amina.pdf"
    hr.save_report(hr._last_request, str(out))
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for expected in ["PEPMIS employee performance report", "Amina Mushi", "Juma Said",
                     "T1.1 Run monthly outreach clinics", "Clinics in Ilembo and Inyala", "register-week3.pdf",
                     "80.0", "70.0", "75.0", "Performance above average (Juu ya wastani)", "4. Signatures"]:
        assert expected in text, f"{expected!r} missing from the printed report"
    assert "Saved PEPMIS report: Amina Mushi" in hr.status.text()


def test_progress_in_a_closed_period_is_refused_in_the_form(qtbot, open_view, council_db, system):
    assigned(council_db, close=lambda session, council, _id: years.close_period(session, system,
                                                                              council.quarter_ids[0]))
    view = open_view("clerk")
    view.tabs.setCurrentIndex(1)
    view.work.table.selectRow(0)
    view.work.progress_date.setDate(QDate(2025, 9, 1))
    type_into(qtbot, view.work.progress_text, "Late entry")
    click(qtbot, view.work.progress_button)
    assert "The period Q1 is closed" in view.work.progress_messages.general.text()
    assert view.work.model.row_at(0).progress == ()


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_the_screen_fits_small_and_common_screens(qtbot, open_view, size):
    view = open_view("hr")
    view.resize(*size)
    view.tabs.setCurrentIndex(1)
    assert view.work.table.isVisible()


def test_choosing_a_sub_task_shows_its_progress_and_marks(qtbot, open_view, council_db):
    assigned(council_db, 2, progress=lambda session, council, assignment_id: pepmis.add_progress(
        session, council.actors["amina"], assignment_id, {
            "entry_date": "2025-08-07", "text": "July report submitted", "percent_done": 8,
            "evidence_reference": "DHIS2 receipt 4411"}),
        marks=lambda session, council, assignment_id: pepmis.mark_sub_task(
            session, council.actors["juma"], assignment_id, {
                "quantitative_mark": 60, "qualitative_mark": 50, "marked_on": "2025-10-03"}))
    view = open_view("juma")
    view.tabs.setCurrentIndex(1)
    view.work.table.selectRow(0)
    assert "2025-08-07: 8% July report submitted [DHIS2 receipt 4411]" in view.work.history_label.text()
    assert (view.work.quantitative.value(), view.work.qualitative.value()) == (60, 50)


def test_the_pepmis_screen_is_listed_only_where_a_tanzanian_organisation_is_kept(qtbot, database, empty_database):
    from PySide6.QtWidgets import QWidget

    from pmsdesk.services.actor import Actor
    from pmsdesk.ui.screen_catalogue import ScreenContext, screens_for

    def keys(db) -> list[str]:
        parent = QWidget()
        qtbot.addWidget(parent)
        context = ScreenContext(db, ImmediateOperations(db), Actor.system("tester"), 1, parent)
        return [entry.key for entry in screens_for(context)]

    assert "pepmis" not in keys(database)  # the seeded South African municipality
    with database.session() as session:
        build_council(session, Actor.system("tester"))
    assert "pepmis" in keys(database)
    assert "pepmis" not in keys(empty_database)


def test_the_hr_officer_corrects_a_weight_in_the_tree(qtbot, open_view, council_db):
    database, council, _ = council_db
    with database.session() as session:
        plan = build_plan(session, council.actors["hr"], council)
        pepmis.update_sub_task(session, council.actors["hr"], plan.sub_task_ids[1], {"weight": 20})
    view = open_view("hr")
    assert "The sub-task weights of task T1 total 90" in view.plan.problems.text()
    second = view.plan.tree.topLevelItem(0).child(1)
    view.plan.tree.setCurrentItem(second)
    assert view.plan.edit_weight.value() == 20
    set_number(qtbot, view.plan.edit_weight, "50")
    click(qtbot, view.plan.edit_button)
    assert "would make the sub-task weights of task T1 total 120" in view.plan.edit_messages.general.text()
    view.plan.tree.setCurrentItem(view.plan.tree.topLevelItem(0).child(1))
    set_number(qtbot, view.plan.edit_weight, "30")
    click(qtbot, view.plan.edit_button)
    assert view.status.text() == "Weight changed." and not view.plan.problems.isVisible()


def test_overdue_progress_is_pointed_out(qtbot, open_view, council_db):
    assigned(council_db, progress=lambda session, council, assignment_id: pepmis.add_progress(
        session, council.actors["amina"], assignment_id, {"entry_date": "2025-07-04", "text": "Started",
                                                          "percent_done": 5}))
    view = open_view("amina")
    view.work.fixed_today = date(2025, 7, 20)
    view.tabs.setCurrentIndex(1)
    view.work.table.selectRow(0)
    assert ("Progress is overdue: an entry is expected every 7 days; the last was on 2025-07-04."
            in view.work.history_label.text())
    view.work.table.clearSelection()
    view.work.fixed_today = date(2025, 7, 10)
    view.work.table.selectRow(0)
    assert "overdue" not in view.work.history_label.text()


def test_assigned_sub_tasks_are_listed_by_employee_then_period(qtbot, open_view, council_db):
    database, council, _ = council_db
    assigned(council_db, more=lambda session, council, _id: [
        pepmis.assign_sub_task(session, council.actors["hr"], sub_task_id, person_id, council.quarter_ids[0])
        for sub_task_id, person_id in ((_sub_task(session, "T2.1"), council.supervisor_id),
                                       (_sub_task(session, "T1.2"), council.employee_id))])
    view = open_view("hr")
    rows = [view.work.model.row_at(view.work.filter.mapToSource(view.work.filter.index(r, 0)).row())
            for r in range(view.work.filter.rowCount())]
    assert [row.person_name for row in rows] == ["Amina Mushi", "Amina Mushi", "Juma Said"]


def _sub_task(session, code: str) -> str:
    from sqlalchemy import select as sql_select

    from pmsdesk.models import PepmisSubTask

    return session.scalar(sql_select(PepmisSubTask.id).where(PepmisSubTask.code == code))


def test_the_progress_date_starts_inside_the_chosen_period(qtbot, open_view, council_db):
    assigned(council_db)
    view = open_view("amina")
    view.work.fixed_today = date(2026, 12, 6)  # long after Q1
    view.tabs.setCurrentIndex(1)
    view.work.table.selectRow(0)
    assert view.work.progress_date.date().toPython() == date(2025, 9, 30)
