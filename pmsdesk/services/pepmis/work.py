"""PEPMIS work through the period: assignments, progress entries, supervisor marks and appeals.

Who may do what: the HR officer (``manage agreements``) assigns sub-tasks;
the employee, or a capturer of the employee's unit, enters progress; an
approver of the unit marks, but never their own sub-tasks; the employee (or a
capturer / the HR officer for them) appeals within the rule set's
``appeal_days``; an approver who did not give the marks decides the appeal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import (
    PepmisAppeal,
    PepmisAssignment,
    PepmisPlan,
    PepmisProgress,
    PepmisSubTask,
    Person,
    ReportingPeriod,
    User,
)

from ..actor import Actor, Permission
from ..errors import LockedRecord, PermissionDenied, ValidationError
from ..evidence import store_evidence_content
from ..records import add_record, change_record, get_or_fail, transaction
from ..validation import a_date, clean, number, text
from .plans import PLAN_PERMISSION, weight_problems
from .reads import pepmis_rules

PROGRESS_FIELDS = {
    "entry_date": a_date(required=True),
    "text": text(4000, required=True),
    "percent_done": number(minimum=0, maximum=100, required=True),
    "evidence_reference": text(1000),
}
MARK_FIELDS = {
    "quantitative_mark": number(minimum=0, maximum=100, required=True),
    "qualitative_mark": number(minimum=0, maximum=100, required=True),
    "mark_comment": text(4000),
    "marked_on": a_date(required=True),
}
APPEAL_FIELDS = {"grounds": text(4000, required=True), "lodged_on": a_date(required=True)}
OUTCOMES = ("upheld", "dismissed")
DECISION_FIELDS = {
    "decision": text(4000, required=True),
    "decided_on": a_date(required=True),
    "revised_quantitative_mark": number(minimum=0, maximum=100),
    "revised_qualitative_mark": number(minimum=0, maximum=100),
}


def _own_person_id(session: Session, actor: Actor) -> str | None:
    """The person record of the signed-in user, if their account is linked to one."""
    return session.scalar(select(User.person_id).where(User.username == actor.username))


def _unit_of(person: Person) -> str | None:
    return person.position.unit_id if person.position is not None else None


def _for_the_employee(session: Session, actor: Actor, assignment: PepmisAssignment, doing: str,
                      *permissions: Permission) -> None:
    """The employee may act on their own sub-task; others need one of ``permissions`` for their unit."""
    if _own_person_id(session, actor) == assignment.person_id:
        return
    unit_id = _unit_of(assignment.person)
    if not any(actor.can(permission, unit_id) for permission in permissions):
        raise PermissionDenied(f"{actor.username} may not {doing} for {assignment.person.full_name}.")


def _open_period(period: ReportingPeriod, doing: str) -> None:
    if period.is_closed:
        raise LockedRecord(f"The period {period.label} is closed: {doing} is no longer possible. "
                           "Ask the PMS officer to reopen it if the entry is late for a good reason.")


def assign_sub_task(session: Session, actor: Actor, sub_task_id: str, person_id: str, period_id: str,
                    supervisor_person_id: str | None = None) -> PepmisAssignment:
    """Give an employee a sub-task for a period; the plan's weights must total 100 first.

    Without ``supervisor_person_id`` the employee's supervisor on the People records is taken.
    """
    actor.require(PLAN_PERMISSION)
    sub_task = get_or_fail(session, PepmisSubTask, sub_task_id, "PEPMIS sub-task")
    plan: PepmisPlan = sub_task.task.plan
    person = get_or_fail(session, Person, person_id, "person")
    period = get_or_fail(session, ReportingPeriod, period_id, "reporting period")
    if person.organisation_id != plan.organisation_id:
        raise ValidationError.single("person_id", f"{person.full_name} works for another organisation")
    if person.retired_on is not None:
        raise ValidationError.single("person_id", f"{person.full_name} retired on {person.retired_on.isoformat()}; "
                                     "assign the sub-task to someone in post")
    supervisor_person_id = supervisor_person_id or person.supervisor_id  # as on the People records
    if supervisor_person_id is not None:
        supervisor = get_or_fail(session, Person, supervisor_person_id, "supervisor")
        if supervisor.id == person.id or supervisor.organisation_id != plan.organisation_id:
            raise ValidationError.single("supervisor_person_id", "the supervisor must be another person "
                                         "of the same organisation")
    if period.financial_year_id != plan.financial_year_id:
        raise ValidationError.single("period_id", f"{period.label} is not a period of the plan's year")
    _open_period(period, "assigning sub-tasks")
    if problems := weight_problems(plan):
        raise ValidationError.single("weight", "; ".join(problems) + " before sub-tasks are assigned")
    if session.scalar(select(PepmisAssignment.id).where(
            PepmisAssignment.sub_task_id == sub_task.id, PepmisAssignment.person_id == person.id,
            PepmisAssignment.period_id == period.id)):
        raise ValidationError.single("sub_task_id", f"{person.full_name} already has sub-task {sub_task.code} "
                                     f"in {period.label}")
    with transaction(session):
        return add_record(session, actor, PepmisAssignment(
            sub_task_id=sub_task.id, person_id=person.id, period_id=period.id,
            supervisor_person_id=supervisor_person_id))


def add_progress(session: Session, actor: Actor, assignment_id: str, values: Mapping[str, Any],
                 evidence: tuple[str, bytes] | None = None) -> PepmisProgress:
    """A progress entry (weekly, or as the institution sets) with an optional evidence file.

    The file's bytes are stored once per content hash with the rest of the
    portfolio of evidence; a reference text (e.g. a file number) may stand in.
    """
    assignment = get_or_fail(session, PepmisAssignment, assignment_id, "PEPMIS assignment")
    _for_the_employee(session, actor, assignment, "enter progress", Permission.CAPTURE_ACTUALS)
    period = assignment.period
    _open_period(period, "entering progress")
    data = clean(values, PROGRESS_FIELDS)
    if not period.start_date <= data["entry_date"] <= period.end_date:
        raise ValidationError.single("entry_date", f"{data['entry_date'].isoformat()} is outside {period.label} "
                                     f"({period.start_date.isoformat()} to {period.end_date.isoformat()})")
    with transaction(session):
        if evidence is not None:
            stored = store_evidence_content(session, *evidence)
            data.update(evidence_sha256=stored.sha256, evidence_name=stored.name)
        return add_record(session, actor, PepmisProgress(assignment=assignment, captured_by=actor.username,
                                                         **data))


def mark_sub_task(session: Session, actor: Actor, assignment_id: str, values: Mapping[str, Any]) -> PepmisAssignment:
    """The supervisor's quantitative and qualitative marks (0-100 each) for an assigned sub-task."""
    assignment = get_or_fail(session, PepmisAssignment, assignment_id, "PEPMIS assignment")
    actor.require(Permission.APPROVE, _unit_of(assignment.person))
    if _own_person_id(session, actor) == assignment.person_id:
        raise PermissionDenied(f"{actor.username} may not mark their own sub-task; their supervisor marks it.")
    if session.scalar(select(PepmisAppeal.id).where(PepmisAppeal.assignment_id == assignment.id).limit(1)):
        raise LockedRecord(f"Sub-task {assignment.sub_task.code} of {assignment.person.full_name} is under "
                           "appeal: its marks change only through the appeal's outcome.")
    data = clean(values, MARK_FIELDS)
    if data["marked_on"] < assignment.period.start_date:
        raise ValidationError.single("marked_on", f"is before the period {assignment.period.label} starts")
    with transaction(session):
        return change_record(session, actor, assignment, {**data, "marked_by": actor.username})


