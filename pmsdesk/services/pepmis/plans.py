"""The institution's annual plan (PIPMIS): tasks and sub-tasks with weights.

Weights are shares in per cent: a plan's tasks total 100 and each task's
sub-tasks total 100. While the HR officer builds the plan a total may be below
100 (tasks are added one at a time) but never above it; sub-tasks can be
assigned only once both totals are exactly 100 (see :func:`weight_problems`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pmsdesk.models import FinancialYear, Organisation, PepmisPlan, PepmisSubTask, PepmisTask, Unit

from ..actor import Actor, Permission
from ..errors import ValidationError
from ..records import add_record, change_record, get_or_fail, transaction
from ..validation import a_date, clean, number, reference_id, text

#: Who sets up plans, tasks, sub-tasks and assignments (the LGA's HR / PMS officer).
PLAN_PERMISSION = Permission.MANAGE_AGREEMENTS
WEIGHT_TOLERANCE = 1e-6

PLAN_FIELDS = {"title": text(300, required=True)}
TASK_FIELDS = {
    "code": text(40, required=True),
    "title": text(2000, required=True),
    "weight": number(minimum=0, maximum=100, required=True),
    "unit_id": reference_id(),
}
SUB_TASK_FIELDS = {
    "code": text(40, required=True),
    "title": text(2000, required=True),
    "weight": number(minimum=0, maximum=100, required=True),
    "target": text(2000),
    "indicator": text(2000),
    "start_date": a_date(),
    "end_date": a_date(),
}


def require_tanzanian(organisation: Organisation) -> None:
    """PEPMIS is the Tanzanian public service's system; other countries have their own forms."""
    if organisation.country != "TZ":
        raise ValidationError.single(
            "organisation", f"{organisation.name} is in {organisation.country}; PEPMIS plans are for "
            "Tanzanian institutions (country TZ) only")


def create_plan(session: Session, actor: Actor, organisation_id: str, financial_year_id: str,
                values: Mapping[str, Any]) -> PepmisPlan:
    """The institution's plan for one financial year (one plan per year)."""
    actor.require(PLAN_PERMISSION)
    organisation = get_or_fail(session, Organisation, organisation_id, "organisation")
    require_tanzanian(organisation)
    year = get_or_fail(session, FinancialYear, financial_year_id, "financial year")
    if year.organisation_id != organisation.id:
        raise ValidationError.single("financial_year_id", f"the year {year.label} belongs to another organisation")
    if session.scalar(select(PepmisPlan.id).where(PepmisPlan.organisation_id == organisation.id,
                                                  PepmisPlan.financial_year_id == year.id)):
        raise ValidationError.single("financial_year_id", f"{organisation.name} already has a PEPMIS plan for "
                                     f"{year.label}; add tasks to it instead")
    data = clean(values, PLAN_FIELDS)
    with transaction(session):
        return add_record(session, actor, PepmisPlan(organisation_id=organisation.id, financial_year_id=year.id,
                                                     **data))


def _total_problem(what: str, siblings: Sequence[float], weight: float) -> str | None:
    total = math.fsum(siblings) + weight
    if total > 100 + WEIGHT_TOLERANCE:
        left = max(0.0, 100 - math.fsum(siblings))
        return (f"would make the {what} total {total:g}; they must total 100 "
                f"({math.fsum(siblings):g} is already given, so at most {left:g} is left)")
    return None


def _check_code(code: str | None, taken: Sequence[str], where: str) -> None:
    if code is not None and code.casefold() in (other.casefold() for other in taken):
        raise ValidationError.single("code", f"{code} is already used {where}")


def _check_unit(session: Session, organisation_id: str, unit_id: str | None) -> None:
    if unit_id is not None:
        unit = session.get(Unit, unit_id)
        if unit is None or unit.organisation_id != organisation_id:
            raise ValidationError.single("unit_id", f"no unit with id {unit_id} in this organisation")


def _check_dates(data: Mapping[str, Any], year: FinancialYear) -> None:
    start, end = data.get("start_date"), data.get("end_date")
    for field, day in (("start_date", start), ("end_date", end)):
        if day is not None and not year.start_date <= day <= year.end_date:
            raise ValidationError.single(field, f"{day.isoformat()} is outside the plan's year {year.label}")
    if start is not None and end is not None and end < start:
        raise ValidationError.single("end_date", "is before the start date")


