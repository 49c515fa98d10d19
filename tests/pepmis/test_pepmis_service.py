"""PEPMIS through the services: plan weights, assignments, progress, marks, appeals — and refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from pmsdesk.models import AuditEvent, EvidenceContent, PepmisAssignment, PepmisProgress, PepmisSubTask, PepmisTask
from pmsdesk.services import pepmis, years
from pmsdesk.services.errors import LockedRecord, PermissionDenied, ValidationError


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _events(session) -> int:
    return _count(session, AuditEvent)


def _assign(session, council, plan, index=0, quarter=0):
    return pepmis.assign_sub_task(session, council.actors["hr"], plan.sub_task_ids[index], council.employee_id,
                                  council.quarter_ids[quarter], council.supervisor_id)


def _mark(session, council, assignment_id, quantitative=80, qualitative=70, on="2025-10-05", who="juma"):
    return pepmis.mark_sub_task(session, council.actors[who], assignment_id, {
        "quantitative_mark": quantitative, "qualitative_mark": qualitative, "marked_on": on})


def test_a_plan_is_for_tanzanian_organisations_only(session, council, small_org):
    with pytest.raises(ValidationError, match="Tanzanian institutions"):
        pepmis.create_plan(session, council.actors["hr"], small_org.organisation_id, small_org.year_id,
                           {"title": "Plan"})


def test_task_weights_above_100_are_refused_and_nothing_is_written(session, council, plan):
    before = (_count(session, PepmisTask), _events(session))
    with pytest.raises(ValidationError) as error:
        pepmis.add_task(session, council.actors["hr"], plan.plan_id, {"code": "T3", "title": "Extra", "weight": 5})
    assert "would make the tasks' weights total 105" in str(error.value)
    assert "at most 0 is left" in str(error.value)
    assert (_count(session, PepmisTask), _events(session)) == before


def test_sub_task_weights_above_100_are_refused(session, council, plan):
    before = _count(session, PepmisSubTask)
    with pytest.raises(ValidationError, match="sub-task weights of task T1 total 110"):
        pepmis.update_sub_task(session, council.actors["hr"], plan.sub_task_ids[1], {"weight": 40})
    assert _count(session, PepmisSubTask) == before


def test_sub_tasks_are_assigned_only_when_the_weights_total_100(session, council, plan):
    pepmis.update_task(session, council.actors["hr"], plan.task_ids[1], {"weight": 30})
    before = _count(session, PepmisAssignment)
    with pytest.raises(ValidationError) as error:
        _assign(session, council, plan)
    assert "the tasks' weights of the plan total 90; they must total 100" in str(error.value)
    assert _count(session, PepmisAssignment) == before


def test_the_employee_and_the_capturer_enter_progress_with_evidence(session, council, plan):
    assignment = _assign(session, council, plan)
    pepmis.add_progress(session, council.actors["amina"], assignment.id, {
        "entry_date": "2025-07-11", "text": "3 clinics held in week 2", "percent_done": 10})
    entry = pepmis.add_progress(session, council.actors["clerk"], assignment.id, {
        "entry_date": "2025-07-18", "text": "2 more clinics", "percent_done": 15},
        evidence=("C:\\scans\\attendance week 3.pdf", b"%PDF-1.4 attendance"))
    assert entry.evidence_name == "attendance week 3.pdf"
    assert session.get(EvidenceContent, entry.evidence_sha256).data == b"%PDF-1.4 attendance"
    rows = pepmis.assignments_of(session, council.year_id, council.employee_id)
    assert [line.percent_done for line in rows[0].progress] == [10, 15]
    assert rows[0].percent_done == 15


def test_progress_from_someone_else_is_refused(session, council, plan, people):
    from pmsdesk.models import Role

    assignment = _assign(session, council, plan)
    with pytest.raises(PermissionDenied, match="may not enter progress for Amina Mushi"):
        pepmis.add_progress(session, people[Role.VERIFIER], assignment.id, {
            "entry_date": "2025-07-11", "text": "x", "percent_done": 10})


def test_progress_in_a_closed_period_is_refused_and_nothing_is_written(session, council, plan, system):
    assignment = _assign(session, council, plan)
    years.close_period(session, system, council.quarter_ids[0])
    before = (_count(session, PepmisProgress), _events(session))
    with pytest.raises(LockedRecord, match="The period Q1 is closed"):
        pepmis.add_progress(session, council.actors["amina"], assignment.id, {
            "entry_date": "2025-09-01", "text": "late entry", "percent_done": 50})
    assert (_count(session, PepmisProgress), _events(session)) == before


def test_progress_outside_the_period_names_the_period(session, council, plan):
    assignment = _assign(session, council, plan)
    with pytest.raises(ValidationError, match="2025-10-02 is outside Q1"):
        pepmis.add_progress(session, council.actors["amina"], assignment.id, {
            "entry_date": "2025-10-02", "text": "x", "percent_done": 10})


@pytest.mark.parametrize("quantitative, qualitative, field", [(101, 50, "quantitative_mark"),
                                                              (50, -1, "qualitative_mark")])
def test_marks_outside_0_to_100_are_refused(session, council, plan, quantitative, qualitative, field):
    assignment = _assign(session, council, plan)
    with pytest.raises(ValidationError) as error:
        _mark(session, council, assignment.id, quantitative, qualitative)
    assert field in error.value.problems
    session.refresh(assignment)
    assert assignment.quantitative_mark is None and assignment.qualitative_mark is None


def test_a_supervisor_cannot_mark_their_own_sub_task(session, council, plan):
    own = pepmis.assign_sub_task(session, council.actors["hr"], plan.sub_task_ids[0], council.supervisor_id,
                                 council.quarter_ids[0])
    with pytest.raises(PermissionDenied, match="may not mark their own sub-task"):
        _mark(session, council, own.id)


def test_the_employee_cannot_mark_at_all(session, council, plan):
    assignment = _assign(session, council, plan)
    with pytest.raises(PermissionDenied):
        _mark(session, council, assignment.id, who="amina")


def test_period_and_annual_scores_follow_the_weights(session, council, plan):
    """Q1: T1.1 (70) marked 80/70 → 75; T1.2 (30) 60/60 → 60; T1 = 70.5. T2.1 (100) 90/90 → T2 = 90.
    Overall = (60 x 70.5 + 40 x 90) / 100 = 78.3. Q2: only T2.1 marked 50/50 → overall 50. Annual = 64.15."""
    q1 = [_assign(session, council, plan, index) for index in range(3)]
    for assignment, marks in zip(q1, [(80, 70), (60, 60), (90, 90)]):
        _mark(session, council, assignment.id, *marks)
    q2 = _assign(session, council, plan, 2, quarter=1)
    _mark(session, council, q2.id, 50, 50, on="2026-01-06")
    report = pepmis.employee_report(session, council.year_id, council.employee_id)
    first, second = report.periods
    assert [task.score for task in first.score.tasks] == [pytest.approx(70.5), pytest.approx(90)]
    assert first.score.overall == pytest.approx(78.3)
    assert first.score.band["name"] == "Performance above average"
    assert second.score.overall == pytest.approx(50)
    assert report.annual == pytest.approx(64.15)
    assert report.annual_band["name_sw"] == "Wastani"


def test_an_appeal_after_the_deadline_is_refused(session, council, plan):
    assignment = _assign(session, council, plan)
    _mark(session, council, assignment.id, on="2025-10-05")
    before = _events(session)
    with pytest.raises(ValidationError, match="the appeal period ended on 2025-10-19"):
        pepmis.lodge_appeal(session, council.actors["amina"], assignment.id,
                            {"grounds": "Clinic records were not considered", "lodged_on": "2025-10-20"})
    assert _events(session) == before


def test_an_upheld_appeal_replaces_the_marks_in_the_score(session, council, plan):
    assignment = _assign(session, council, plan, 2)
    _mark(session, council, assignment.id, 40, 40)
    appeal = pepmis.lodge_appeal(session, council.actors["amina"], assignment.id,
                                 {"grounds": "Reports were on time (DHIS2 log)", "lodged_on": "2025-10-19"})
    with pytest.raises(LockedRecord, match="under appeal"):
        _mark(session, council, assignment.id, 90, 90)
    with pytest.raises(PermissionDenied, match="gave these marks"):
        pepmis.decide_appeal(session, council.actors["juma"], appeal.id, "upheld", {
            "decision": "x", "decided_on": "2025-10-25", "revised_quantitative_mark": 85,
            "revised_qualitative_mark": 75})
    pepmis.decide_appeal(session, council.actors["director"], appeal.id, "upheld", {
        "decision": "DHIS2 log shows every report by the 7th", "decided_on": "2025-10-25",
        "revised_quantitative_mark": 85, "revised_qualitative_mark": 75})
    row = pepmis.assignments_of(session, council.year_id, council.employee_id)[0]
    assert (row.mark, row.appeal_status) == (pytest.approx(80), "upheld")
    session.refresh(assignment)
    assert assignment.quantitative_mark == 40  # the supervisor's marks stay on record


def test_every_write_is_audited(session, council, plan):
    before = _events(session)
    assignment = _assign(session, council, plan)
    pepmis.add_progress(session, council.actors["amina"], assignment.id, {
        "entry_date": "2025-07-11", "text": "started", "percent_done": 5})
    _mark(session, council, assignment.id)
    entities = list(session.scalars(select(AuditEvent.entity).order_by(AuditEvent.id).offset(before)))
    assert entities == ["pepmis_assignment", "pepmis_progress", "pepmis_assignment"]


def test_institution_summary_lists_each_employee(session, council, plan):
    assignment = _assign(session, council, plan, 2)
    _mark(session, council, assignment.id, 100, 80)
    summary = pepmis.institution_summary(session, council.year_id)
    assert [e.person_name for e in summary.employees] == ["Amina Mushi"]
    assert summary.institution_score == pytest.approx(90)
    assert summary.period_labels == ("Q1",)


@pytest.fixture
def database(any_database):
    """These service rules must hold on SQLite and on PostgreSQL alike."""
    return any_database


def test_a_retired_official_gets_no_new_sub_tasks(session, council, plan, system):
    from pmsdesk.services import people

    people.retire_official(session, system, council.employee_id, date(2025, 8, 31), reason="Transferred to Chunya DC")
    with pytest.raises(ValidationError, match="Amina Mushi retired on 2025-08-31"):
        _assign(session, council, plan)