def lodge_appeal(session: Session, actor: Actor, assignment_id: str, values: Mapping[str, Any]) -> PepmisAppeal:
    """The employee's appeal against the marks, within the rule set's appeal period."""
    assignment = get_or_fail(session, PepmisAssignment, assignment_id, "PEPMIS assignment")
    _for_the_employee(session, actor, assignment, "lodge an appeal", Permission.CAPTURE_ACTUALS, PLAN_PERMISSION)
    data = clean(values, APPEAL_FIELDS)
    if assignment.marked_on is None:
        raise ValidationError.single("assignment", f"sub-task {assignment.sub_task.code} has no marks to appeal "
                                     "against yet")
    if session.scalar(select(PepmisAppeal.id).where(PepmisAppeal.assignment_id == assignment.id,
                                                    PepmisAppeal.outcome.is_(None)).limit(1)):
        raise ValidationError.single("assignment", "an appeal against these marks is already waiting for its "
                                     "outcome")
    days = int(pepmis_rules(session, assignment.sub_task.task.plan)["body"]["appeal_days"])
    deadline = assignment.marked_on + timedelta(days=days)
    if data["lodged_on"] > deadline:
        raise ValidationError.single("lodged_on", f"the appeal period ended on {deadline.isoformat()} ({days} days "
                                     f"after the marks of {assignment.marked_on.isoformat()}); "
                                     f"{data['lodged_on'].isoformat()} is too late")
    if data["lodged_on"] < assignment.marked_on:
        raise ValidationError.single("lodged_on", "is before the marks were given")
    with transaction(session):
        return add_record(session, actor, PepmisAppeal(assignment=assignment, lodged_by=actor.username, **data))


def decide_appeal(session: Session, actor: Actor, appeal_id: str, outcome: str,
                  values: Mapping[str, Any]) -> PepmisAppeal:
    """Record the outcome: 'upheld' with revised marks (which then count), or 'dismissed'."""
    appeal = get_or_fail(session, PepmisAppeal, appeal_id, "PEPMIS appeal")
    assignment = appeal.assignment
    actor.require(Permission.APPROVE, _unit_of(assignment.person))
    if actor.username == assignment.marked_by or _own_person_id(session, actor) == assignment.person_id:
        raise PermissionDenied(f"{actor.username} gave these marks or appealed against them, so may not decide "
                               "the appeal.")
    if appeal.outcome is not None:
        decided = appeal.decided_on.isoformat() if appeal.decided_on else "an unrecorded day"
        raise LockedRecord(f"This appeal was already {appeal.outcome} on {decided}.")
    if outcome not in OUTCOMES:
        raise ValidationError.single("outcome", f"must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
    data = clean(values, DECISION_FIELDS)
    revised = (data["revised_quantitative_mark"], data["revised_qualitative_mark"])
    if outcome == "upheld" and None in revised:
        raise ValidationError.single("revised_quantitative_mark", "an upheld appeal needs both revised marks")
    if outcome == "dismissed" and revised != (None, None):
        raise ValidationError.single("revised_quantitative_mark", "a dismissed appeal keeps the supervisor's marks")
    if data["decided_on"] < appeal.lodged_on:
        raise ValidationError.single("decided_on", "is before the appeal was lodged")
    with transaction(session):
        return change_record(session, actor, appeal, {**data, "outcome": outcome, "decided_by": actor.username})