def add_task(session: Session, actor: Actor, plan_id: str, values: Mapping[str, Any]) -> PepmisTask:
    """A task of the plan; refused when the plan's task weights would pass 100."""
    actor.require(PLAN_PERMISSION)
    plan = get_or_fail(session, PepmisPlan, plan_id, "PEPMIS plan")
    data = clean(values, TASK_FIELDS)
    _check_code(data["code"], [task.code for task in plan.tasks], "by another task of this plan")
    _check_unit(session, plan.organisation_id, data["unit_id"])
    if problem := _total_problem("tasks' weights", [task.weight for task in plan.tasks], data["weight"]):
        raise ValidationError.single("weight", problem)
    with transaction(session):
        return add_record(session, actor, PepmisTask(plan=plan, position=len(plan.tasks) + 1, **data))


def update_task(session: Session, actor: Actor, task_id: str, changes: Mapping[str, Any]) -> PepmisTask:
    actor.require(PLAN_PERMISSION)
    task = get_or_fail(session, PepmisTask, task_id, "PEPMIS task")
    data = clean(changes, TASK_FIELDS, partial=True)
    others = [other for other in task.plan.tasks if other.id != task.id]
    _check_code(data.get("code"), [other.code for other in others], "by another task of this plan")
    _check_unit(session, task.plan.organisation_id, data.get("unit_id"))
    if "weight" in data and (problem := _total_problem("tasks' weights", [o.weight for o in others], data["weight"])):
        raise ValidationError.single("weight", problem)
    with transaction(session):
        return change_record(session, actor, task, data)


def add_sub_task(session: Session, actor: Actor, task_id: str, values: Mapping[str, Any]) -> PepmisSubTask:
    """A sub-task of a task; refused when the task's sub-task weights would pass 100."""
    actor.require(PLAN_PERMISSION)
    task = get_or_fail(session, PepmisTask, task_id, "PEPMIS task")
    data = clean(values, SUB_TASK_FIELDS)
    _check_code(data["code"], [sub.code for sub in task.sub_tasks], f"by another sub-task of task {task.code}")
    _check_dates(data, task.plan.financial_year)
    weights = [sub.weight for sub in task.sub_tasks]
    if problem := _total_problem(f"sub-task weights of task {task.code}", weights, data["weight"]):
        raise ValidationError.single("weight", problem)
    with transaction(session):
        return add_record(session, actor, PepmisSubTask(task=task, position=len(task.sub_tasks) + 1, **data))


def update_sub_task(session: Session, actor: Actor, sub_task_id: str, changes: Mapping[str, Any]) -> PepmisSubTask:
    actor.require(PLAN_PERMISSION)
    sub_task = get_or_fail(session, PepmisSubTask, sub_task_id, "PEPMIS sub-task")
    task = sub_task.task
    data = clean(changes, SUB_TASK_FIELDS, partial=True)
    others = [other for other in task.sub_tasks if other.id != sub_task.id]
    _check_code(data.get("code"), [o.code for o in others], f"by another sub-task of task {task.code}")
    _check_dates({"start_date": sub_task.start_date, "end_date": sub_task.end_date, **data},
                 task.plan.financial_year)
    if "weight" in data and (problem := _total_problem(
            f"sub-task weights of task {task.code}", [o.weight for o in others], data["weight"])):
        raise ValidationError.single("weight", problem)
    with transaction(session):
        return change_record(session, actor, sub_task, data)


def weight_problems(plan: PepmisPlan) -> list[str]:
    """What keeps the plan's weights from totalling 100 (tasks, and each task's sub-tasks); empty when none."""
    problems = []
    if not plan.tasks:
        return [f"the plan '{plan.title}' has no tasks yet"]
    total = math.fsum(task.weight for task in plan.tasks)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        problems.append(f"the tasks' weights of the plan total {total:g}; they must total 100")
    for task in plan.tasks:
        sub_total = math.fsum(sub.weight for sub in task.sub_tasks)
        if abs(sub_total - 100) > WEIGHT_TOLERANCE:
            problems.append(f"the sub-task weights of task {task.code} total {sub_total:g}; they must total 100")
    return problems
